"""Derived figures of enterprise monitoring, registered in :mod:`kcn.kit.metrics`.

Reports: for a quarter, the projects that owe a report, those that filed, on time or not,
and the non-reporters; registered capital, workers and land beside what the reports say;
idle land (leased, yet no operation ``quarters`` after the first lease began); expansion
plans beside the land each zone has left. Requests: count, share answered on time and median
days to answer, by topic and agency, for a period; overdue requests. Rates are ratios of sums.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kcn.config import get_settings
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.metrics import Context, Metric, Param, Reading, register
from kcn.kit.periods import Period
from kcn.models import Lease, PeriodicReport, Project, SupportRequest, Zone, ZoneLand
from kcn.monitoring import reports, requests
from kcn.zones import pipeline
from kcn.zones.metrics import lease_totals

MILLION = Decimal(1_000_000)
ZERO = Decimal(0)
HUNDRED = Decimal(100)
DEMO = frozenset({"demo"})


def _today(_session: Session, _params: dict[str, Any]) -> date:
    return date.today()


def _last_quarter(_session: Session, params: dict[str, Any]) -> Period:
    return reports.last_quarter(params.get("as_of") or date.today())


AS_OF = Param("as_of", date, "Date the figures are read on (default: today).",
              default_from=_today)  # fmt: skip
QUARTER = Param("period", Period, "The quarter reported on, 2024-Q2 (default: the last "
                "quarter ended on as_of).", default_from=_last_quarter)  # fmt: skip
ZONE = Param("zone", str, "Zone code (default: every zone).")
KIND = Param("kind", str, "industrial_park or industrial_cluster (default: both).",
             choices=pipeline.KINDS)  # fmt: skip
REPORT_PARAMS = (AS_OF, QUARTER, ZONE, KIND)
QUARTERS = Param("quarters", int, "Quarters after the first lease began (default: "
                 "KCN_IDLE_LAND_QUARTERS).")  # fmt: skip
YEAR = Param("year", int, "Year the expansion is planned for (default: every year).")
PERIOD = Param("period", Period, "Period the requests were received in: 2024, 2024-H1, "
               "2024-Q2, 2024-05 (default: the year of as_of).", default_from=lambda s, p:
               Period.parse(str(p["as_of"].year)))  # fmt: skip
TOPIC = Param("topic", str, "Topic of the requests (default: every topic).",
              choices=tuple(requests.DEFAULT_DEADLINES))  # fmt: skip
AGENCY = Param("agency", str, "Agency the requests are assigned to (default: every agency).")
REQUEST_PARAMS = (AS_OF, PERIOD, TOPIC, AGENCY)


def _quarter(period: Period) -> tuple[int, int]:
    if period.kind != "quarter":
        raise ValidationFailed(fields=[FieldError("period", "report.bad_quarter")])
    return period.year, period.last_month // 3


def _zones(stmt: Any, params: dict[str, Any]) -> Any:
    if params.get("zone"):
        stmt = stmt.where(Zone.code == params["zone"])
    if params.get("kind"):
        stmt = stmt.where(Zone.kind == params["kind"])
    return stmt


def report_rows(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Each project owing a report for the quarter, with its report if filed."""
    period: Period = params["period"]
    year, quarter = _quarter(period)

    def load() -> list[dict[str, Any]]:
        expected = _zones(reports.expected_projects(period), params).subquery()
        stmt = (
            select(
                Project.id, Project.capital_usd, Project.land_ha, Project.workers_planned,
                Project.is_demo, PeriodicReport.filed_on, PeriodicReport.capital_implemented_usd,
                PeriodicReport.workers_vietnamese + PeriodicReport.workers_foreign,
                PeriodicReport.is_demo,
            )
            .join(expected, expected.c.id == Project.id)
            .outerjoin(
                PeriodicReport,
                (PeriodicReport.project_id == Project.id)
                & (PeriodicReport.year == year)
                & (PeriodicReport.quarter == quarter),
            )
        )  # fmt: skip
        return [
            {"project": pid, "capital": Decimal(cap or 0), "land": Decimal(land or 0),
             "planned": planned, "demo": bool(pdemo or rdemo), "filed_on": filed,
             "implemented": impl, "workers": workers}
            for pid, cap, land, planned, pdemo, filed, impl, workers, rdemo
            in context.session.execute(stmt)
        ]  # fmt: skip

    key = ("monitoring.reports", str(period), params.get("zone"), params.get("kind"))
    result: list[dict[str, Any]] = context.memo(key, load)
    return result


