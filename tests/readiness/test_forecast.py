"""The pace, forecast and risk rule shared by clearance tasks and infrastructure works
(``kcn.readiness.forecast``): pure functions, no database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from kcn.readiness.forecast import SILENCE_DAYS, WINDOW_DAYS, outlook

START = date(2024, 1, 1)
DEADLINE = date(2024, 12, 31)


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_forecast_at_the_recent_pace() -> None:
    points = [(d("2024-03-01"), Decimal("0.2")), (d("2024-04-01"), Decimal("0.4"))]
    look = outlook(points, START, DEADLINE, d("2024-04-10"))
    # 0.2 in 31 days; the remaining 0.6 takes 93 days more.
    assert look.state == "in_progress"
    assert look.pace_per_day == Decimal("0.2") / 31
    assert look.forecast == d("2024-04-01") + timedelta(days=93)
    assert not look.at_risk and look.reasons == ()


def test_forecast_past_the_deadline_is_at_risk() -> None:
    points = [(d("2024-03-01"), Decimal("0.2")), (d("2024-04-01"), Decimal("0.4"))]
    look = outlook(points, START, d("2024-06-30"), d("2024-04-10"))
    assert look.forecast == d("2024-07-03")
    assert look.at_risk and look.reasons == ("late",)


def test_one_report_measures_the_pace_from_the_start() -> None:
    look = outlook([(d("2024-01-31"), Decimal("0.3"))], START, DEADLINE, d("2024-02-01"))
    assert look.pace_per_day == Decimal("0.3") / 30
    assert look.forecast == d("2024-01-31") + timedelta(days=70)


def test_pace_uses_only_the_recent_window() -> None:
    old = d("2024-01-10")
    latest = old + timedelta(days=WINDOW_DAYS + 40)
    middle = latest - timedelta(days=30)
    points = [(old, Decimal("0.5")), (middle, Decimal("0.5")), (latest, Decimal("0.6"))]
    look = outlook(points, START, DEADLINE, latest)
    assert look.pace_per_day == Decimal("0.1") / 30  # from ``middle``, not from ``old``


def test_no_progress_is_stalled_without_forecast() -> None:
    points = [(d("2024-04-30"), Decimal(0)), (d("2024-06-30"), Decimal(0))]
    look = outlook(points, START, DEADLINE, d("2024-07-01"))
    assert look.state == "stalled" and look.forecast is None and look.pace_per_day is None
    assert look.at_risk and look.reasons == ("stalled",)


def test_done_gives_the_done_date_and_no_risk() -> None:
    points = [(d("2024-05-01"), Decimal("0.7")), (d("2024-06-15"), Decimal(1))]
    look = outlook(points, START, d("2024-06-01"), d("2025-03-01"))
    assert look.state == "done" and look.forecast == d("2024-06-15")
    assert not look.at_risk  # late and silent since, but done


def test_a_recorded_completion_is_done() -> None:
    look = outlook([(d("2024-03-01"), Decimal("0.5"))], START, DEADLINE, d("2024-05-01"),
                   done_on=d("2024-04-20"))  # fmt: skip
    assert look.state == "done" and look.forecast == d("2024-04-20")
    future = outlook([], START, DEADLINE, d("2024-05-01"), done_on=d("2024-06-01"))
    assert future.state != "done"  # completion after the date asked about


def test_silence_of_more_than_30_days_is_at_risk() -> None:
    points = [(d("2024-01-31"), Decimal("0.5"))]
    on_time = outlook(points, START, DEADLINE, d("2024-01-31") + timedelta(days=SILENCE_DAYS))
    silent = outlook(points, START, DEADLINE, d("2024-01-31") + timedelta(days=SILENCE_DAYS + 1))
    assert not on_time.at_risk
    assert silent.at_risk and silent.reasons == ("no_report",)


def test_before_any_report() -> None:
    early = outlook([], START, DEADLINE, START - timedelta(days=5))
    assert early.state == "not_started" and not early.at_risk
    quiet = outlook([], START, DEADLINE, START + timedelta(days=SILENCE_DAYS + 1))
    assert quiet.at_risk and quiet.reasons == ("no_report",)


def test_reports_after_the_date_are_ignored() -> None:
    points = [(d("2024-03-01"), Decimal("0.2")), (d("2024-09-01"), Decimal(1))]
    look = outlook(points, START, DEADLINE, d("2024-03-15"))
    assert look.state == "in_progress" and look.last_report == d("2024-03-01")


def test_a_pace_too_slow_for_the_calendar() -> None:
    points = [(d("2024-01-01"), Decimal(0)), (d("2024-01-02"), Decimal("1e-20"))]
    look = outlook(points, START, DEADLINE, d("2024-01-03"))
    assert look.forecast == date.max and look.reasons == ("late",)
