"""Periodic reports from a spreadsheet (XLSX or CSV with the export's columns, headers in
either language): every row checked first, a problem list row by row, and either every
report written in one transaction or none. Reuses the enterprise import's reader."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.enterprises import projects as project_service
from kcn.enterprises.spreadsheets import as_date, read_cells, rows_of
from kcn.kit import audit
from kcn.kit.errors import FieldError
from kcn.kit.http import field_errors
from kcn.kit.i18n import translate
from kcn.kit.permissions import Action, Actor
from kcn.models import PeriodicReport, Project
from kcn.monitoring import policy, reports
from kcn.monitoring.resources import REPORT_COLUMNS
from kcn.monitoring.schemas import ReportCreate, quarter_of

FIELDS = set(ReportCreate.model_fields)


def _value(key: str, value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if key == "filed_on":
        return as_date(value)
    if key == "is_demo":
        return str(value).strip().lower() in ("x", "1", "true", "yes", "có")
    return value


def import_reports(
    session: Session, filename: str, content: bytes, actor: Actor, lang: str, dry_run: bool
) -> dict[str, Any]:
    """Check every row, then write all of them (one audit record each) or none."""
    policy.require_report_writer(actor, Action.add)
    rows = rows_of(read_cells(filename, content), REPORT_COLUMNS)
    problems: list[dict[str, Any]] = []
    staged: list[tuple[ReportCreate, Project]] = []
    seen: set[tuple[int, str]] = set()

    def problem(row: int, error: FieldError, values: dict[str, Any]) -> None:
        value = values.get(error.field.split(".")[0])
        problems.append({"row": row, "column": error.field,
                         "value": "" if value is None else str(value),
                         "message": translate(error.key, lang, **error.params)})  # fmt: skip

    for number, values in rows:
        payload = {k: _value(k, v) for k, v in values.items() if k in FIELDS and v is not None}
        try:
            data = ReportCreate.model_validate(payload)
        except ValidationError as exc:
            for error in field_errors(exc):
                problem(number, error, values)
            continue
        project = project_service.by_certificate(session, data.project)
        if project is None:
            problem(number, FieldError("project", "report.unknown_project",
                                       {"value": data.project}), values)  # fmt: skip
            continue
        allowed = select(Project.id).where(
            Project.id == project.id, policy.project_clause(actor, Action.add)
        )
        if session.scalar(allowed) is None:
            problem(number, FieldError("project", "error.forbidden"), values)
            continue
        period = quarter_of(data.period)
        key = (project.id, str(period))
        quarter = period.last_month // 3
        if key in seen or reports.existing(session, project.id, period.year, quarter):
            problem(number, FieldError("period", "report.duplicate", {"period": str(period)}),
                    values)  # fmt: skip
            continue
        seen.add(key)
        staged.append((data, project))
    result = {"rows": len(rows), "created": 0, "dry_run": dry_run, "problems": problems}
    if problems or dry_run:
        session.rollback()
        return result
    try:
        for data, project in staged:
            report = reports.new_report(data, project)
            session.add(report)
            session.flush()
            after = audit.jsonable(reports.snapshot(report))
            label = f"{project.certificate_number} {report.period}"
            audit.record(session, actor, "periodic_report", report.id, "create", None, after,
                         label)  # fmt: skip
        session.commit()
    except Exception:
        session.rollback()
        raise
    result["created"] = len(staged)
    return result


__all__ = ["PeriodicReport", "import_reports"]