def _flags(rows: list[dict[str, Any]]) -> frozenset[str]:
    return DEMO if any(r["demo"] for r in rows) else frozenset()


def _count(rows: list[dict[str, Any]], n: int) -> Reading:
    return Reading(Decimal(n), len(rows), _flags(rows))


def _expected(context: Context, params: dict[str, Any]) -> Reading:
    rows = report_rows(context, params)
    return _count(rows, len(rows))


def _filed(context: Context, params: dict[str, Any]) -> Reading:
    rows = report_rows(context, params)
    return _count(rows, sum(1 for r in rows if r["filed_on"] is not None))


def _non_reporters(context: Context, params: dict[str, Any]) -> Reading:
    rows = report_rows(context, params)
    return _count(rows, sum(1 for r in rows if r["filed_on"] is None))


def _due(params: dict[str, Any]) -> date:
    return reports.due_on(*_quarter(params["period"]))


def _overdue(context: Context, params: dict[str, Any]) -> Reading:
    rows = report_rows(context, params)
    if params["as_of"] <= _due(params):
        return _count(rows, 0)
    return _count(rows, sum(1 for r in rows if r["filed_on"] is None))


def _on_time(context: Context, params: dict[str, Any]) -> Reading:
    rows = report_rows(context, params)
    due = _due(params)
    on_time = sum(1 for r in rows if r["filed_on"] is not None and r["filed_on"] <= due)
    value = Decimal(on_time) * HUNDRED / len(rows) if rows else None
    return Reading(value, len(rows), _flags(rows))


def _filed_rows(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in report_rows(context, params) if r["filed_on"] is not None]


def _sum(rows: list[dict[str, Any]], key: str, scale: Decimal = Decimal(1)) -> Reading:
    total = sum((Decimal(r[key] or 0) for r in rows), ZERO)
    return Reading(total / scale, len(rows), _flags(rows))


def _capital_registered(context: Context, params: dict[str, Any]) -> Reading:
    return _sum(_filed_rows(context, params), "capital", MILLION)


def _capital_implemented(context: Context, params: dict[str, Any]) -> Reading:
    return _sum(_filed_rows(context, params), "implemented", MILLION)


def _implementation_pct(context: Context, params: dict[str, Any]) -> Reading:
    rows = _filed_rows(context, params)
    registered = sum((r["capital"] for r in rows), ZERO)
    implemented = sum((Decimal(r["implemented"] or 0) for r in rows), ZERO)
    value = implemented * HUNDRED / registered if registered else None
    return Reading(value, len(rows), _flags(rows))


def _workers_registered(context: Context, params: dict[str, Any]) -> Reading:
    return _sum(_filed_rows(context, params), "planned")


def _workers_reported(context: Context, params: dict[str, Any]) -> Reading:
    return _sum(_filed_rows(context, params), "workers")


def _land_registered(context: Context, params: dict[str, Any]) -> Reading:
    return _sum(_filed_rows(context, params), "land")


def _land_leased(context: Context, params: dict[str, Any]) -> Reading:
    rows = _filed_rows(context, params)
    ids = [r["project"] for r in rows]
    as_of = reports.quarter_end(params["period"]) - timedelta(days=1)
    stmt = select(func.coalesce(func.sum(Lease.area_ha), 0)).where(
        Lease.project_id.in_(ids),
        Lease.start_date <= as_of,
        Lease.end_date.is_(None) | (Lease.end_date > as_of),
    )
    total = Decimal(context.session.scalar(stmt) or 0) if ids else ZERO
    return Reading(total, len(rows), _flags(rows))


