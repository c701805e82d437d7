"""Periodic report rules: one report per project and quarter, figures never negative, the
capital implemented compared with the capital registered (a warning, not an error), the due
date (the ``KCN_REPORT_DUE_DAY`` of the month after the quarter) and who has not reported."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from kcn.config import get_settings
from kcn.enterprises import projects as project_service
from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.i18n import translate
from kcn.kit.periods import Period
from kcn.kit.permissions import Action, Actor, Forbidden, NotAuthenticated, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.models import Enterprise, PeriodicReport, Project, Zone
from kcn.monitoring import policy
from kcn.monitoring.schemas import (
    NonReporter,
    Notice,
    ProjectRef,
    ReportCreate,
    ReportRead,
    ReportUpdate,
    quarter_of,
)

FIGURES = (
    "capital_implemented_usd", "net_revenue_usd", "exports_usd", "imports_usd",
    "taxes_paid_vnd", "workers_vietnamese", "workers_foreign", "expansion_land_ha",
    "expansion_workers", "expansion_capital_usd", "expansion_year", "notes", "is_demo",
)  # fmt: skip
COLUMNS = ("project_id", "year", "quarter", "filed_on", *FIGURES)
REQUIRED = ("capital_implemented_usd", "net_revenue_usd", "exports_usd", "imports_usd",
            "taxes_paid_vnd", "workers_vietnamese", "workers_foreign", "notes", "is_demo",
            "filed_on")  # fmt: skip
# Projects expected to report: every status but terminated.
NOT_REPORTING = ("terminated",)


def due_on(year: int, quarter: int, due_day: int | None = None) -> date:
    """The day a quarter's report is due: ``due_day`` of the month after the quarter."""
    day = due_day or get_settings().report_due_day
    month = 3 * quarter + 1
    return date(year + 1, 1, day) if month > 12 else date(year, month, day)


def last_quarter(as_of: date) -> Period:
    """The last quarter that ended on or before ``as_of`` (a year from 1900 to 2200)."""
    quarter = (as_of.month - 1) // 3  # the current one's number, minus one
    year = as_of.year if quarter else as_of.year - 1
    if not 1900 <= year <= 2200:
        raise ValidationFailed(
            fields=[FieldError("as_of", "metric.bad_param", {"value": str(as_of)})]
        )
    quarter = quarter or 4
    return Period(year, 3 * quarter - 2, 3 * quarter)


def quarter_end(period: Period) -> date:
    """The first day after ``period``."""
    month = period.last_month
    return date(period.year + 1, 1, 1) if month == 12 else date(period.year, month + 1, 1)


def snapshot(report: PeriodicReport) -> dict[str, Any]:
    return {name: getattr(report, name) for name in (*COLUMNS, "version")}


def load_options() -> list[Any]:
    return [
        selectinload(PeriodicReport.project).selectinload(Project.enterprise),
        selectinload(PeriodicReport.project).selectinload(Project.zone),
    ]


def project_ref(project: Project) -> ProjectRef:
    return ProjectRef(
        id=project.id,
        certificate_number=project.certificate_number,
        name=project.name,
        enterprise_tax_code=project.enterprise.tax_code,
        enterprise_name=project.enterprise.name,
        zone_code=project.zone.code,
        zone_name=project.zone.name,
    )


def warnings(report: PeriodicReport, lang: str) -> list[Notice]:
    """What is saved but looks wrong: capital implemented above the capital registered."""
    registered = report.project.capital_usd
    if registered is not None and report.capital_implemented_usd > registered:
        key = "report.capital_over_registered"
        params = {"implemented": report.capital_implemented_usd, "registered": registered}
        return [
            Notice(
                field="capital_implemented_usd", code=key, message=translate(key, lang, **params)
            )
        ]
    return []


def to_read(report: PeriodicReport, lang: str) -> ReportRead:
    due = due_on(report.year, report.quarter)
    return ReportRead(
        **{name: getattr(report, name) for name in COLUMNS if name != "project_id"},
        id=report.id,
        project=project_ref(report.project),
        period=report.period,
        due_on=due,
        on_time=report.filed_on <= due,
        warnings=warnings(report, lang),
        version=report.version,
        created_at=report.created_at,
        updated_at=report.updated_at,
    )


def get_report(
    session: Session, report_id: int, actor: Actor, action: Action = Action.view
) -> PeriodicReport:
    if action != Action.view:
        policy.require_report_writer(actor, action)
    stmt = select(PeriodicReport).where(PeriodicReport.id == report_id).options(*load_options())
    # A write on a report the actor may not see is refused (403), as for any writer.
    read = Action.view if action == Action.view else None
    report = session.scalar(restrict(stmt, PeriodicReport, actor, read) if read else stmt)
    if report is None:
        raise NotFound("report.not_found", id=report_id)
    if action != Action.view:
        allowed = select(PeriodicReport.id).where(PeriodicReport.id == report_id)
        if session.scalar(restrict(allowed, PeriodicReport, actor, action)) is None:
            raise Forbidden()
    return report


