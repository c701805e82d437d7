"""Clearance tasks and their progress reports: reading them with their progress, and the
rules every write checks (the writes themselves: :class:`kcn.readiness.records.Kind`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError
from kcn.models import ClearanceReport, ClearanceTask
from kcn.readiness import records
from kcn.readiness.metrics.clearance import task_status
from kcn.readiness.metrics.common import with_parent, with_reports
from kcn.readiness.records import Kind
from kcn.readiness.schemas import BlockerRead, ClearanceReportRead, TaskRead

TASK_COLUMNS = (
    "zone_id", "phase", "land_rice_ha", "land_other_agricultural_ha", "land_residential_ha",
    "land_other_ha", "households", "organisations", "graves", "compensation_planned_vnd",
    "resettlement_plots_needed", "resettlement_plots_ready", "notice_date", "inventory_date",
    "plan_approved_date", "recovery_decision_date", "payment_date", "handover_date",
    "start_date", "deadline", "responsible_unit", "source", "is_demo",
)  # fmt: skip
REPORT_COLUMNS = ("task_id", "reported_on", "handed_over_ha", "households_agreed", "paid_vnd",
                  "blockers", "note", "is_demo")  # fmt: skip
LEGAL_STEPS = ("notice_date", "inventory_date", "plan_approved_date", "recovery_decision_date",
               "payment_date", "handover_date")  # fmt: skip
# Land Law 2024: the notice of recovery comes at least 90 days before the recovery of
# agricultural land, 180 days before that of non-agricultural land.
NOTICE_DAYS_AGRICULTURAL = 90
NOTICE_DAYS_OTHER = 180

TASK_DEFAULTS: dict[str, Any] = {
    "phase": "", "land_rice_ha": Decimal(0), "land_other_agricultural_ha": Decimal(0),
    "land_residential_ha": Decimal(0), "land_other_ha": Decimal(0), "households": 0,
    "organisations": 0, "graves": 0, "compensation_planned_vnd": Decimal(0),
    "resettlement_plots_needed": 0, "resettlement_plots_ready": 0, "responsible_unit": "",
    "source": "", "is_demo": False,
}  # fmt: skip
REPORT_DEFAULTS: dict[str, Any] = {
    "handed_over_ha": Decimal(0), "households_agreed": 0, "paid_vnd": Decimal(0),
    "blockers": [], "note": "", "is_demo": False,
}  # fmt: skip


def task_to_read(task: ClearanceTask, as_of: date | None = None) -> TaskRead:
    status = task_status(task, as_of or date.today())
    fields = {name: getattr(task, name) for name in TASK_COLUMNS if name != "zone_id"}
    return TaskRead(
        id=task.id, zone=records.zone_ref(task.zone), total_ha=task.total_ha,
        progress=records.progress(status), version=task.version, created_at=task.created_at,
        updated_at=task.updated_at, **fields,
    )  # fmt: skip


def report_to_read(report: ClearanceReport) -> ClearanceReportRead:
    return ClearanceReportRead(
        id=report.id, task_id=report.task_id, zone=records.zone_ref(report.task.zone),
        reported_on=report.reported_on, handed_over_ha=report.handed_over_ha,
        households_agreed=report.households_agreed, paid_vnd=report.paid_vnd,
        blockers=[BlockerRead.model_validate(b) for b in report.blockers], note=report.note,
        is_demo=report.is_demo, version=report.version, created_at=report.created_at,
        updated_at=report.updated_at,
    )  # fmt: skip


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
    plan = (
        (ClearanceReport.handed_over_ha, total, "land_rice_ha"),
        (ClearanceReport.households_agreed, task.households, "households"),
        (ClearanceReport.paid_vnd, task.compensation_planned_vnd, "compensation_planned_vnd"),
    )
    key = "clearance_task.below_reported"
    return errors + records.below_reported(session, ClearanceReport.task_id, own, key, plan)


def check_report(_session: Session, report: Any, _own: int | None) -> list[FieldError]:
    """Handed over ≤ the task's land, households agreed ≤ affected, paid ≤ planned, and not
    reported before the task starts."""
    task: ClearanceTask = report.task
    return records.report_limits(report, task.start_date, (
        ("handed_over_ha", task.total_ha, "clearance_report.over_total"),
        ("households_agreed", task.households, "clearance_report.over_households"),
        ("paid_vnd", task.compensation_planned_vnd, "clearance_report.over_planned"),
    ))  # fmt: skip


TASKS: Kind[ClearanceTask] = Kind(
    resource="clearance_task", model=ClearanceTask, columns=TASK_COLUMNS,
    defaults=TASK_DEFAULTS, required=("start_date", "deadline"), check=check_task,
    label=lambda t: f"{t.zone.code} {t.phase}".strip(),
    options=partial(with_reports, ClearanceTask),
    not_found="clearance_task.not_found", parent=records.zone_parent(), children="reports",
)  # fmt: skip
REPORTS: Kind[ClearanceReport] = Kind(
    resource="clearance_report", model=ClearanceReport, columns=REPORT_COLUMNS,
    defaults=REPORT_DEFAULTS, required=("reported_on",), check=check_report,
    label=lambda r: f"{r.task.zone.code} {r.reported_on}",
    options=partial(with_parent, ClearanceReport, "task", ClearanceTask),
    not_found="clearance_report.not_found",
    parent=records.record_parent(ClearanceTask, "task_id", "task", "clearance_task.not_found"),
)  # fmt: skip
