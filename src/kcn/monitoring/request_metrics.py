"""Derived figures of enterprise support requests, registered through
:mod:`kcn.monitoring.metrics`: count, share answered on time and median days to answer, by
topic and agency, for a period; overdue requests."""

from __future__ import annotations

import statistics
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from kcn.kit.metrics import Context, Metric, Param, Reading
from kcn.kit.periods import Period
from kcn.models import SupportRequest
from kcn.monitoring import reports, requests
from kcn.monitoring.report_metrics import AS_OF, DEMO, HUNDRED

PERIOD = Param("period", Period, "Period the requests were received in: 2024, 2024-H1, "
               "2024-Q2, 2024-05 (default: the year of as_of).", default_from=lambda s, p:
               Period.parse(str(p["as_of"].year)))  # fmt: skip
TOPIC = Param("topic", str, "Topic of the requests (default: every topic).",
              choices=tuple(requests.DEFAULT_DEADLINES))  # fmt: skip
AGENCY = Param("agency", str, "Agency the requests are assigned to (default: every agency).")
REQUEST_PARAMS = (AS_OF, PERIOD, TOPIC, AGENCY)


def request_rows(context: Context, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(received, due, answered, state, demo) of the requests received in the period."""
    period: Period = params["period"]
    start = date(period.year, period.first_month, 1)
    end = reports.quarter_end(Period(period.year, period.last_month, period.last_month))

    def load() -> list[tuple[Any, ...]]:
        stmt = select(
            SupportRequest.received_on, SupportRequest.due_on, SupportRequest.answered_on,
            SupportRequest.state, SupportRequest.is_demo,
        ).where(SupportRequest.received_on >= start, SupportRequest.received_on < end)  # fmt: skip
        if params.get("topic"):
            stmt = stmt.where(SupportRequest.topic == params["topic"])
        if params.get("agency"):
            stmt = stmt.where(SupportRequest.agency == params["agency"])
        return [tuple(row) for row in context.session.execute(stmt)]

    key = ("monitoring.requests", str(period), params.get("topic"), params.get("agency"))
    result: list[tuple[Any, ...]] = context.memo(key, load)
    return result


def _rflags(rows: list[tuple[Any, ...]]) -> frozenset[str]:
    return DEMO if any(r[4] for r in rows) else frozenset()


def _requests(context: Context, params: dict[str, Any]) -> Reading:
    rows = request_rows(context, params)
    return Reading(Decimal(len(rows)), len(rows), _rflags(rows))


def _answered_on_time(context: Context, params: dict[str, Any]) -> Reading:
    """Answered by the due date, over those answered or past due on as_of."""
    as_of: date = params["as_of"]
    judged = [r for r in request_rows(context, params)
              if r[1] is not None and (r[2] is not None or r[1] < as_of)]  # fmt: skip
    on_time = sum(1 for r in judged if r[2] is not None and r[2] <= r[1])
    value = Decimal(on_time) * HUNDRED / len(judged) if judged else None
    return Reading(value, len(judged), _rflags(judged))


def _median_days(context: Context, params: dict[str, Any]) -> Reading:
    answered = [r for r in request_rows(context, params) if r[2] is not None]
    if not answered:
        return Reading(None, 0)
    days = statistics.median((r[2] - r[0]).days for r in answered)
    return Reading(Decimal(str(days)), len(answered), _rflags(answered))


def _requests_overdue(context: Context, params: dict[str, Any]) -> Reading:
    stmt = select(func.count(SupportRequest.id)).where(
        SupportRequest.state.in_(requests.OPEN), SupportRequest.due_on < params["as_of"]
    )
    if params.get("topic"):
        stmt = stmt.where(SupportRequest.topic == params["topic"])
    if params.get("agency"):
        stmt = stmt.where(SupportRequest.agency == params["agency"])
    n = int(context.session.scalar(stmt) or 0)
    return Reading(Decimal(n), n)


Q_INPUTS = ("support_request.received_on", "support_request.topic", "support_request.agency",
            "support_request.due_on", "support_request.answered_on")  # fmt: skip

METRICS = [
    Metric("monitoring.requests_count", "count", 0,
           "Số kiến nghị của doanh nghiệp nhận được trong kỳ.",
           "Enterprise requests received in the period.", "count(support_request)",
           Q_INPUTS, _requests, REQUEST_PARAMS),
    Metric("monitoring.requests_on_time_pct", "pct", 2,
           "Tỷ lệ kiến nghị được trả lời đúng hạn, trên số kiến nghị đã trả lời hoặc đã quá "
           "hạn tại ngày as_of.",
           "Share of requests answered by their due date, over those answered or past due on "
           "as_of.", "count(answered_on <= due_on) / count(answered or due < as_of) × 100",
           Q_INPUTS, _answered_on_time, REQUEST_PARAMS),
    Metric("monitoring.requests_median_days", "days", 1,
           "Số ngày trung vị từ khi nhận đến khi trả lời kiến nghị.",
           "Median days from receiving a request to answering it.",
           "median(answered_on − received_on)", Q_INPUTS, _median_days, REQUEST_PARAMS),
    Metric("monitoring.requests_overdue", "count", 0,
           "Số kiến nghị quá hạn trả lời (đã giao, chưa trả lời) tại ngày as_of.",
           "Requests past their due date and not answered on as_of.",
           "count(state open and due_on < as_of)", Q_INPUTS, _requests_overdue,
           (AS_OF, TOPIC, AGENCY)),
]  # fmt: skip