def idle_projects(context: Context, params: dict[str, Any]) -> list[tuple[int, Decimal, bool]]:
    """(project, land leased, demo) of each project whose land lies idle on ``as_of``: its
    first lease began at least ``quarters`` quarters before, the project is not operating,
    and no report of it shows revenue or workers."""
    as_of: date = params["as_of"]
    quarters = params.get("quarters") or get_settings().idle_land_quarters

    def load() -> list[tuple[int, Decimal, bool]]:
        limit = as_of - timedelta(days=round(quarters * 91.31))
        active = select(PeriodicReport.project_id).where(
            (PeriodicReport.net_revenue_usd > 0)
            | (PeriodicReport.workers_vietnamese + PeriodicReport.workers_foreign > 0)
        )
        stmt = (
            select(Project.id, func.sum(Lease.area_ha), func.min(Lease.start_date),
                   func.max(case((Lease.is_demo, 1), else_=0)))
            .join(Lease, Lease.project_id == Project.id)
            .join(Zone, Zone.id == Project.zone_id)
            .where(Lease.start_date <= as_of)
            .where(Lease.end_date.is_(None) | (Lease.end_date > as_of))
            .where(Project.status != "operating", Project.status != "terminated")
            .where(Project.id.not_in(active))
            .group_by(Project.id)
        )  # fmt: skip
        stmt = _zones(stmt, params)
        return [
            (pid, Decimal(area or 0), bool(demo))
            for pid, area, first, demo in context.session.execute(stmt)
            if first is not None and first <= limit
        ]

    key = ("monitoring.idle", as_of, quarters, params.get("zone"), params.get("kind"))
    result: list[tuple[int, Decimal, bool]] = context.memo(key, load)
    return result


def _idle_land(context: Context, params: dict[str, Any]) -> Reading:
    rows = idle_projects(context, params)
    flags = DEMO if any(r[2] for r in rows) else frozenset()
    return Reading(sum((r[1] for r in rows), ZERO), len(rows), flags)


def _idle_count(context: Context, params: dict[str, Any]) -> Reading:
    rows = idle_projects(context, params)
    flags = DEMO if any(r[2] for r in rows) else frozenset()
    return Reading(Decimal(len(rows)), len(rows), flags)


