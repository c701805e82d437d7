"""Pace, forecast and risk of anything that progresses towards 100 % by a deadline: a clearance
task (by area handed over) or an infrastructure work (by value completed). Written once, used
by both; the metrics (``kcn.readiness.metrics``) are the only callers.

The rules:

* **done**: the share reached 1 (or the work's actual completion is recorded): the forecast
  is the date it got there; never at risk.
* **pace**: share gained per day over the recent reports: from the earliest report within
  ``WINDOW_DAYS`` before the latest one (or the one just before the latest when none is that
  recent) to the latest; with a single report, from the start date (share 0).
* **forecast**: the latest report's date plus the days the rest takes at that pace; no pace
  (no progress) → no forecast, "stalled".
* **at risk**: the forecast passes the deadline, the task is stalled, or no report came for
  ``SILENCE_DAYS`` (counted from the start date when there is none yet).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

WINDOW_DAYS = 90
SILENCE_DAYS = 30
ONE = Decimal(1)


@dataclass(frozen=True)
class Outlook:
    state: str  # not_started | in_progress | stalled | done
    share: Decimal  # 0..1 done on the last report
    pace_per_day: Decimal | None  # share per day
    forecast: date | None
    at_risk: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)
    last_report: date | None = None


def outlook(
    points: list[tuple[date, Decimal]],
    start: date,
    deadline: date,
    as_of: date,
    done_on: date | None = None,
) -> Outlook:
    """``points``: (report date, cumulative share 0..1); only those on or before ``as_of``
    count. ``done_on``: a recorded completion date, if any."""
    seen = sorted(p for p in points if p[0] <= as_of)
    last = seen[-1] if seen else None
    share = min(last[1], ONE) if last else Decimal(0)
    if done_on is not None and done_on <= as_of:
        return Outlook("done", ONE, None, done_on, False, (), last[0] if last else None)
    finished = next((d for d, s in seen if s >= ONE), None)
    if finished is not None:
        return Outlook("done", ONE, None, finished, False, (), last[0] if last else None)
    if last is None:
        if as_of < start:
            return Outlook("not_started", share, None, None, False)
        silent = (as_of - start).days > SILENCE_DAYS
        return Outlook("not_started", share, None, None, silent, ("no_report",) if silent else ())
    base = _base(seen, start)
    days = (last[0] - base[0]).days
    pace = (last[1] - base[1]) / days if days > 0 else None
    reasons: list[str] = []
    if pace is None or pace <= 0:
        state, forecast, pace = "stalled", None, None
        reasons.append("stalled")
    else:
        state = "in_progress"
        # Rounded first, so that 155.99999… days of decimal division count as 156.
        days_left = ((ONE - share) / pace).quantize(Decimal("0.000001"))
        room = (date.max - last[0]).days  # a pace so slow it never ends within the calendar
        forecast = last[0] + timedelta(days=min(math.ceil(days_left), room))
        if forecast > deadline:
            reasons.append("late")
    if (as_of - last[0]).days > SILENCE_DAYS:
        reasons.append("no_report")
    return Outlook(state, share, pace, forecast, bool(reasons), tuple(reasons), last[0])


def _base(seen: list[tuple[date, Decimal]], start: date) -> tuple[date, Decimal]:
    """Where the recent pace is measured from."""
    latest = seen[-1][0]
    if len(seen) == 1:
        return (start, Decimal(0))
    recent = [p for p in seen[:-1] if (latest - p[0]).days <= WINDOW_DAYS]
    return recent[0] if recent else seen[-2]


def share(done: Decimal, total: Decimal) -> Decimal | None:
    """``done / total`` (None when there is nothing to do)."""
    return done / total if total > 0 else None
