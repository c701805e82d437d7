"""Derived figures of periodic reports, registered through :mod:`kcn.monitoring.metrics`.

For a quarter: the projects that owe a report, those that filed, on time or not, and the
non-reporters; registered capital, workers and land beside what the reports say. Rates are
ratios of sums. The parameters and helpers here are shared by the land and request figures.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.metrics import Context, Metric, Param, Reading
from kcn.kit.periods import Period
from kcn.models import Lease, PeriodicReport, Project, Zone
from kcn.monitoring import reports
from kcn.zones import pipeline

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


def year_quarter(period: Period) -> tuple[int, int]:
    if period.kind != "quarter":
        raise ValidationFailed(fields=[FieldError("period", "report.bad_quarter")])
    return period.year, period.last_month // 3


def in_zones(stmt: Any, params: dict[str, Any]) -> Any:
    if params.get("zone"):
        stmt = stmt.where(Zone.code == params["zone"])
    if params.get("kind"):
        stmt = stmt.where(Zone.kind == params["kind"])
    return stmt


def report_rows(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Each project owing a report for the quarter, with its report if filed."""
    period: Period = params["period"]
    year, quarter = year_quarter(period)

    def load() -> list[dict[str, Any]]:
        expected = in_zones(reports.expected_projects(period), params).subquery()
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
    return reports.due_on(*year_quarter(params["period"]))


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


R_INPUTS = ("project.certificate_date", "project.status", "zone.kind", "periodic_report.year",
            "periodic_report.quarter", "periodic_report.filed_on")  # fmt: skip


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
]  # fmt: skip
