"""Statistics from the demo data reproduce the published first-half 2024 figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from kcn.kit.periods import Period
from kcn.stats.tables import build_table, monthly_series

H1 = Period.parse("2024-H1")


def test_sections_reproduce_the_published_growth(session: Session) -> None:
    table = build_table(session, "production_value", H1, "section", "vi")
    by_code = {r.code: r for r in table.rows}
    assert by_code["C"].value == Decimal("311986.8")
    for row in table.rows:
        assert row.growth_pct == row.published_growth_pct, row.code
    # Contributions add up to the total's growth (both computed, rounded to 0.01).
    total = sum((r.contribution_pp for r in table.rows if r.contribution_pp), Decimal(0))
    assert abs(total - (table.total.growth_pct or 0)) <= Decimal("0.02")
    # The total published "28 %" is 27.97 % from the sections.
    assert table.total.growth_pct == Decimal("27.97")
    assert table.total.published_growth_pct == Decimal("28")
    assert table.plan_pct == Decimal("47.30")


def test_districts_add_up_and_rank(session: Session) -> None:
    table = build_table(session, "production_value", H1, "district", "en")
    assert len(table.rows) == 10
    assert sum((r.value for r in table.rows if r.value), Decimal(0)) == table.total.value
    named = {"222": "27.23", "221": "18.36", "223": "17.27", "213": "16.30"}
    for row in table.rows:
        if row.code in named:
            assert row.growth_pct == Decimal(named[row.code]), row.code
    ranks = sorted((r.rank, r.growth_pct) for r in table.rows)
    assert [g for _, g in ranks] == sorted((g for _, g in ranks), reverse=True)
    assert all(r.growth_pct and r.growth_pct > 0 for r in table.rows)  # 10 of 10 grew


def test_months_add_up_to_the_half_year(session: Session) -> None:
    series = monthly_series(session, "production_value", [2023, 2024])
    first_half = series[2024][:6]
    assert all(v is not None for v in first_half)
    assert sum((v for v in first_half if v), Decimal(0)) == Decimal("315145.1")  # Σ sections
    assert series[2024][6] is None


def test_cumulative_iip_growth_is_the_published_one(session: Session) -> None:
    iip = monthly_series(session, "iip", [2023, 2024])
    now = sum((v for v in iip[2024][:6] if v), Decimal(0))
    then = sum((v for v in iip[2023][:6] if v), Decimal(0))
    assert ((now / then - 1) * 100).quantize(Decimal("0.01")) == Decimal("26.45")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_february_carries_a_tet_note(session: Session, lang: str) -> None:
    table = build_table(session, "production_value", Period.parse("2024-02"), "section", lang)
    assert any("2024" in n and ("Tết" in n) for n in table.notes)
    combined = build_table(
        session, "production_value", Period.parse("2024-01..02"), "section", lang
    )
    assert not any("Tết" in n for n in combined.notes)


def test_a_total_summed_from_demo_months_is_marked_demo(session: Session) -> None:
    table = build_table(session, "production_value", Period.parse("2024-02"), "section", "vi")
    assert table.total.value is not None and table.total.is_demo
