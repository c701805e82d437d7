"""The evaluation of a proposal against the shipped policy: each rule at and around its
threshold, the score, the verdict, and stability across policy versions. Pure functions: no
database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kcn.screening import ruleset
from kcn.screening.evaluation import Proposal, Rule, evaluate

RULES = [Rule.of(r) for r in ruleset.shipped()]


def proposal(**changes: object) -> Proposal:
    base = Proposal(
        investor="Test Co.",
        countries=("US",),
        sector="2599",
        capital_usd=Decimal("6000000"),  # 6 USD million on 10 ha: 0.60 /ha
        land_ha=Decimal("10"),
        workers=1000,  # 100 /ha
        technology_class="other",
        on=date(2024, 6, 30),
        zone_kind="industrial_park",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def line(p: Proposal, code: str, rules: list[Rule] = RULES, lang: str = "en") -> object:
    result = evaluate(p, rules, 1, lang)
    found = [x for x in result.lines if x.code == code]
    assert len(found) == 1, [x.code for x in result.lines]
    return found[0]


@pytest.mark.parametrize(
    ("capital", "passed"),
    [("5999999.99", False), ("6000000", True), ("6000000.01", True)],
)
def test_min_rate_park_at_its_threshold(capital: str, passed: bool) -> None:
    p = proposal(capital_usd=Decimal(capital))
    assert line(p, "min_rate_park").passed is passed  # type: ignore[attr-defined]
    result = evaluate(p, RULES, 1, "en")
    assert (result.verdict == "not_eligible") is not passed


def test_the_most_specific_rate_rule_applies() -> None:
    # Semiconductors (2610) must reach 1.50 even in a park; 1.49 fails, 1.50 passes.
    low = proposal(sector="2610", capital_usd=Decimal("14900000"))
    assert line(low, "min_rate_semiconductors").passed is False  # type: ignore[attr-defined]
    ok = proposal(sector="2610", capital_usd=Decimal("15000000"))
    assert line(ok, "min_rate_semiconductors").passed is True  # type: ignore[attr-defined]
    codes = [x.code for x in evaluate(ok, RULES, 1, "en").lines]
    assert "min_rate_park" not in codes and "min_rate_default" not in codes
    # A cluster: 0.30 is enough.
    cluster = proposal(zone_kind="industrial_cluster", capital_usd=Decimal("3000000"))
    assert line(cluster, "min_rate_cluster").passed is True  # type: ignore[attr-defined]
    unzoned = proposal(zone_kind=None, capital_usd=Decimal("3000000"))
    assert line(unzoned, "min_rate_default").passed is False  # type: ignore[attr-defined]


@pytest.mark.parametrize(("workers", "passed"), [(1500, True), (1501, False)])
def test_max_workers_at_its_threshold(workers: int, passed: bool) -> None:
    p = proposal(workers=workers)
    assert line(p, "max_workers").passed is passed  # type: ignore[attr-defined]
    assert (evaluate(p, RULES, 1, "en").verdict == "conditional") is not passed


def test_sector_lists() -> None:
    assert line(proposal(sector="26100"), "priority_sectors").passed is True  # type: ignore[attr-defined]
    assert line(proposal(sector="2599"), "priority_sectors").passed is False  # type: ignore[attr-defined]
    dyeing = proposal(sector="1313")
    assert line(dyeing, "restricted_sectors").passed is False  # type: ignore[attr-defined]
    assert evaluate(dyeing, RULES, 1, "en").verdict == "not_eligible"
    assert line(proposal(sector="1312"), "restricted_sectors").passed is True  # type: ignore[attr-defined]


def test_technology_environment_and_zone_fit() -> None:
    assert line(proposal(technology_class="advanced"), "technology").passed is True  # type: ignore[attr-defined]
    assert line(proposal(), "technology").passed is False  # type: ignore[attr-defined]
    assert line(proposal(), "environment").passed is None  # type: ignore[attr-defined]
    risky = proposal(environment_category="I")
    assert line(risky, "environment").passed is False  # type: ignore[attr-defined]
    assert evaluate(risky, RULES, 1, "en").verdict == "conditional"
    software = proposal(
        sector="6201", zone_kind="industrial_cluster", capital_usd=Decimal("9000000")
    )
    assert line(software, "zone_fit_cluster").passed is False  # type: ignore[attr-defined]
    assert line(proposal(sector="6201"), "zone_fit_park").passed is True  # type: ignore[attr-defined]
    assert "zone_fit_park" not in [
        x.code for x in evaluate(proposal(zone_kind=None), RULES, 1, "en").lines
    ]


def test_fta_on_the_proposal_date() -> None:
    before = proposal(countries=("GB",), on=date(2024, 12, 14))
    after = proposal(countries=("GB",), on=date(2024, 12, 15))
    assert evaluate(before, RULES, 1, "en").agreements == ("UKVFTA",)
    assert evaluate(after, RULES, 1, "en").agreements == ("CPTPP", "UKVFTA")
    assert line(proposal(countries=("US",)), "fta_partner").passed is False  # type: ignore[attr-defined]
    assert line(proposal(countries=("US", "JP")), "fta_partner").passed is True  # type: ignore[attr-defined]


def test_score_and_priority() -> None:
    # Everything passes: rate, workers, priority sector, not restricted, technology, fit, FTA;
    # the environment rule does not apply (no category given).
    best = proposal(
        sector="2610",
        capital_usd=Decimal("20000000"),
        technology_class="high_tech",
        countries=("KR",),
    )
    result = evaluate(best, RULES, 1, "en")
    assert result.score == 100 and result.verdict == "priority"
    # 25 + 15 + 10 + 5 + 10 of 25 + 15 + 20 + 10 + 15 + 5 + 10 = 65/100.
    plain = evaluate(proposal(countries=("JP",)), RULES, 1, "en")
    assert plain.score == 65 and plain.verdict == "eligible"
    assert all(x.why for x in plain.lines)


def test_deterministic_and_stable_across_policy_versions() -> None:
    p = proposal(countries=("JP",))
    first = evaluate(p, RULES, 1, "vi")
    assert evaluate(p, RULES, 1, "vi") == first
    # Version 2 raises the park rate: the same proposal fails it, while version 1 still
    # gives the first answer.
    stricter = [
        replace(r, threshold=Decimal("0.80")) if r.code == "min_rate_park" else r for r in RULES
    ]
    second = evaluate(p, stricter, 2, "vi")
    assert second.verdict == "not_eligible" and second.policy_version == 2
    assert evaluate(p, RULES, 1, "vi") == first and first.verdict == "eligible"


def test_lines_speak_both_languages() -> None:
    p = proposal()
    vi = line(p, "min_rate_park", lang="vi")
    en = line(p, "min_rate_park", lang="en")
    assert vi.value == "0,6" or vi.value == "0,60"  # type: ignore[attr-defined]
    assert en.value in ("0.6", "0.60")  # type: ignore[attr-defined]
    assert vi.why != en.why  # type: ignore[attr-defined]
