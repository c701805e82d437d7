"""Derived figures of land in monitoring, registered through :mod:`kcn.monitoring.metrics`:
idle land (leased, yet no operation ``quarters`` after the first lease began) and the
expansion plans of the quarter's reports beside the land each zone has left."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select

from kcn.config import get_settings
from kcn.kit.metrics import Context, Metric, Param, Reading
from kcn.kit.periods import Period
from kcn.models import Lease, PeriodicReport, Project, Zone, ZoneLand
from kcn.monitoring.report_metrics import (
    AS_OF,
    DEMO,
    KIND,
    MILLION,
    QUARTER,
    ZERO,
    ZONE,
    in_zones,
    year_quarter,
)
from kcn.zones.metrics import lease_totals

QUARTERS = Param("quarters", int, "Quarters after the first lease began (default: "
                 "KCN_IDLE_LAND_QUARTERS).")  # fmt: skip
YEAR = Param("year", int, "Year the expansion is planned for (default: every year).")


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
        stmt = in_zones(stmt, params)
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
    year, quarter = year_quarter(period)

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
        return [tuple(row) for row in context.session.execute(in_zones(stmt, params))]

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
    for zone_id, leasable, leased, is_demo in context.session.execute(in_zones(stmt, params)):
        if zone_id in leases:
            leased, lease_demo = leases[zone_id]
            is_demo = is_demo or lease_demo
        total += Decimal(leasable or 0) - Decimal(leased or 0)
        n += 1
        demo = demo or bool(is_demo)
    return Reading(total if n else None, n, DEMO if demo else frozenset())


IDLE_PARAMS = (AS_OF, ZONE, KIND, QUARTERS)
EXPANSION_PARAMS = (AS_OF, QUARTER, ZONE, KIND, YEAR)

METRICS = [
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
]  # fmt: skip
