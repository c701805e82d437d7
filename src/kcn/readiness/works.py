"""Infrastructure works and their progress reports: reading them with their progress, and the
rules every write checks (the writes themselves: :class:`kcn.readiness.records.Kind`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError
from kcn.models import InfraReport, InfraWork
from kcn.readiness import records
from kcn.readiness.metrics.common import with_parent, with_reports
from kcn.readiness.metrics.works import work_status
from kcn.readiness.records import Kind
from kcn.readiness.schemas import InfraReportRead, WorkRead

WORK_COLUMNS = ("zone_id", "phase", "kind", "name", "planned_value_vnd", "planned_quantity",
                "quantity_unit", "start_date", "planned_completion", "actual_completion",
                "responsible_unit", "source", "is_demo")  # fmt: skip
REPORT_COLUMNS = ("work_id", "reported_on", "completed_value_vnd", "completed_quantity", "note",
                  "is_demo")  # fmt: skip
WORK_DEFAULTS: dict[str, Any] = {
    "phase": "", "planned_value_vnd": Decimal(0), "planned_quantity": Decimal(0),
    "quantity_unit": "", "responsible_unit": "", "source": "", "is_demo": False,
}  # fmt: skip
REPORT_DEFAULTS: dict[str, Any] = {
    "completed_value_vnd": Decimal(0), "completed_quantity": Decimal(0), "note": "",
    "is_demo": False,
}  # fmt: skip


def work_to_read(work: InfraWork, as_of: date | None = None) -> WorkRead:
    status = work_status(work, as_of or date.today())
    fields = {name: getattr(work, name) for name in WORK_COLUMNS if name != "zone_id"}
    return WorkRead(
        id=work.id, zone=records.zone_ref(work.zone), progress=records.progress(status),
        version=work.version, created_at=work.created_at, updated_at=work.updated_at, **fields,
    )  # fmt: skip


def report_to_read(report: InfraReport) -> InfraReportRead:
    return InfraReportRead(
        id=report.id, work_id=report.work_id, zone=records.zone_ref(report.work.zone),
        reported_on=report.reported_on, completed_value_vnd=report.completed_value_vnd,
        completed_quantity=report.completed_quantity, note=report.note, is_demo=report.is_demo,
        version=report.version, created_at=report.created_at, updated_at=report.updated_at,
    )  # fmt: skip


def check_work(session: Session, work: Any, own: int | None) -> list[FieldError]:
    """Completion not before the start, and the plan not below what the reports record."""
    errors: list[FieldError] = []
    if work.planned_completion < work.start_date:
        errors.append(FieldError("planned_completion", "readiness.before_start"))
    if work.actual_completion is not None and work.actual_completion < work.start_date:
        errors.append(FieldError("actual_completion", "readiness.before_start"))
    plan = (
        (InfraReport.completed_value_vnd, work.planned_value_vnd, "planned_value_vnd"),
        (InfraReport.completed_quantity, work.planned_quantity, "planned_quantity"),
    )
    key = "infra_work.below_reported"
    return errors + records.below_reported(session, InfraReport.work_id, own, key, plan)


def check_report(_session: Session, report: Any, _own: int | None) -> list[FieldError]:
    """Value and quantity ≤ the work's plan, and not reported before the work starts."""
    work: InfraWork = report.work
    return records.report_limits(report, work.start_date, (
        ("completed_value_vnd", work.planned_value_vnd, "infra_report.over_planned"),
        ("completed_quantity", work.planned_quantity, "infra_report.over_planned"),
    ))  # fmt: skip


WORKS: Kind[InfraWork] = Kind(
    resource="infra_work", model=InfraWork, columns=WORK_COLUMNS, defaults=WORK_DEFAULTS,
    required=("kind", "name", "start_date", "planned_completion"), check=check_work,
    label=lambda w: f"{w.zone.code} {w.name}", options=partial(with_reports, InfraWork),
    not_found="infra_work.not_found", parent=records.zone_parent(), children="reports",
)  # fmt: skip
REPORTS: Kind[InfraReport] = Kind(
    resource="infra_report", model=InfraReport, columns=REPORT_COLUMNS,
    defaults=REPORT_DEFAULTS, required=("reported_on",), check=check_report,
    label=lambda r: f"{r.work.zone.code} {r.work.name} {r.reported_on}",
    options=partial(with_parent, InfraReport, "work", InfraWork),
    not_found="infra_report.not_found",
    parent=records.record_parent(InfraWork, "work_id", "work", "infra_work.not_found"),
)  # fmt: skip
