"""Labour: demand by zone, district or province (workers the registered projects still plan
to hire, plus the workers the enterprises' expansion plans add), supply (working-age
population, vocational graduates, worker housing places) and the gap.

The expansion plans belong to monitoring: they are read through the registry
(``monitoring.expansion_workers``), never by importing monitoring."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.metrics import Context, Metric, Reading
from kcn.models import AdminUnit, LabourSupply, Project, Zone
from kcn.readiness.metrics.common import AS_OF, DISTRICT, ZONE, demo_flags

# Projects that still hire: registered, being built, or operating.
HIRING = ("registered", "under_construction", "operating")
EXPANSION = "monitoring.expansion_workers"


def _zone_filter(session: Session, params: dict[str, Any]) -> Any:
    """The zones a labour figure covers: one zone, a district's zones, or every zone."""
    if params.get("zone") and params.get("district"):
        raise ValidationFailed(fields=[FieldError("district", "labour.zone_or_district")])
    if params.get("zone"):
        return Zone.code == params["zone"]
    if params.get("district"):
        units = select(AdminUnit.id).where(AdminUnit.code == params["district"])
        return Zone.admin_unit_id.in_(units)
    return None


def projects_demand(context: Context, params: dict[str, Any]) -> Reading:
    """Workers the registered projects still plan to hire: Σ max(planned − employed, 0)."""

    def load() -> Reading:
        missing = Project.workers_planned - Project.workers_vietnamese - Project.workers_foreign
        stmt: Any = (
            select(
                func.coalesce(func.sum(missing), 0),
                func.count(Project.id),
                func.max(case((Project.is_demo, 1), else_=0)),
            )
            .join(Zone, Zone.id == Project.zone_id)
            .where(
                Project.status.in_(HIRING),
                Project.workers_planned.is_not(None),
                missing > 0,
                Project.certificate_date <= params["as_of"],
            )
        )
        where = _zone_filter(context.session, params)
        if where is not None:
            stmt = stmt.where(where)
        total, n, demo = context.session.execute(stmt).one()
        return Reading(Decimal(total or 0), int(n), demo_flags(bool(demo)))

    key = ("readiness.demand", params.get("zone"), params.get("district"), params["as_of"])
    result: Reading = context.memo(key, load)
    return result


def expansion_demand(context: Context, params: dict[str, Any]) -> Reading:
    """Workers the expansion plans of the last quarter ended on ``as_of`` add, in the zone,
    the district's zones or every zone (``monitoring.expansion_workers``)."""
    where = _zone_filter(context.session, params)
    as_of = params["as_of"]
    if params.get("district"):
        codes = list(context.session.scalars(select(Zone.code).where(where).order_by(Zone.code)))
        asked = [{"zone": code, "as_of": as_of} for code in codes]
    elif params.get("zone"):
        asked = [{"zone": params["zone"], "as_of": as_of}]
    else:
        asked = [{"as_of": as_of}]
    results = [metrics.compute_in(context, EXPANSION, p) for p in asked]
    total = sum((r.exact or Decimal(0) for r in results), Decimal(0))
    demo = any(r.is_demo for r in results)
    return Reading(total, sum(r.records for r in results), demo_flags(demo))


def demand(context: Context, params: dict[str, Any]) -> Reading:
    """Projects' demand plus expansion plans' demand."""
    parts = [projects_demand(context, params), expansion_demand(context, params)]
    return metrics.reading_sum(parts)


def supply(context: Context, kind: str, params: dict[str, Any]) -> Reading:
    """The latest observation of ``kind`` up to the year of ``as_of``, summed over the zone or
    the district (housing: over the zones)."""
    year = params["as_of"].year
    stmt: Any = select(LabourSupply).where(LabourSupply.kind == kind, LabourSupply.year <= year)
    if kind == "worker_housing_places":
        zones = select(Zone.id)
        where = _zone_filter(context.session, params)
        if where is not None:
            zones = zones.where(where)
        stmt = stmt.where(LabourSupply.zone_id.in_(zones))
        group = LabourSupply.zone_id
    else:
        if params.get("zone"):
            zone = context.session.scalar(select(Zone).where(Zone.code == params["zone"]))
            units = [zone.admin_unit_id] if zone and zone.admin_unit_id else []
            stmt = stmt.where(LabourSupply.admin_unit_id.in_(units))
        elif params.get("district"):
            ids = select(AdminUnit.id).where(AdminUnit.code == params["district"])
            stmt = stmt.where(LabourSupply.admin_unit_id.in_(ids))
        group = LabourSupply.admin_unit_id
    latest: dict[Any, LabourSupply] = {}
    for row in context.session.scalars(stmt.order_by(LabourSupply.year, LabourSupply.id)):
        latest[getattr(row, group.key)] = row
    if not latest:
        return Reading(None, 0)
    demo = any(r.is_demo for r in latest.values())
    total = Decimal(sum(r.value for r in latest.values()))
    return Reading(total, len(latest), demo_flags(demo))


