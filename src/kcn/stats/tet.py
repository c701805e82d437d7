"""Tết (Lunar New Year) and year-on-year comparisons of monthly figures.

Tết moves between late January and late February, and industry nearly stops for it, so a month
that holds Tết in one year and not in the other compares badly with it (February 2024 fell
6.8 % year on year while January–February together rose 5.7 %). :func:`tet_note` says so; the
remedy the GSO uses is to compare January–February combined.

Tết is the first day of the first lunar month of the **Vietnamese** calendar, computed for
UTC+7 by ``vnlunar``; China's calendar (UTC+8) differs in some years (1985: 21 January in
Viet Nam, 20 February in China).
"""

from __future__ import annotations

from datetime import date

import vnlunar

from kcn.kit.i18n import fmt_date, month_name, pick_language, translate

VIETNAM_UTC_OFFSET = 7.0
JAN_FEB = (1, 2)

# Message texts, to move to the Babel catalogs under these keys.


def tet_date(year: int) -> date:
    """The day of Tết (lunar 1/1) of ``year`` in Viet Nam, from the lunar calendar at UTC+7."""
    solar = vnlunar.convert_lunar_to_solar(1, 1, year, 0, VIETNAM_UTC_OFFSET)
    if solar is None:
        raise ValueError(f"no lunar new year computed for {year}")
    day, month, solar_year = (int(part) for part in solar)
    return date(solar_year, month, day)


def _months(period: int | tuple[int, int]) -> tuple[int, int]:
    first, last = (period, period) if isinstance(period, int) else period
    if not 1 <= first <= last <= 12:
        raise ValueError(f"not a month or a range of months: {period!r}")
    return first, last


def _text(key: str, lang: str, **params: object) -> str:
    """A message of the Babel catalogs (``kcn/locale``) in ``lang``."""
    return translate(key, lang, **params)


def period_label(period: int | tuple[int, int], year: int, lang: str) -> str:
    """``tháng 2/2024`` / ``February 2024``; ``tháng 1–2/2024`` / ``January–February 2024``."""
    lang = pick_language(lang)
    first, last = _months(period)
    if first == last:
        return _text("stats.tet.month", lang, month=month_name(first, lang, wide=True), year=year)
    first_name, last_name = month_name(first, lang, wide=True), month_name(last, lang, wide=True)
    return _text("stats.tet.months", lang, first=first_name, last=last_name, year=year)


def holds_tet(period: int | tuple[int, int], year: int) -> bool:
    """Whether Tết of ``year`` falls in the month (or the range of months) ``period``."""
    first, last = _months(period)
    return first <= tet_date(year).month <= last


def tet_note(year: int, month: int | tuple[int, int], lang: str) -> str | None:
    """A note for comparing ``month`` of ``year`` (a month 1–12, or a range such as
    ``JAN_FEB``) with the same month of ``year - 1`` when Tết falls in it in one of the two
    years only; None when the comparison is like for like."""
    lang = pick_language(lang)
    now, before = holds_tet(month, year), holds_tet(month, year - 1)
    if now == before:
        return None
    with_tet, without_tet = (year, year - 1) if now else (year - 1, year)
    return _text(
        "stats.tet.note",
        lang,
        date=fmt_date(tet_date(year), lang),
        previous_date=fmt_date(tet_date(year - 1), lang),
        with_tet=period_label(month, with_tet, lang),
        without_tet=period_label(month, without_tet, lang),
    )
