"""Statistical periods: parsing, canonical names, the same period a year earlier, labels."""

from __future__ import annotations

import pytest

from kcn.kit.periods import Period, PeriodError


@pytest.mark.parametrize(
    ("text", "canonical", "months", "vi", "en"),
    [
        ("2024-06", "2024-06", (6, 6), "Tháng 6/2024", "Jun 2024"),
        ("2024-Q2", "2024-Q2", (4, 6), "Quý II/2024", "Q2 2024"),
        ("2024-H1", "2024-H1", (1, 6), "6 tháng đầu năm 2024", "first half of 2024"),
        ("2024-01..06", "2024-H1", (1, 6), "6 tháng đầu năm 2024", "first half of 2024"),
        ("2024-01..05", "2024-01..05", (1, 5), "5 tháng đầu năm 2024", "Jan–May 2024"),
        ("2024-01..02", "2024-01..02", (1, 2), "2 tháng đầu năm 2024", "Jan–Feb 2024"),
        ("2024", "2024", (1, 12), "Năm 2024", "2024"),
    ],
)
def test_parse_and_label(
    text: str, canonical: str, months: tuple[int, int], vi: str, en: str
) -> None:
    period = Period.parse(text)
    assert str(period) == canonical
    assert (period.first_month, period.last_month) == months
    assert period.label("vi") == vi and period.label("en") == en
    assert str(period.same_period_last_year()) == canonical.replace("2024", "2023", 1)


@pytest.mark.parametrize("text", ["2024-13", "2024-Q5", "2024-H3", "24-06", "2024-07..09", "x"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_months_of_a_period() -> None:
    assert [str(p) for p in Period.parse("2024-Q1").month_periods()] == [
        "2024-01", "2024-02", "2024-03"
    ]  # fmt: skip