def _gap(context: Context, params: dict[str, Any]) -> Reading:
    """Per zone: workers still to hire less the zone's worker housing places (who will need
    a place to live); per district: less the vocational graduates of the latest year."""
    wanted = demand(context, params)
    kind = "vocational_graduates" if params.get("district") else "worker_housing_places"
    available = supply(context, kind, params)
    value = None
    if wanted.value is not None and available.value is not None:
        value = wanted.value - available.value
    return Reading(value, wanted.records + available.records, wanted.flags | available.flags)


def _supply_metric(kind: str) -> Any:
    def compute(context: Context, params: dict[str, Any]) -> Reading:
        return supply(context, kind, params)

    return compute


PARAMS = (ZONE, DISTRICT, AS_OF)
PROJECT_INPUTS = ("project.workers_planned", "project.workers_*", "project.status",
                  "zone.admin_unit_id")  # fmt: skip
EXPANSION_INPUTS = ("periodic_report.expansion_workers", "zone.admin_unit_id")

METRICS = [
    Metric("labour.demand", "workers", 0,
           "Nhu cầu lao động: số lao động các dự án đã đăng ký còn dự kiến tuyển cộng số lao "
           "động tăng thêm theo kế hoạch mở rộng trong báo cáo quý gần nhất.",
           "Labour demand: workers the registered projects still plan to hire, plus the "
           "workers the expansion plans of the last quarter's reports add.",
           "labour.demand_projects + labour.demand_expansion",
           (*PROJECT_INPUTS, *EXPANSION_INPUTS), demand, PARAMS),
    Metric("labour.demand_projects", "workers", 0,
           "Số lao động các dự án đã đăng ký còn dự kiến tuyển: Σ (lao động dự kiến − đang sử "
           "dụng) của các dự án còn thiếu.",
           "Workers the registered projects still plan to hire: Σ (planned − employed) over "
           "the projects short of their plan.",
           "Σ max(workers_planned − workers, 0)", PROJECT_INPUTS, projects_demand, PARAMS),
    Metric("labour.demand_expansion", "workers", 0,
           "Số lao động tăng thêm theo kế hoạch mở rộng trong các báo cáo của quý gần nhất đã "
           "kết thúc (monitoring.expansion_workers của khu, các khu của huyện, hoặc cả tỉnh).",
           "Workers the expansion plans add, from the reports of the last quarter ended "
           "(monitoring.expansion_workers of the zone, the district's zones, or every zone).",
           "Σ monitoring.expansion_workers", EXPANSION_INPUTS, expansion_demand, PARAMS),
    Metric("labour.working_age_population", "persons", 0,
           "Dân số trong độ tuổi lao động (số liệu gần nhất).",
           "Working-age population (latest observation).",
           "latest labour_supply.value", ("labour_supply.*",),
           _supply_metric("working_age_population"), PARAMS),
    Metric("labour.vocational_graduates", "persons", 0,
           "Số người tốt nghiệp đào tạo nghề trong năm (số liệu gần nhất).",
           "Vocational graduates of the year (latest observation).",
           "latest labour_supply.value", ("labour_supply.*",),
           _supply_metric("vocational_graduates"), PARAMS),
    Metric("labour.housing_places", "places", 0,
           "Số chỗ ở cho công nhân của khu (số liệu gần nhất).",
           "Worker housing places of the zones (latest observation).",
           "latest labour_supply.value", ("labour_supply.*",),
           _supply_metric("worker_housing_places"), PARAMS),
    Metric("labour.gap", "workers", 0,
           "Thiếu hụt lao động: theo khu, nhu cầu tuyển trừ chỗ ở công nhân; theo huyện, nhu "
           "cầu tuyển trừ số tốt nghiệp nghề trong năm (dương: thiếu).",
           "Labour gap: by zone, workers still to hire less worker housing places; by "
           "district, less the vocational graduates of the year (positive: short).",
           "labour.demand − supply",
           ("project.workers_*", "periodic_report.expansion_workers", "labour_supply.*"),
           _gap, PARAMS),
]  # fmt: skip