def _writable_project(session: Session, actor: Actor, project: Project, action: Action) -> None:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    stmt = select(Project.id).where(Project.id == project.id, policy.project_clause(actor, action))
    if session.scalar(stmt) is None:
        raise Forbidden()


def existing(session: Session, project_id: int, year: int, quarter: int) -> int | None:
    return session.scalar(
        select(PeriodicReport.id).where(
            PeriodicReport.project_id == project_id,
            PeriodicReport.year == year,
            PeriodicReport.quarter == quarter,
        )
    )


def create_report(session: Session, data: ReportCreate, actor: Actor) -> PeriodicReport:
    policy.require_report_writer(actor, Action.add)
    project = project_service.by_certificate(session, data.project)
    if project is None:
        raise ValidationFailed(
            fields=[FieldError("project", "report.unknown_project", {"value": data.project})]
        )
    _writable_project(session, actor, project, Action.add)
    period = quarter_of(data.period)
    quarter = period.last_month // 3
    if existing(session, project.id, period.year, quarter) is not None:
        raise ValidationFailed(
            fields=[FieldError("period", "report.duplicate", {"period": str(period)})]
        )
    report = new_report(data, project)
    session.add(report)
    _commit(session, actor, report, "create", None)
    return report


def new_report(data: ReportCreate, project: Project) -> PeriodicReport:
    """The report ``data`` describes, for ``project`` (checked by the caller)."""
    period = quarter_of(data.period)
    values = data.model_dump(include=set(FIGURES), exclude_none=True)
    return PeriodicReport(
        **values,
        project=project,
        year=period.year,
        quarter=period.last_month // 3,
        filed_on=data.filed_on or date.today(),
    )


def update_report(
    session: Session,
    report_id: int,
    data: ReportUpdate,
    actor: Actor,
    expected: int | None = None,
) -> PeriodicReport:
    report = get_report(session, report_id, actor, Action.change)
    changes, errors = update_changes(report.version, data, expected, REQUIRED)
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot(report)
    for name, value in changes.items():
        setattr(report, name, value)
    _commit(session, actor, report, "update", before)
    return report


def delete_report(
    session: Session, report_id: int, actor: Actor, expected: int | None = None
) -> None:
    report = get_report(session, report_id, actor, Action.delete)
    check_version(report.version, expected)
    before = snapshot(report)
    session.delete(report)
    _commit(session, actor, report, "delete", before)


def _commit(
    session: Session,
    actor: Actor,
    report: PeriodicReport,
    action: str,
    before: dict[str, Any] | None,
) -> bool:
    label = f"{report.project.certificate_number} {report.period}"
    return commit(session, actor, "periodic_report", report, action, before, snapshot, label)


def expected_projects(period: Period, zone: str | None = None) -> Select[Any]:
    """Projects that owe a report for ``period``: certified by its end, not terminated."""
    end = quarter_end(period)
    stmt = (
        select(Project)
        .join(Zone, Zone.id == Project.zone_id)
        .join(Enterprise, Enterprise.id == Project.enterprise_id)
        .where(Project.certificate_date < end, Project.status.not_in(NOT_REPORTING))
    )
    if zone:
        stmt = stmt.where(Zone.code == zone)
    return stmt


def missing(period: Period, zone: str | None = None) -> Select[Any]:
    """Projects that owe a report for ``period`` and have not filed it."""
    quarter = period.last_month // 3
    filed = select(PeriodicReport.project_id).where(
        PeriodicReport.year == period.year, PeriodicReport.quarter == quarter
    )
    return expected_projects(period, zone).where(Project.id.not_in(filed))


def non_reporters(
    session: Session, actor: Actor, period: Period, zone: str | None, as_of: date
) -> list[NonReporter]:
    """Who has not reported for ``period``, by zone, with the due date and days overdue."""
    policy.require_internal(actor)
    stmt = restrict(missing(period, zone), Project, actor, Action.view)
    stmt = stmt.options(*project_service.load_options()).order_by(
        Zone.code, Project.certificate_number
    )
    due = due_on(period.year, period.last_month // 3)
    return [
        NonReporter(
            project=project_ref(p),
            period=str(period),
            due_on=due,
            days_overdue=(as_of - due).days,
            email=p.enterprise.email,
        )
        for p in session.scalars(stmt)
    ]
