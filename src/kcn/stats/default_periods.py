"""The period a statistics page or the dashboard shows when none is asked for, and the periods
worth offering around it (read by the statistics metrics, pages and API)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.kit.periods import Period
from kcn.models import Observation


def latest_period(session: Session, indicator: str) -> Period | None:
    """The period a page shows when none is asked for: the months of the latest year with
    data, up to the latest month recorded (``2024-H1`` when June 2024 is the latest)."""
    year = session.scalar(
        select(func.max(Observation.year)).where(
            Observation.indicator == indicator, Observation.is_current.is_(True)
        )
    )
    if year is None:
        return None
    month = session.scalar(
        select(func.max(Observation.last_month)).where(
            Observation.indicator == indicator,
            Observation.is_current.is_(True),
            Observation.year == year,
        )
    )
    return Period(int(year), 1, int(month or 12))


def default_period(session: Session, indicator: str) -> Period:
    """:func:`latest_period`, or the months of this year so far when there is no data."""
    today = date.today()
    return latest_period(session, indicator) or Period(today.year, 1, today.month)


def default_years(session: Session, indicator: str) -> list[int]:
    """The year of :func:`default_period` and the one before, for monthly charts."""
    year = default_period(session, indicator).year
    return [year - 1, year]


def period_choices(latest: Period) -> list[str]:
    """Periods worth offering around ``latest``: the year so far, its quarters, the month,
    and January–February (Tết) — newest first, each once."""
    y, m = latest.year, latest.last_month
    candidates = [Period(y, 1, m)]
    candidates += [Period(y, 3 * q - 2, 3 * q) for q in range(m // 3, 0, -1)]
    candidates += [Period(y, 1, m - 1)] if m > 1 else []
    candidates += [Period.month(y, m)]
    candidates += [Period.month(y, 2), Period(y, 1, 2)] if m >= 2 else []
    return list(dict.fromkeys(str(p) for p in candidates))
