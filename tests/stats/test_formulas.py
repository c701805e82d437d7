"""The growth arithmetic, each formula against an example worked by hand (in the comments)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kcn.stats import formulas as f

# Four parts that each grew from 100: 125 (+25 %), 110 (+10 %), 90 (−10 %), 150 (+50 %).
PARTS = [(D("125"), D("25")), (D("110"), D("10")), (D("90"), D("-10")), (D("150"), D("50"))]


def test_growth_pct() -> None:
    # 125 / 100 − 1 = 0.25 → 25 %
    assert f.growth_pct(D("125"), D("100")) == 25
    with pytest.raises(ValueError):
        f.growth_pct(D("1"), D("0"))


def test_implied_previous() -> None:
    # 125 / (1 + 25/100) = 125 / 1.25 = 100;  90 / (1 − 0.10) = 90 / 0.9 = 100
    assert f.implied_previous(D("125"), D("25")) == 100
    assert f.implied_previous(D("90"), D("-10")) == 100
    # Section D of the seed: 1769 / 1.149 = 1539.599…  (check: 1.149 × 1539.6 = 1769.0004)
    assert f.implied_previous(D("1769"), D("14.9")).quantize(D("0.01")) == D("1539.60")
    with pytest.raises(ValueError):
        f.implied_previous(D("1"), D("-100"))


def test_growth_from_parts() -> None:
    # previous values: 100 each; Σcur = 125 + 110 + 90 + 150 = 475; Σprev = 400
    # G = 475 / 400 − 1 = 0.1875 → 18.75 %
    result = f.growth_from_parts(PARTS)
    assert result.previous == [100, 100, 100, 100]
    assert (result.total_current, result.total_previous) == (D(475), D(400))
    assert result.growth_pct == D("18.75")


def test_contributions_add_up_to_the_total_growth_exactly() -> None:
    # c_i = (cur_i − prev_i) / Σprev × 100: 25/400 = 6.25, 10/400 = 2.5, −10/400 = −2.5,
    # 50/400 = 12.5 (pp); 6.25 + 2.5 − 2.5 + 12.5 = 18.75 = G
    previous = f.growth_from_parts(PARTS).previous
    parts = f.contributions_from_values([(c, p) for (c, _), p in zip(PARTS, previous, strict=True)])
    assert parts == [D("6.25"), D("2.5"), D("-2.5"), D("12.5")]
    assert sum(parts, D(0)) == f.growth_from_parts(PARTS).growth_pct


def test_contributions_of_the_seed_sections_add_up() -> None:
    seed = [
        (D("311986.8"), D("28.14")),
        (D("1769"), D("14.9")),
        (D("1076.7"), D("12.18")),
        (D("312.6"), D("8.19")),
    ]
    total = f.growth_from_parts(seed).growth_pct
    # Σcur = 315145.1; Σprev ≈ 243473.4 + 1539.6 + 959.8 + 288.9 = 246261.7 → G ≈ 27.97 %
    assert total.quantize(D("0.01")) == D("27.97")
    previous = f.growth_from_parts(seed).previous
    pairs = [(c, p) for (c, _), p in zip(seed, previous, strict=True)]
    assert abs(sum(f.contributions_from_values(pairs), D(0)) - total) < D("1e-20")


def test_contribution_from_share_and_its_inverse() -> None:
    # 19.11 % growth on a 65 % share: 19.11 × 65 / 100 = 12.4215 pp
    assert f.contribution_from_share(D("19.11"), D("65")) == D("12.4215")
    # 20 % growth, 13 pp contribution: 13 / 20 × 100 = 65 %; and back: 20 × 65 / 100 = 13
    assert f.implied_share(D("13"), D("20")) == 65
    assert f.contribution_from_share(D("20"), f.implied_share(D("13"), D("20"))) == 13
    # The seed: 12.41 / 19.11 × 100 = 64.9398…  (check: 19.11 × 64.94 = 1241.0034)
    assert f.implied_share(D("12.41"), D("19.11")).quantize(D("0.01")) == D("64.94")
    with pytest.raises(ValueError):
        f.implied_share(D("1"), D("0"))


def test_plan_share_and_implied_plan() -> None:
    # 473 of a plan of 1000: 473 / 1000 × 100 = 47.3 %
    assert f.plan_share(D("473"), D("1000")) == D("47.3")
    # 315145 at 47.3 %: 315145 / 47.3 × 100 = 666268.4989…  (check: 47.3 × 666268.5 = 31514500.05)
    assert f.implied_plan(D("315145"), D("47.3")).quantize(D("0.01")) == D("666268.50")
    assert f.implied_plan(D("473"), D("47.3")) == 1000
    with pytest.raises(ValueError):
        f.plan_share(D("1"), D("0"))
    with pytest.raises(ValueError):
        f.implied_plan(D("1"), D("0"))


def test_rank_shares_ranks_between_ties() -> None:
    values = {"a": D("5"), "b": D("3"), "c": D("3"), "d": D("1")}
    # descending: 5 → 1; 3, 3 → 2, 2; 1 → 4 (competition ranking)
    assert f.rank(values) == [("a", D(5), 1), ("b", D(3), 2), ("c", D(3), 2), ("d", D(1), 4)]
    # ascending: 1 → 1; 3, 3 → 2, 2; 5 → 4
    assert f.rank(values, descending=False) == [
        ("d", D(1), 1),
        ("b", D(3), 2),
        ("c", D(3), 2),
        ("a", D(5), 4),
    ]
    assert f.rank({}) == []


def test_rank_of_the_named_districts() -> None:
    growth = {
        "Thành phố Bắc Giang": D("16.3"),
        "Thị xã Việt Yên": D("27.23"),
        "Huyện Hiệp Hòa": D("17.27"),
        "Huyện Yên Dũng": D("18.36"),
    }
    assert [(key, place) for key, _, place in f.rank(growth)] == [
        ("Thị xã Việt Yên", 1),
        ("Huyện Yên Dũng", 2),
        ("Huyện Hiệp Hòa", 3),
        ("Thành phố Bắc Giang", 4),
    ]


def test_contribution_to_a_whole() -> None:
    # Industry grew from 60 to 72 in a GRDP of 100: (72 − 60) / 100 × 100 = 12 pp
    assert f.contribution_pp(D("72"), D("60"), D("100")) == 12
    with pytest.raises(ValueError):
        f.contribution_pp(D("1"), D("1"), D("0"))


def test_contributions_from_values_allow_a_part_that_fell_to_zero() -> None:
    # Parts (now, then): (0, 50) fell by 100 %, (150, 100) grew by 50 %; Σ then = 150.
    # c1 = (0 − 50) / 150 × 100 = −33.33…; c2 = (150 − 100) / 150 × 100 = 33.33…; Σ = 0 = growth.
    c1, c2 = f.contributions_from_values([(D(0), D(50)), (D(150), D(100))])
    assert c1 == -c2 and c1 + c2 == 0
    assert round(c2, 4) == D("33.3333")
