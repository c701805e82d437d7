"""Derived figures of readiness, registered in :mod:`kcn.kit.metrics`: the share of a clearance
task done by area, households and money; the pace, forecast and risk of a task or an
infrastructure work (one rule for both, :mod:`kcn.readiness.forecast`); a zone's cleared land
and its clean land ready to hand over; labour demand and the labour gap by zone and district.

A forecast is a date, and a metric's value a number: the forecast metrics give the days from
the deadline to the forecast (positive: late) and say the state in their flags (``done``,
``stalled``, ``in_progress``, ``not_started``, and ``late`` / ``no_report`` when at risk).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.metrics import Context, Metric, Param, Reading, register
from kcn.models import (
    AdminUnit,
    ClearanceTask,
    InfraWork,
    LabourSupply,
    Project,
    Zone,
)
from kcn.readiness.forecast import Outlook, outlook, share

HUNDRED = Decimal(100)
MONTH_DAYS = 30
# Works a park's land needs before an investor can build on it.
ESSENTIAL_WORKS = ("internal_roads", "power", "water_supply", "wastewater_plant")
# Projects that still hire: registered, being built, or operating.
HIRING = ("registered", "under_construction", "operating")


@dataclass(frozen=True)
class Status:
    """Where a task or work stands on a date."""

    outlook: Outlook
    pct_area: Decimal | None = None
    pct_households: Decimal | None = None
    pct_money: Decimal | None = None
    pct_value: Decimal | None = None
    handed_over_ha: Decimal = Decimal(0)


def _pct(part: Decimal, total: Decimal) -> Decimal | None:
    s = share(part, total)
    return None if s is None else s * HUNDRED


def task_status(task: ClearanceTask, as_of: date) -> Status:
    """A clearance task on ``as_of``: the shares done (of the latest report), and its outlook
    by area handed over."""
    reports = [r for r in task.reports if r.reported_on <= as_of]
    last = reports[-1] if reports else None
    total = task.total_ha
    points = [(r.reported_on, share(r.handed_over_ha, total) or Decimal(0)) for r in reports]
    look = outlook(points, task.start_date, task.deadline, as_of)
    if last is None:
        return Status(look)
    return Status(
        look,
        pct_area=_pct(last.handed_over_ha, total),
        pct_households=_pct(Decimal(last.households_agreed), Decimal(task.households)),
        pct_money=_pct(last.paid_vnd, task.compensation_planned_vnd),
        handed_over_ha=last.handed_over_ha,
    )


def work_status(work: InfraWork, as_of: date) -> Status:
    """An infrastructure work on ``as_of``: the share of its value completed (of its quantity
    when it has no value), and its outlook."""
    reports = [r for r in work.reports if r.reported_on <= as_of]
    by_value = work.planned_value_vnd > 0

    def part(r: Any) -> Decimal:
        s = share(r.completed_value_vnd, work.planned_value_vnd) if by_value else share(
            r.completed_quantity, work.planned_quantity)  # fmt: skip
        return s or Decimal(0)

    points = [(r.reported_on, part(r)) for r in reports]
    look = outlook(points, work.start_date, work.planned_completion, as_of, work.actual_completion)
    pct = look.share * HUNDRED if (reports or look.state == "done") else None
    return Status(look, pct_value=pct)


def is_usable(work: InfraWork, as_of: date) -> bool:
    return work_status(work, as_of).outlook.state == "done"


# --- loading, once per computation ---------------------------------------------------------


def _today(_session: Session, _params: dict[str, Any]) -> date:
    return date.today()


AS_OF = Param("as_of", date, "Date of the figures (default: today).", default_from=_today)
TASK = Param("task", int, "Clearance task id.", required=True)
WORK = Param("work", int, "Infrastructure work id.", required=True)
ZONE = Param("zone", str, "Zone code (default: every zone).")
DISTRICT = Param("district", str, "District (or town, city) code.")


def _tasks(context: Context) -> list[ClearanceTask]:
    def load() -> list[ClearanceTask]:
        stmt = select(ClearanceTask).options(
            selectinload(ClearanceTask.zone), selectinload(ClearanceTask.reports)
        )
        return list(context.session.scalars(stmt.order_by(ClearanceTask.id)))

    result: list[ClearanceTask] = context.memo(("readiness.tasks",), load)
    return result


def _works(context: Context) -> list[InfraWork]:
    def load() -> list[InfraWork]:
        stmt = select(InfraWork).options(
            selectinload(InfraWork.zone), selectinload(InfraWork.reports)
        )
        return list(context.session.scalars(stmt.order_by(InfraWork.id)))

    result: list[InfraWork] = context.memo(("readiness.works",), load)
    return result


def _one(items: list[Any], obj_id: int, name: str) -> Any:
    for item in items:
        if item.id == obj_id:
            return item
    raise ValidationFailed(fields=[FieldError(name, "metric.bad_param", {"value": str(obj_id)})])


def _flags(demo: bool, status: Status) -> frozenset[str]:
    flags = {status.outlook.state, *status.outlook.reasons}
    if status.outlook.at_risk:
        flags.add("at_risk")
    if demo:
        flags.add("demo")
    return frozenset(flags)


def _task_reading(context: Context, params: dict[str, Any], pick: Any) -> Reading:
    task = _one(_tasks(context), params["task"], "task")
    status = task_status(task, params["as_of"])
    demo = task.is_demo or any(r.is_demo for r in task.reports)
    return Reading(pick(task, status), 1 + len(task.reports), _flags(demo, status))


def _work_reading(context: Context, params: dict[str, Any], pick: Any) -> Reading:
    work = _one(_works(context), params["work"], "work")
    status = work_status(work, params["as_of"])
    demo = work.is_demo or any(r.is_demo for r in work.reports)
    return Reading(pick(work, status), 1 + len(work.reports), _flags(demo, status))


def _delay(deadline: date, status: Status) -> Decimal | None:
    forecast = status.outlook.forecast
    return None if forecast is None else Decimal((forecast - deadline).days)


def _pace_ha(task: ClearanceTask, status: Status) -> Decimal | None:
    pace = status.outlook.pace_per_day
    return None if pace is None else pace * task.total_ha * MONTH_DAYS


def _risk(_obj: Any, status: Status) -> Decimal:
    return Decimal(1 if status.outlook.at_risk else 0)


def _in_zone(items: list[Any], code: str | None) -> list[Any]:
    return [i for i in items if code is None or i.zone.code == code]


def _at_risk_count(context: Context, params: dict[str, Any], kind: str) -> Reading:
    items = _tasks(context) if kind == "task" else _works(context)
    chosen = _in_zone(items, params.get("zone"))
    status = task_status if kind == "task" else work_status
    risky = [i for i in chosen if status(i, params["as_of"]).outlook.at_risk]
    demo = any(i.is_demo for i in chosen)
    return Reading(Decimal(len(risky)), len(chosen), frozenset({"demo"}) if demo else frozenset())


def _to_clear(context: Context, params: dict[str, Any]) -> Reading:
    tasks = _in_zone(_tasks(context), params.get("zone"))
    total = sum((t.total_ha for t in tasks), Decimal(0))
    demo = any(t.is_demo for t in tasks)
    return Reading(total, len(tasks), frozenset({"demo"}) if demo else frozenset())


def _cleared(context: Context, params: dict[str, Any]) -> Reading:
    tasks = _in_zone(_tasks(context), params.get("zone"))
    total = sum((task_status(t, params["as_of"]).handed_over_ha for t in tasks), Decimal(0))
    demo = any(t.is_demo for t in tasks)
    return Reading(total, len(tasks), frozenset({"demo"}) if demo else frozenset())


def ready_tasks(tasks: list[ClearanceTask], works: list[InfraWork], as_of: date) -> list[Any]:
    """The tasks whose cleared land has its infrastructure: every essential work of the same
    zone and phase (or of the whole zone, phase "") recorded, and each one done."""
    ready = []
    for task in tasks:
        mine = [w for w in works if w.zone_id == task.zone_id and w.phase in ("", task.phase)]
        kinds = {w.kind for w in mine}
        if all(k in kinds for k in ESSENTIAL_WORKS) and all(
            is_usable(w, as_of) for w in mine if w.kind in ESSENTIAL_WORKS
        ):
            ready.append(task)
    return ready


def _clean(context: Context, params: dict[str, Any]) -> Reading:
    tasks = _in_zone(_tasks(context), params.get("zone"))
    works = _in_zone(_works(context), params.get("zone"))
    ready = ready_tasks(tasks, works, params["as_of"])
    total = sum((task_status(t, params["as_of"]).handed_over_ha for t in ready), Decimal(0))
    demo = any(t.is_demo for t in tasks) or any(w.is_demo for w in works)
    return Reading(total, len(tasks) + len(works), frozenset({"demo"}) if demo else frozenset())


# --- labour --------------------------------------------------------------------------------


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


def demand(context: Context, params: dict[str, Any]) -> Reading:
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
        return Reading(Decimal(total or 0), int(n), frozenset({"demo"}) if demo else frozenset())

    key = ("readiness.demand", params.get("zone"), params.get("district"), params["as_of"])
    result: Reading = context.memo(key, load)
    return result


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
    return Reading(total, len(latest), frozenset({"demo"}) if demo else frozenset())


def _gap(context: Context, params: dict[str, Any]) -> Reading:
    """Per zone: workers still to hire less the zone's worker housing places (who will need
    a place to live); per district: less the vocational graduates of the latest year."""
    wanted = demand(context, params)
    kind = "vocational_graduates" if params.get("district") else "worker_housing_places"
    available = supply(context, kind, params)
    if wanted.value is None or available.value is None:
        return Reading(None, wanted.records + available.records, wanted.flags | available.flags)
    return Reading(wanted.value - available.value, wanted.records + available.records,
                   wanted.flags | available.flags)  # fmt: skip


def _supply_metric(kind: str) -> Any:
    def compute(context: Context, params: dict[str, Any]) -> Reading:
        return supply(context, kind, params)

    return compute


TASK_INPUTS = ("clearance_task.*", "clearance_report.*")
WORK_INPUTS = ("infra_work.*", "infra_report.*")
LABOUR = (ZONE, DISTRICT, AS_OF)

METRICS = [
    Metric("readiness.clearance_pct_area", "pct", 2,
           "Tỷ lệ diện tích đất đã bàn giao trên tổng diện tích phải thu hồi của nhiệm vụ GPMB "
           "(báo cáo gần nhất).",
           "Share of the task's land handed over, on the latest report.",
           "handed_over_ha / Σ land_*_ha × 100", TASK_INPUTS,
           lambda c, p: _task_reading(c, p, lambda t, s: s.pct_area), (TASK, AS_OF)),
    Metric("readiness.clearance_pct_households", "pct", 2,
           "Tỷ lệ hộ đã đồng ý trên tổng số hộ bị ảnh hưởng.",
           "Share of the affected households that agreed, on the latest report.",
           "households_agreed / households × 100", TASK_INPUTS,
           lambda c, p: _task_reading(c, p, lambda t, s: s.pct_households), (TASK, AS_OF)),
    Metric("readiness.clearance_pct_money", "pct", 2,
           "Tỷ lệ tiền bồi thường đã chi trả trên phương án được duyệt.",
           "Share of the approved compensation paid, on the latest report.",
           "paid_vnd / compensation_planned_vnd × 100", TASK_INPUTS,
           lambda c, p: _task_reading(c, p, lambda t, s: s.pct_money), (TASK, AS_OF)),
    Metric("readiness.clearance_pace", "ha_per_month", 2,
           "Tốc độ bàn giao đất gần đây (ha/30 ngày), tính từ các báo cáo trong 90 ngày trước "
           "báo cáo gần nhất.",
           "Recent pace of handover (ha per 30 days), over the reports of the 90 days before "
           "the latest one (from the start date when there is one report).",
           "Δ handed_over_ha / Δ days × 30", TASK_INPUTS,
           lambda c, p: _task_reading(c, p, _pace_ha), (TASK, AS_OF)),
    Metric("readiness.clearance_delay_days", "days", 0,
           "Số ngày từ hạn hoàn thành đến ngày dự báo hoàn thành theo tốc độ gần đây (dương: "
           "trễ hạn); không có tiến độ thì không dự báo ('stalled').",
           "Days from the deadline to the forecast completion at the recent pace (positive: "
           "late); none when stalled; the completion date when done.",
           "(last report + (1 − share) / pace) − deadline", TASK_INPUTS,
           lambda c, p: _task_reading(c, p, lambda t, s: _delay(t.deadline, s)), (TASK, AS_OF)),
    Metric("readiness.clearance_at_risk", "flag", 0,
           "1 khi nhiệm vụ có nguy cơ chậm: dự báo quá hạn, không có tiến độ, hoặc 30 ngày "
           "không có báo cáo.",
           "1 when the task is at risk: forecast past the deadline, stalled, or no report for "
           "30 days.",
           "forecast > deadline or stalled or as_of − last report > 30", TASK_INPUTS,
           lambda c, p: _task_reading(c, p, _risk), (TASK, AS_OF)),
    Metric("readiness.clearance_at_risk_count", "count", 0,
           "Số nhiệm vụ GPMB có nguy cơ chậm.", "Clearance tasks at risk.",
           "count(task where at_risk)", TASK_INPUTS,
           lambda c, p: _at_risk_count(c, p, "task"), (ZONE, AS_OF)),
    Metric("readiness.works_pct_value", "pct", 2,
           "Tỷ lệ giá trị đã thực hiện của hạng mục hạ tầng (theo khối lượng khi không có giá "
           "trị).",
           "Share of an infrastructure work's value completed (of its quantity when it has no "
           "value).",
           "completed_value_vnd / planned_value_vnd × 100", WORK_INPUTS,
           lambda c, p: _work_reading(c, p, lambda w, s: s.pct_value), (WORK, AS_OF)),
    Metric("readiness.works_delay_days", "days", 0,
           "Số ngày từ hạn hoàn thành kế hoạch đến ngày dự báo hoàn thành của hạng mục hạ tầng.",
           "Days from a work's planned completion to its forecast completion (positive: late).",
           "(last report + (1 − share) / pace) − planned_completion", WORK_INPUTS,
           lambda c, p: _work_reading(c, p, lambda w, s: _delay(w.planned_completion, s)),
           (WORK, AS_OF)),
    Metric("readiness.works_at_risk", "flag", 0,
           "1 khi hạng mục hạ tầng có nguy cơ chậm (cùng quy tắc như GPMB).",
           "1 when the work is at risk (the same rules as clearance).",
           "forecast > planned_completion or stalled or no report for 30 days", WORK_INPUTS,
           lambda c, p: _work_reading(c, p, _risk), (WORK, AS_OF)),
    Metric("readiness.works_at_risk_count", "count", 0,
           "Số hạng mục hạ tầng có nguy cơ chậm.", "Infrastructure works at risk.",
           "count(work where at_risk)", WORK_INPUTS,
           lambda c, p: _at_risk_count(c, p, "work"), (ZONE, AS_OF)),
    Metric("readiness.land_to_clear_ha", "ha", 2,
           "Tổng diện tích đất phải thu hồi, bồi thường của các nhiệm vụ GPMB.",
           "Land the clearance tasks must recover.",
           "Σ land_*_ha", TASK_INPUTS, _to_clear, (ZONE, AS_OF)),
    Metric("readiness.cleared_ha", "ha", 2,
           "Diện tích đất đã bàn giao (báo cáo gần nhất của mỗi nhiệm vụ).",
           "Land handed over (latest report of each task).",
           "Σ latest handed_over_ha", TASK_INPUTS, _cleared, (ZONE, AS_OF)),
    Metric("readiness.clean_land_ha", "ha", 2,
           "Đất sạch sẵn sàng bàn giao: đất đã bàn giao của các nhiệm vụ mà mọi hạng mục hạ "
           "tầng thiết yếu (đường nội bộ, điện, cấp nước, xử lý nước thải) cùng khu, cùng giai "
           "đoạn đã hoàn thành.",
           "Clean land ready to hand over: land handed over where every essential work "
           "(internal roads, power, water supply, wastewater plant) of the same zone and phase "
           "is complete.",
           "Σ handed_over_ha of tasks whose essential works are done", (*TASK_INPUTS, *WORK_INPUTS),
           _clean, (ZONE, AS_OF)),
    Metric("labour.demand", "workers", 0,
           "Số lao động các dự án đã đăng ký còn dự kiến tuyển: Σ (lao động dự kiến − đang sử "
           "dụng) của các dự án còn thiếu.",
           "Workers the registered projects still plan to hire: Σ (planned − employed) over "
           "the projects short of their plan.",
           "Σ max(workers_planned − workers, 0)",
           ("project.workers_planned", "project.workers_*", "project.status", "zone.admin_unit_id"),
           demand, LABOUR),
    Metric("labour.working_age_population", "persons", 0,
           "Dân số trong độ tuổi lao động (số liệu gần nhất).",
           "Working-age population (latest observation).",
           "latest labour_supply.value", ("labour_supply.*",),
           _supply_metric("working_age_population"), LABOUR),
    Metric("labour.vocational_graduates", "persons", 0,
           "Số người tốt nghiệp đào tạo nghề trong năm (số liệu gần nhất).",
           "Vocational graduates of the year (latest observation).",
           "latest labour_supply.value", ("labour_supply.*",),
           _supply_metric("vocational_graduates"), LABOUR),
    Metric("labour.housing_places", "places", 0,
           "Số chỗ ở cho công nhân của khu (số liệu gần nhất).",
           "Worker housing places of the zones (latest observation).",
           "latest labour_supply.value", ("labour_supply.*",),
           _supply_metric("worker_housing_places"), LABOUR),
    Metric("labour.gap", "workers", 0,
           "Thiếu hụt lao động: theo khu, nhu cầu tuyển trừ chỗ ở công nhân; theo huyện, nhu "
           "cầu tuyển trừ số tốt nghiệp nghề trong năm (dương: thiếu).",
           "Labour gap: by zone, workers still to hire less worker housing places; by "
           "district, less the vocational graduates of the year (positive: short).",
           "labour.demand − supply", ("project.workers_*", "labour_supply.*"), _gap, LABOUR),
]  # fmt: skip

for _metric in METRICS:
    register(dataclasses.replace(_metric, internal=True))  # from records only staff read
