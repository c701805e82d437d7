"""Tết from the Vietnamese lunar calendar, and the note on comparing months across Tết."""

from __future__ import annotations

from datetime import date

import pytest

from kcn.stats.tet import JAN_FEB, holds_tet, period_label, tet_date, tet_note

# vn-domain-rules.md §8
PUBLISHED = {
    2015: date(2015, 2, 19),
    2016: date(2016, 2, 8),
    2017: date(2017, 1, 28),
    2018: date(2018, 2, 16),
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
}


@pytest.mark.parametrize(("year", "expected"), sorted(PUBLISHED.items()))
def test_tet_date_matches_the_published_dates(year: int, expected: date) -> None:
    assert tet_date(year) == expected


def test_1985_follows_the_vietnamese_calendar_not_chinas() -> None:
    # At UTC+7 the new moon fell on 21 January 1985; China (UTC+8) kept Tết on 20 February.
    assert tet_date(1985) == date(1985, 1, 21)


def test_tet_always_falls_between_late_january_and_late_february() -> None:
    for year in range(1950, 2101):
        day = tet_date(year)
        assert date(year, 1, 20) <= day <= date(year, 2, 21), day


def test_holds_tet() -> None:
    assert holds_tet(2, 2024) and not holds_tet(2, 2023)
    assert holds_tet(JAN_FEB, 2024) and holds_tet(JAN_FEB, 2023)
    with pytest.raises(ValueError):
        holds_tet(13, 2024)
    with pytest.raises(ValueError):
        holds_tet((2, 1), 2024)


def test_february_2024_against_february_2023() -> None:
    assert tet_note(2024, 2, "vi") == (
        "Tết Nguyên đán rơi vào ngày 10/02/2024, năm trước vào ngày 22/01/2023: "
        "tháng 2/2024 có Tết còn tháng 2/2023 thì không, nên so sánh gộp tháng 1–2."
    )
    assert tet_note(2024, 2, "en") == (
        "Tết fell on 10 Feb 2024, and a year earlier on 22 Jan 2023: February 2024 holds Tết "
        "and February 2023 does not, so compare January–February combined."
    )


def test_january_2024_names_the_earlier_year_as_the_one_with_tet() -> None:
    note = tet_note(2024, 1, "en")
    assert note is not None
    assert "January 2023 holds Tết and January 2024 does not" in note
    assert "tháng 1/2023 có Tết còn tháng 1/2024 thì không" in (tet_note(2024, 1, "vi") or "")


@pytest.mark.parametrize(
    ("year", "month"),
    [
        (2024, JAN_FEB),  # Jan–Feb combined always holds Tết
        (2024, 6),  # no Tết in either June
    ],
)
def test_no_note_when_like_for_like(year: int, month: int | tuple[int, int]) -> None:
    assert tet_note(year, month, "vi") is None
    assert tet_note(year, month, "en") is None


def test_february_2025_names_the_earlier_year() -> None:
    # 29/1/2025 and 10/2/2024: the earlier February held Tết
    note = tet_note(2025, 2, "en")
    assert note is not None and "February 2024 holds Tết and February 2025 does not" in note


def test_no_note_when_tet_is_in_the_same_month_both_years() -> None:
    # 2019-02-05 and 2018-02-16: both in February
    assert tet_note(2019, 2, "en") is None
    # 2021-02-12 and 2020-01-25: differ
    assert tet_note(2021, 2, "en") is not None


def test_unknown_language_falls_back_to_vietnamese() -> None:
    assert tet_note(2024, 2, "fr") == tet_note(2024, 2, "vi")


def test_period_labels() -> None:
    assert period_label(2, 2024, "vi") == "tháng 2/2024"
    assert period_label(2, 2024, "en") == "February 2024"
    assert period_label(JAN_FEB, 2024, "vi") == "tháng 1–2/2024"
    assert period_label(JAN_FEB, 2024, "en") == "January–February 2024"