def expansion_rows(context: Context, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(land, workers, capital, year, demo) of the expansion plan in each report of the
    quarter (a project's latest plan), in the zones asked for."""
    period: Period = params["period"]
    year, quarter = _quarter(period)

    def load() -> list[tuple[Any, ...]]:
        stmt = (
            select(
                PeriodicReport.expansion_land_ha, PeriodicReport.expansion_workers,
                PeriodicReport.expansion_capital_usd, PeriodicReport.expansion_year,
                PeriodicReport.is_demo,
            )
            .join(Project, Project.id == PeriodicReport.project_id)
            .join(Zone, Zone.id == Project.zone_id)
            .where(PeriodicReport.year == year, PeriodicReport.quarter == quarter)
            .where(PeriodicReport.expansion_land_ha.is_not(None)
                   | PeriodicReport.expansion_workers.is_not(None)
                   | PeriodicReport.expansion_capital_usd.is_not(None))
        )  # fmt: skip
        return [tuple(row) for row in context.session.execute(_zones(stmt, params))]

    key = ("monitoring.expansion", str(period), params.get("zone"), params.get("kind"))
    rows: list[tuple[Any, ...]] = context.memo(key, load)
    if params.get("year"):
        rows = [r for r in rows if r[3] == params["year"]]
    return rows


def _expansion(index: int, scale: Decimal = Decimal(1)) -> Any:
    def compute(context: Context, params: dict[str, Any]) -> Reading:
        rows = expansion_rows(context, params)
        total = sum((Decimal(r[index] or 0) for r in rows), ZERO)
        return Reading(total / scale, len(rows), DEMO if any(r[4] for r in rows) else frozenset())

    return compute


def _available(context: Context, params: dict[str, Any]) -> Reading:
    """Land each zone has left: its latest leasable land minus its leases in force (its
    latest leased figure when it has no lease)."""
    as_of: date = params["as_of"]
    latest = (
        select(ZoneLand.zone_id, func.max(ZoneLand.as_of).label("as_of"))
        .where(ZoneLand.as_of <= as_of)
        .group_by(ZoneLand.zone_id)
        .subquery()
    )
    stmt = (
        select(
            ZoneLand.zone_id,
            ZoneLand.industrial_leasable_ha + ZoneLand.service_leasable_ha,
            ZoneLand.industrial_leased_ha + ZoneLand.service_leased_ha,
            ZoneLand.is_demo,
        )
        .join(latest, (latest.c.zone_id == ZoneLand.zone_id) & (latest.c.as_of == ZoneLand.as_of))
        .join(Zone, Zone.id == ZoneLand.zone_id)
    )
    leases = lease_totals(context, as_of)
    total, n, demo = ZERO, 0, False
    for zone_id, leasable, leased, is_demo in context.session.execute(_zones(stmt, params)):
        if zone_id in leases:
            leased, lease_demo = leases[zone_id]
            is_demo = is_demo or lease_demo
        total += Decimal(leasable or 0) - Decimal(leased or 0)
        n += 1
        demo = demo or bool(is_demo)
    return Reading(total if n else None, n, DEMO if demo else frozenset())


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


R_INPUTS = ("project.certificate_date", "project.status", "zone.kind", "periodic_report.year",
            "periodic_report.quarter", "periodic_report.filed_on")  # fmt: skip
Q_INPUTS = ("support_request.received_on", "support_request.topic", "support_request.agency",
            "support_request.due_on", "support_request.answered_on")  # fmt: skip
IDLE_PARAMS = (AS_OF, ZONE, KIND, QUARTERS)
EXPANSION_PARAMS = (AS_OF, QUARTER, ZONE, KIND, YEAR)

METRICS = [
    Metric("monitoring.reports_expected", "count", 0,
           "Số dự án phải báo cáo quý (được cấp phép trước khi hết quý, chưa chấm dứt).",
           "Projects that owe a quarterly report (certified before the quarter ended, not "
           "terminated).", "count(projects owing the quarter's report)", R_INPUTS,
           _expected, REPORT_PARAMS),
    Metric("monitoring.reports_filed", "count", 0,
           "Số dự án đã nộp báo cáo quý.", "Projects that filed the quarter's report.",
           "count(reports of the quarter)", R_INPUTS, _filed, REPORT_PARAMS),
    Metric("monitoring.reports_on_time_pct", "pct", 2,
           "Tỷ lệ dự án nộp báo cáo quý đúng hạn (trước hoặc đúng ngày đến hạn) trên số dự án "
           "phải báo cáo.",
           "Share of the projects owing a quarterly report that filed it by the due date.",
           "count(filed_on <= due) / count(expected) × 100", R_INPUTS, _on_time,
           REPORT_PARAMS),
    Metric("monitoring.reports_overdue", "count", 0,
           "Số dự án quá hạn chưa nộp báo cáo quý tại ngày as_of.",
           "Projects whose quarterly report is past due and not filed on as_of.",
           "count(expected without report) if as_of > due else 0", R_INPUTS, _overdue,
           REPORT_PARAMS),
    Metric("monitoring.non_reporters", "count", 0,
           "Số dự án chưa nộp báo cáo quý (đã hoặc chưa đến hạn).",
           "Projects that have not filed the quarter's report (due or not yet).",
           "count(expected without report)", R_INPUTS, _non_reporters, REPORT_PARAMS),
    Metric("monitoring.capital_registered_usd_million", "usd_million", 2,
           "Vốn đăng ký của các dự án đã báo cáo quý, triệu USD.",
           "Registered capital of the projects that filed the quarter's report, USD million.",
           "Σ project.capital_usd / 10^6 (projects reporting)",
           (*R_INPUTS, "project.capital_usd"), _capital_registered, REPORT_PARAMS),
    Metric("monitoring.capital_implemented_usd_million", "usd_million", 2,
           "Vốn đã thực hiện (lũy kế) theo báo cáo quý, triệu USD.",
           "Capital implemented (cumulative) as the quarter's reports give it, USD million.",
           "Σ periodic_report.capital_implemented_usd / 10^6",
           (*R_INPUTS, "periodic_report.capital_implemented_usd"), _capital_implemented,
           REPORT_PARAMS),
    Metric("monitoring.capital_implementation_pct", "pct", 2,
           "Tỷ lệ vốn thực hiện trên vốn đăng ký của các dự án đã báo cáo (tỷ số của các tổng).",
           "Capital implemented over capital registered, projects reporting (ratio of sums).",
           "Σ capital_implemented_usd / Σ capital_usd × 100",
           (*R_INPUTS, "project.capital_usd", "periodic_report.capital_implemented_usd"),
           _implementation_pct, REPORT_PARAMS),
    Metric("monitoring.workers_registered", "count", 0,
           "Lao động dự kiến theo đăng ký của các dự án đã báo cáo.",
           "Workers planned at registration, projects reporting.",
           "Σ project.workers_planned", (*R_INPUTS, "project.workers_planned"),
           _workers_registered, REPORT_PARAMS),
    Metric("monitoring.workers_reported", "count", 0,
           "Lao động (Việt Nam và nước ngoài) theo báo cáo quý.",
           "Workers (Vietnamese and foreign) as the quarter's reports give them.",
           "Σ (workers_vietnamese + workers_foreign)", (*R_INPUTS, "periodic_report.workers_*"),
           _workers_reported, REPORT_PARAMS),
    Metric("monitoring.land_registered_ha", "ha", 2,
           "Diện tích đất theo đăng ký của các dự án đã báo cáo quý.",
           "Land in the registration of the projects that filed the quarter's report.",
           "Σ project.land_ha", (*R_INPUTS, "project.land_ha"), _land_registered,
           REPORT_PARAMS),
    Metric("monitoring.land_leased_ha", "ha", 2,
           "Diện tích đất các dự án đã báo cáo đang thuê vào cuối quý.",
           "Land the projects that filed the quarter's report lease at the quarter's end.",
           "Σ lease.area_ha in force at the quarter's end", (*R_INPUTS, "lease.area_ha"),
           _land_leased, REPORT_PARAMS),
    Metric("monitoring.idle_land_ha", "ha", 2,
           "Đất thuê bỏ không: đất của các dự án đã thuê từ quarters quý trở lên mà chưa hoạt "
           "động (không ở trạng thái hoạt động, không báo cáo doanh thu hay lao động).",
           "Idle land: land leased by projects whose first lease began quarters or more "
           "quarters ago and that do not operate (status not operating, no report of revenue "
           "or workers).",
           "Σ lease.area_ha of idle projects", ("lease.*", "project.status",
           "periodic_report.net_revenue_usd", "periodic_report.workers_*"), _idle_land,
           IDLE_PARAMS),
    Metric("monitoring.idle_projects", "count", 0,
           "Số dự án có đất thuê bỏ không (xem monitoring.idle_land_ha).",
           "Projects with idle land (see monitoring.idle_land_ha).",
           "count(idle projects)", ("lease.*", "project.status", "periodic_report.*"),
           _idle_count, IDLE_PARAMS),
    Metric("monitoring.expansion_land_ha", "ha", 2,
           "Nhu cầu đất mở rộng theo kế hoạch trong báo cáo quý của các doanh nghiệp.",
           "Land the enterprises plan to add, from the quarter's reports.",
           "Σ periodic_report.expansion_land_ha", ("periodic_report.expansion_*",),
           _expansion(0), EXPANSION_PARAMS),
    Metric("monitoring.expansion_workers", "count", 0,
           "Lao động tăng thêm theo kế hoạch mở rộng trong báo cáo quý.",
           "Workers the enterprises plan to add, from the quarter's reports.",
           "Σ periodic_report.expansion_workers", ("periodic_report.expansion_*",),
           _expansion(1), EXPANSION_PARAMS),
    Metric("monitoring.expansion_capital_usd_million", "usd_million", 2,
           "Vốn đầu tư mở rộng theo kế hoạch trong báo cáo quý, triệu USD.",
           "Capital the enterprises plan to add, from the quarter's reports, USD million.",
           "Σ periodic_report.expansion_capital_usd / 10^6", ("periodic_report.expansion_*",),
           _expansion(2, MILLION), EXPANSION_PARAMS),
    Metric("monitoring.zone_available_ha", "ha", 2,
           "Quỹ đất còn trống của khu/cụm (có thể cho thuê trừ đã cho thuê), đặt cạnh nhu cầu "
           "mở rộng.",
           "Land a zone has left (leasable minus leased), shown beside expansion demand.",
           "Σ latest leasable − Σ leases in force (else latest leased)",
           ("zone_land.*", "lease.area_ha"), _available, (AS_OF, ZONE, KIND)),
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

for _metric in METRICS:
    register(_metric)
