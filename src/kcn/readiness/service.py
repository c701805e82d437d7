"""The rules of clearance tasks and reports, infrastructure works and reports, and labour
supply observations. Every write checks everything first (422 with a message per field), then
goes through ``kit.resources.commit`` (the change and its audit record, or neither)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, Forbidden, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.models import (
    AdminUnit,
    ClearanceReport,
    ClearanceTask,
    InfraReport,
    InfraWork,
    LabourSupply,
    Zone,
)
from kcn.readiness import metrics
from kcn.readiness.policy import require_writer, writable_zones
from kcn.readiness.schemas import (
    AreaRef,
    BlockerRead,
    ClearanceReportRead,
    InfraReportRead,
    Progress,
    SupplyRead,
    TaskRead,
    WorkRead,
    ZoneRef,
)

TASK_COLUMNS = (
    "zone_id", "phase", "land_rice_ha", "land_other_agricultural_ha", "land_residential_ha",
    "land_other_ha", "households", "organisations", "graves", "compensation_planned_vnd",
    "resettlement_plots_needed", "resettlement_plots_ready", "notice_date", "inventory_date",
    "plan_approved_date", "recovery_decision_date", "payment_date", "handover_date",
    "start_date", "deadline", "responsible_unit", "source", "is_demo",
)  # fmt: skip
CLEARANCE_REPORT_COLUMNS = ("task_id", "reported_on", "handed_over_ha", "households_agreed",
                            "paid_vnd", "blockers", "note", "is_demo")  # fmt: skip
WORK_COLUMNS = ("zone_id", "phase", "kind", "name", "planned_value_vnd", "planned_quantity",
                "quantity_unit", "start_date", "planned_completion", "actual_completion",
                "responsible_unit", "source", "is_demo")  # fmt: skip
INFRA_REPORT_COLUMNS = ("work_id", "reported_on", "completed_value_vnd", "completed_quantity",
                        "note", "is_demo")  # fmt: skip
SUPPLY_COLUMNS = ("kind", "year", "admin_unit_id", "zone_id", "value", "source", "is_demo")
LEGAL_STEPS = ("notice_date", "inventory_date", "plan_approved_date", "recovery_decision_date",
               "payment_date", "handover_date")  # fmt: skip
# Land Law 2024: the notice of recovery comes at least 90 days before the recovery of
# agricultural land, 180 days before that of non-agricultural land.
NOTICE_DAYS_AGRICULTURAL = 90
NOTICE_DAYS_OTHER = 180


def _snap(columns: tuple[str, ...]) -> Any:
    def snapshot(obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in (*columns, "version")}

    return snapshot


snapshot_task = _snap(TASK_COLUMNS)
snapshot_clearance_report = _snap(CLEARANCE_REPORT_COLUMNS)
snapshot_work = _snap(WORK_COLUMNS)
snapshot_infra_report = _snap(INFRA_REPORT_COLUMNS)
snapshot_supply = _snap(SUPPLY_COLUMNS)


T = TypeVar("T")


# --- loading -------------------------------------------------------------------------------


def task_options() -> list[Any]:
    return [selectinload(ClearanceTask.zone), selectinload(ClearanceTask.reports)]


def work_options() -> list[Any]:
    return [selectinload(InfraWork.zone), selectinload(InfraWork.reports)]


def clearance_report_options() -> list[Any]:
    return [selectinload(ClearanceReport.task).selectinload(ClearanceTask.zone)]


def infra_report_options() -> list[Any]:
    return [selectinload(InfraReport.work).selectinload(InfraWork.zone)]


def supply_options() -> list[Any]:
    return [selectinload(LabourSupply.admin_unit), selectinload(LabourSupply.zone)]


OPTIONS = {
    ClearanceTask: task_options,
    InfraWork: work_options,
    ClearanceReport: clearance_report_options,
    InfraReport: infra_report_options,
    LabourSupply: supply_options,
}
NOT_FOUND = {
    ClearanceTask: "clearance_task.not_found",
    InfraWork: "infra_work.not_found",
    ClearanceReport: "clearance_report.not_found",
    InfraReport: "infra_report.not_found",
    LabourSupply: "labour_supply.not_found",
}


def _get(
    session: Session, model: type[T], obj_id: int, actor: Actor, resource: str, action: Action
) -> T:
    """The record as ``actor`` may see it (404), and may ``action`` it (401/403)."""
    if action != Action.view:
        require_writer(actor, resource, action)
    table: Any = model
    stmt = select(table).where(table.id == obj_id).options(*OPTIONS[table]())
    obj: T | None = session.scalar(restrict(stmt, table, actor, Action.view))
    if obj is None:
        raise NotFound(NOT_FOUND[table], id=obj_id)
    if action != Action.view:
        allowed = restrict(select(table.id).where(table.id == obj_id), table, actor, action)
        if session.scalar(allowed) is None:
            raise Forbidden()
    return obj


def get_task(
    session: Session, task_id: int, actor: Actor, action: Action = Action.view
) -> ClearanceTask:
    return _get(session, ClearanceTask, task_id, actor, "clearance_task", action)


def get_work(
    session: Session, work_id: int, actor: Actor, action: Action = Action.view
) -> InfraWork:
    return _get(session, InfraWork, work_id, actor, "infra_work", action)


def get_clearance_report(
    session: Session, report_id: int, actor: Actor, action: Action = Action.view
) -> ClearanceReport:
    return _get(session, ClearanceReport, report_id, actor, "clearance_report", action)


def get_infra_report(
    session: Session, report_id: int, actor: Actor, action: Action = Action.view
) -> InfraReport:
    return _get(session, InfraReport, report_id, actor, "infra_report", action)


def get_supply(
    session: Session, obj_id: int, actor: Actor, action: Action = Action.view
) -> LabourSupply:
    return _get(session, LabourSupply, obj_id, actor, "labour_supply", action)


def _zone(session: Session, code: str, actor: Actor, resource: str, action: Action) -> Zone:
    """The zone of that code (422 if unknown) where ``actor`` may write (403 if not)."""
    require_writer(actor, resource, action)
    zone = session.scalar(select(Zone).where(Zone.code == code))
    if zone is None:
        raise ValidationFailed(
            fields=[FieldError("zone", "readiness.unknown_zone", {"value": code})]
        )
    allowed = select(Zone.id).where(Zone.id == zone.id, writable_zones(actor, resource, action))
    if session.scalar(allowed) is None:
        raise Forbidden()
    return zone


def _parent_zone_writable(
    session: Session, actor: Actor, resource: str, zone_id: int, action: Action
) -> None:
    allowed = select(Zone.id).where(Zone.id == zone_id, writable_zones(actor, resource, action))
    if session.scalar(allowed) is None:
        raise Forbidden()


# --- reading -------------------------------------------------------------------------------


def _zone_ref(zone: Zone) -> ZoneRef:
    return ZoneRef(id=zone.id, code=zone.code, name=zone.name)


def _progress(p: metrics.Status) -> Progress:
    return Progress(
        pct_area=p.pct_area, pct_households=p.pct_households, pct_money=p.pct_money,
        pct_value=p.pct_value, pace_per_day=p.outlook.pace_per_day, forecast=p.outlook.forecast,
        state=p.outlook.state, at_risk=p.outlook.at_risk, risk_reasons=list(p.outlook.reasons),
        last_report=p.outlook.last_report,
    )  # fmt: skip


def task_to_read(task: ClearanceTask, as_of: date | None = None) -> TaskRead:
    status = metrics.task_status(task, as_of or date.today())
    fields = {name: getattr(task, name) for name in TASK_COLUMNS if name != "zone_id"}
    return TaskRead(
        id=task.id, zone=_zone_ref(task.zone), total_ha=task.total_ha, progress=_progress(status),
        version=task.version, created_at=task.created_at, updated_at=task.updated_at, **fields,
    )  # fmt: skip


def work_to_read(work: InfraWork, as_of: date | None = None) -> WorkRead:
    status = metrics.work_status(work, as_of or date.today())
    fields = {name: getattr(work, name) for name in WORK_COLUMNS if name != "zone_id"}
    return WorkRead(
        id=work.id, zone=_zone_ref(work.zone), progress=_progress(status), version=work.version,
        created_at=work.created_at, updated_at=work.updated_at, **fields,
    )  # fmt: skip


def clearance_report_to_read(report: ClearanceReport) -> ClearanceReportRead:
    return ClearanceReportRead(
        id=report.id, task_id=report.task_id, zone=_zone_ref(report.task.zone),
        reported_on=report.reported_on, handed_over_ha=report.handed_over_ha,
        households_agreed=report.households_agreed, paid_vnd=report.paid_vnd,
        blockers=[BlockerRead.model_validate(b) for b in report.blockers], note=report.note,
        is_demo=report.is_demo, version=report.version, created_at=report.created_at,
        updated_at=report.updated_at,
    )  # fmt: skip


def infra_report_to_read(report: InfraReport) -> InfraReportRead:
    return InfraReportRead(
        id=report.id, work_id=report.work_id, zone=_zone_ref(report.work.zone),
        reported_on=report.reported_on, completed_value_vnd=report.completed_value_vnd,
        completed_quantity=report.completed_quantity, note=report.note, is_demo=report.is_demo,
        version=report.version, created_at=report.created_at, updated_at=report.updated_at,
    )  # fmt: skip


def supply_to_read(row: LabourSupply) -> SupplyRead:
    unit = row.admin_unit
    return SupplyRead(
        id=row.id, kind=row.kind, year=row.year,
        area=AreaRef(id=unit.id, code=unit.code, name=unit.name) if unit else None,
        zone=_zone_ref(row.zone) if row.zone else None, value=row.value, source=row.source,
        is_demo=row.is_demo, version=row.version, created_at=row.created_at,
        updated_at=row.updated_at,
    )  # fmt: skip


# --- rules ---------------------------------------------------------------------------------


def check_task(session: Session, task: Any, own: int | None) -> list[FieldError]:
    """Dates in order, the notice period, plots ready ≤ needed, and no figure below what the
    reports already record."""
    errors: list[FieldError] = []
    total = (task.land_rice_ha + task.land_other_agricultural_ha + task.land_residential_ha
             + task.land_other_ha)  # fmt: skip
    if total <= 0:
        errors.append(FieldError("land_rice_ha", "clearance_task.no_land"))
    if task.deadline < task.start_date:
        errors.append(FieldError("deadline", "readiness.before_start"))
    previous: tuple[str, date] | None = None
    for step in LEGAL_STEPS:
        value = getattr(task, step)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            errors.append(FieldError(step, "clearance_task.step_order", {"after": previous[0]}))
        previous = (step, value)
    if task.notice_date is not None and task.recovery_decision_date is not None:
        other = task.land_residential_ha + task.land_other_ha > 0
        required = NOTICE_DAYS_OTHER if other else NOTICE_DAYS_AGRICULTURAL
        days = (task.recovery_decision_date - task.notice_date).days
        if days < required:
            errors.append(FieldError("recovery_decision_date", "clearance_task.notice_too_short",
                                     {"days": days, "required": required}))  # fmt: skip
    if task.resettlement_plots_ready > task.resettlement_plots_needed:
        errors.append(FieldError("resettlement_plots_ready", "clearance_task.plots_over_needed"))
    if own is not None:
        most = session.execute(
            select(
                func.max(ClearanceReport.handed_over_ha),
                func.max(ClearanceReport.households_agreed),
                func.max(ClearanceReport.paid_vnd),
            ).where(ClearanceReport.task_id == own)
        ).one()
        if most[0] is not None and Decimal(most[0]) > total:
            errors.append(FieldError("land_rice_ha", "clearance_task.below_reported"))
        if most[1] is not None and most[1] > task.households:
            errors.append(FieldError("households", "clearance_task.below_reported"))
        if most[2] is not None and Decimal(most[2]) > task.compensation_planned_vnd:
            errors.append(FieldError("compensation_planned_vnd", "clearance_task.below_reported"))
    return errors


def check_clearance_report(task: ClearanceTask, report: Any) -> list[FieldError]:
    """Handed over ≤ the task's land, households agreed ≤ affected, paid ≤ planned, and not
    reported before the task starts."""
    errors: list[FieldError] = []
    if report.handed_over_ha > task.total_ha:
        errors.append(FieldError("handed_over_ha", "clearance_report.over_total",
                                 {"total": task.total_ha}))  # fmt: skip
    if report.households_agreed > task.households:
        errors.append(FieldError("households_agreed", "clearance_report.over_households",
                                 {"total": task.households}))  # fmt: skip
    if report.paid_vnd > task.compensation_planned_vnd:
        errors.append(FieldError("paid_vnd", "clearance_report.over_planned",
                                 {"total": task.compensation_planned_vnd}))  # fmt: skip
    if report.reported_on < task.start_date:
        errors.append(FieldError("reported_on", "readiness.before_start"))
    return errors


def check_work(session: Session, work: Any, own: int | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if work.planned_completion < work.start_date:
        errors.append(FieldError("planned_completion", "readiness.before_start"))
    if work.actual_completion is not None and work.actual_completion < work.start_date:
        errors.append(FieldError("actual_completion", "readiness.before_start"))
    if own is not None:
        most = session.execute(
            select(
                func.max(InfraReport.completed_value_vnd), func.max(InfraReport.completed_quantity)
            ).where(InfraReport.work_id == own)
        ).one()
        if most[0] is not None and Decimal(most[0]) > work.planned_value_vnd:
            errors.append(FieldError("planned_value_vnd", "infra_work.below_reported"))
        if most[1] is not None and Decimal(most[1]) > work.planned_quantity:
            errors.append(FieldError("planned_quantity", "infra_work.below_reported"))
    return errors


def check_infra_report(work: InfraWork, report: Any) -> list[FieldError]:
    errors: list[FieldError] = []
    if report.completed_value_vnd > work.planned_value_vnd:
        errors.append(FieldError("completed_value_vnd", "infra_report.over_planned",
                                 {"total": work.planned_value_vnd}))  # fmt: skip
    if report.completed_quantity > work.planned_quantity:
        errors.append(FieldError("completed_quantity", "infra_report.over_planned",
                                 {"total": work.planned_quantity}))  # fmt: skip
    if report.reported_on < work.start_date:
        errors.append(FieldError("reported_on", "readiness.before_start"))
    return errors


def check_supply(supply: Any) -> list[FieldError]:
    if supply.kind == "worker_housing_places":
        if supply.zone_id is None:
            return [FieldError("zone", "field.required")]
    elif supply.admin_unit_id is None:
        return [FieldError("area", "field.required")]
    return []


# --- writes --------------------------------------------------------------------------------

TASK_DEFAULTS: dict[str, Any] = {
    "phase": "", "land_rice_ha": Decimal(0), "land_other_agricultural_ha": Decimal(0),
    "land_residential_ha": Decimal(0), "land_other_ha": Decimal(0), "households": 0,
    "organisations": 0, "graves": 0, "compensation_planned_vnd": Decimal(0),
    "resettlement_plots_needed": 0, "resettlement_plots_ready": 0, "responsible_unit": "",
    "source": "", "is_demo": False,
}  # fmt: skip
WORK_DEFAULTS: dict[str, Any] = {
    "phase": "", "planned_value_vnd": Decimal(0), "planned_quantity": Decimal(0),
    "quantity_unit": "", "responsible_unit": "", "source": "", "is_demo": False,
}  # fmt: skip
CLEARANCE_REPORT_DEFAULTS: dict[str, Any] = {
    "handed_over_ha": Decimal(0), "households_agreed": 0, "paid_vnd": Decimal(0),
    "blockers": [], "note": "", "is_demo": False,
}  # fmt: skip
INFRA_REPORT_DEFAULTS: dict[str, Any] = {
    "completed_value_vnd": Decimal(0), "completed_quantity": Decimal(0), "note": "",
    "is_demo": False,
}  # fmt: skip


def _values(data: BaseModel, defaults: dict[str, Any], exclude: set[str]) -> dict[str, Any]:
    dumped = data.model_dump(exclude=exclude)
    given = {k: v for k, v in dumped.items() if v is not None or k not in defaults}
    return {**defaults, **given}


def _apply(obj: Any, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(obj, name, value)


def create_task(session: Session, data: Any, actor: Actor) -> ClearanceTask:
    zone = _zone(session, data.zone, actor, "clearance_task", Action.add)
    values = _values(data, TASK_DEFAULTS, {"zone"})
    errors = check_task(session, SimpleNamespace(**values), None)
    if errors:
        raise ValidationFailed(fields=errors)
    task = ClearanceTask(**values, zone=zone)
    session.add(task)
    _commit(session, actor, "clearance_task", task, "create", None)
    return task


def update_task(
    session: Session, task_id: int, data: Any, actor: Actor, expected: int | None = None
) -> ClearanceTask:
    task = get_task(session, task_id, actor, Action.change)
    required = (*TASK_DEFAULTS, "start_date", "deadline")
    changes, errors = update_changes(task.version, data, expected, required)
    if errors:
        raise ValidationFailed(fields=errors)
    candidate = SimpleNamespace(**{**snapshot_task(task), **changes})
    errors = check_task(session, candidate, task.id)
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot_task(task)
    _apply(task, changes)
    _commit(session, actor, "clearance_task", task, "update", before)
    return task


def delete_task(session: Session, task_id: int, actor: Actor, expected: int | None = None) -> None:
    task = get_task(session, task_id, actor, Action.delete)
    check_version(task.version, expected)
    if task.reports:
        raise ValidationFailed(fields=[FieldError("id", "readiness.has_reports")])
    before = snapshot_task(task)
    session.delete(task)
    _commit(session, actor, "clearance_task", task, "delete", before)


def create_clearance_report(session: Session, data: Any, actor: Actor) -> ClearanceReport:
    require_writer(actor, "clearance_report", Action.add)
    task = session.get(ClearanceTask, data.task_id)
    if task is None:
        raise ValidationFailed(fields=[FieldError("task_id", "clearance_task.not_found",
                                                  {"id": data.task_id})])  # fmt: skip
    _parent_zone_writable(session, actor, "clearance_report", task.zone_id, Action.add)
    values = _values(data, CLEARANCE_REPORT_DEFAULTS, {"task_id", "blockers"})
    values["blockers"] = [b.model_dump() for b in data.blockers or []]
    errors = check_clearance_report(task, SimpleNamespace(**values))
    if errors:
        raise ValidationFailed(fields=errors)
    report = ClearanceReport(**values, task=task)
    session.add(report)
    _commit(session, actor, "clearance_report", report, "create", None)
    return report


def update_clearance_report(
    session: Session, report_id: int, data: Any, actor: Actor, expected: int | None = None
) -> ClearanceReport:
    report = get_clearance_report(session, report_id, actor, Action.change)
    required = (*CLEARANCE_REPORT_DEFAULTS, "reported_on")
    changes, errors = update_changes(report.version, data, expected, required)
    if errors:
        raise ValidationFailed(fields=errors)
    if "blockers" in changes:
        changes["blockers"] = [b.model_dump() for b in data.blockers or []]
    candidate = SimpleNamespace(**{**snapshot_clearance_report(report), **changes})
    errors = check_clearance_report(report.task, candidate)
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot_clearance_report(report)
    _apply(report, changes)
    _commit(session, actor, "clearance_report", report, "update", before)
    return report


def delete_clearance_report(
    session: Session, report_id: int, actor: Actor, expected: int | None = None
) -> None:
    report = get_clearance_report(session, report_id, actor, Action.delete)
    check_version(report.version, expected)
    before = snapshot_clearance_report(report)
    session.delete(report)
    _commit(session, actor, "clearance_report", report, "delete", before)


def create_work(session: Session, data: Any, actor: Actor) -> InfraWork:
    zone = _zone(session, data.zone, actor, "infra_work", Action.add)
    values = _values(data, WORK_DEFAULTS, {"zone"})
    errors = check_work(session, SimpleNamespace(**values), None)
    if errors:
        raise ValidationFailed(fields=errors)
    work = InfraWork(**values, zone=zone)
    session.add(work)
    _commit(session, actor, "infra_work", work, "create", None)
    return work


def update_work(
    session: Session, work_id: int, data: Any, actor: Actor, expected: int | None = None
) -> InfraWork:
    work = get_work(session, work_id, actor, Action.change)
    required = (*WORK_DEFAULTS, "kind", "name", "start_date", "planned_completion")
    changes, errors = update_changes(work.version, data, expected, required)
    if errors:
        raise ValidationFailed(fields=errors)
    errors = check_work(session, SimpleNamespace(**{**snapshot_work(work), **changes}), work.id)
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot_work(work)
    _apply(work, changes)
    _commit(session, actor, "infra_work", work, "update", before)
    return work


def delete_work(session: Session, work_id: int, actor: Actor, expected: int | None = None) -> None:
    work = get_work(session, work_id, actor, Action.delete)
    check_version(work.version, expected)
    if work.reports:
        raise ValidationFailed(fields=[FieldError("id", "readiness.has_reports")])
    before = snapshot_work(work)
    session.delete(work)
    _commit(session, actor, "infra_work", work, "delete", before)


def create_infra_report(session: Session, data: Any, actor: Actor) -> InfraReport:
    require_writer(actor, "infra_report", Action.add)
    work = session.get(InfraWork, data.work_id)
    if work is None:
        raise ValidationFailed(fields=[FieldError("work_id", "infra_work.not_found",
                                                  {"id": data.work_id})])  # fmt: skip
    _parent_zone_writable(session, actor, "infra_report", work.zone_id, Action.add)
    values = _values(data, INFRA_REPORT_DEFAULTS, {"work_id"})
    errors = check_infra_report(work, SimpleNamespace(**values))
    if errors:
        raise ValidationFailed(fields=errors)
    report = InfraReport(**values, work=work)
    session.add(report)
    _commit(session, actor, "infra_report", report, "create", None)
    return report


def update_infra_report(
    session: Session, report_id: int, data: Any, actor: Actor, expected: int | None = None
) -> InfraReport:
    report = get_infra_report(session, report_id, actor, Action.change)
    required = (*INFRA_REPORT_DEFAULTS, "reported_on")
    changes, errors = update_changes(report.version, data, expected, required)
    if errors:
        raise ValidationFailed(fields=errors)
    candidate = SimpleNamespace(**{**snapshot_infra_report(report), **changes})
    errors = check_infra_report(report.work, candidate)
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot_infra_report(report)
    _apply(report, changes)
    _commit(session, actor, "infra_report", report, "update", before)
    return report


def delete_infra_report(
    session: Session, report_id: int, actor: Actor, expected: int | None = None
) -> None:
    report = get_infra_report(session, report_id, actor, Action.delete)
    check_version(report.version, expected)
    before = snapshot_infra_report(report)
    session.delete(report)
    _commit(session, actor, "infra_report", report, "delete", before)


def district(session: Session, code: str) -> AdminUnit | None:
    """The district (or town, city) of that code: the current one, else the latest (the
    districts were abolished in 2025; figures of earlier years still name them)."""
    stmt = (
        select(AdminUnit)
        .where(AdminUnit.code == code)
        .order_by(AdminUnit.valid_to.is_(None).desc(), AdminUnit.valid_to.desc(), AdminUnit.id)
        .limit(1)
    )
    return session.scalar(stmt)


def create_supply(session: Session, data: Any, actor: Actor) -> LabourSupply:
    require_writer(actor, "labour_supply", Action.add)
    values = _values(data, {"source": "", "is_demo": False}, {"area", "zone"})
    errors: list[FieldError] = []
    values["admin_unit_id"] = values["zone_id"] = None
    if data.area:
        unit = district(session, data.area)
        if unit is None:
            errors.append(FieldError("area", "readiness.unknown_area", {"value": data.area}))
        else:
            values["admin_unit_id"] = unit.id
    if data.zone:
        zone = _zone(session, data.zone, actor, "labour_supply", Action.add)
        values["zone_id"] = zone.id
    elif actor.scoped:
        raise Forbidden("error.out_of_scope")
    errors += check_supply(SimpleNamespace(**values)) if not errors else []
    if errors:
        raise ValidationFailed(fields=errors)
    row = LabourSupply(**values)
    session.add(row)
    _commit(session, actor, "labour_supply", row, "create", None)
    return row


def update_supply(
    session: Session, obj_id: int, data: Any, actor: Actor, expected: int | None = None
) -> LabourSupply:
    row = get_supply(session, obj_id, actor, Action.change)
    changes, errors = update_changes(row.version, data, expected,
                                     ("kind", "year", "value", "source", "is_demo"))  # fmt: skip
    errors += check_supply(SimpleNamespace(**{**snapshot_supply(row), **changes}))
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot_supply(row)
    _apply(row, changes)
    _commit(session, actor, "labour_supply", row, "update", before)
    return row


def delete_supply(session: Session, obj_id: int, actor: Actor, expected: int | None = None) -> None:
    row = get_supply(session, obj_id, actor, Action.delete)
    check_version(row.version, expected)
    before = snapshot_supply(row)
    session.delete(row)
    _commit(session, actor, "labour_supply", row, "delete", before)


SNAPSHOTS = {
    "clearance_task": snapshot_task,
    "clearance_report": snapshot_clearance_report,
    "infra_work": snapshot_work,
    "infra_report": snapshot_infra_report,
    "labour_supply": snapshot_supply,
}


def label(resource: str, obj: Any) -> str:
    if resource == "clearance_task":
        return f"{obj.zone.code} {obj.phase}".strip()
    if resource == "infra_work":
        return f"{obj.zone.code} {obj.name}"
    if resource == "clearance_report":
        return f"{obj.task.zone.code} {obj.reported_on}"
    if resource == "infra_report":
        return f"{obj.work.zone.code} {obj.work.name} {obj.reported_on}"
    return f"{obj.kind} {obj.year}"


def _commit(
    session: Session, actor: Actor, resource: str, obj: Any, action: str, before: Any
) -> bool:
    snapshot = SNAPSHOTS[resource]
    return commit(session, actor, resource, obj, action, before, snapshot, label(resource, obj))
