"""The one filter definition of each list (periodic reports, support requests), shared by the
API, the pages and the exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Query
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kcn.kit.permissions import Action, Actor, restrict
from kcn.models import Enterprise, PeriodicReport, Project, SupportRequest, Zone
from kcn.monitoring import reports, requests
from kcn.monitoring.schemas import Agency, State, Topic, parse_quarter

ZONE = Query(None, max_length=40, description="Zone code.")
ENTERPRISE = Query(None, max_length=20, description="Tax code.")


def _sort(keys: dict[str, Any], default: str) -> Any:
    return Query(
        default, max_length=40, description=f"One of {', '.join(keys)}; '-' first for descending."
    )


REPORT_SORT: dict[str, Callable[[Any], Any]] = {
    "period": lambda f: PeriodicReport.year * 10 + PeriodicReport.quarter,
    "filed_on": lambda f: PeriodicReport.filed_on,
    "project": lambda f: Project.certificate_number,
    "capital_implemented_usd": lambda f: PeriodicReport.capital_implemented_usd,
    "net_revenue_usd": lambda f: PeriodicReport.net_revenue_usd,
}


@dataclass
class ReportFilter:
    zone: str | None = None
    enterprise: str | None = None
    project: str | None = None
    period: str | None = None
    sort: str = "-period"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = (
            select(PeriodicReport)
            .join(Project, Project.id == PeriodicReport.project_id)
            .join(Zone, Zone.id == Project.zone_id)
            .join(Enterprise, Enterprise.id == Project.enterprise_id)
            .options(*reports.load_options())
        )
        stmt = restrict(stmt, PeriodicReport, actor, Action.view)
        if self.zone:
            stmt = stmt.where(Zone.code == self.zone)
        if self.enterprise:
            stmt = stmt.where(Enterprise.tax_code == self.enterprise)
        if self.project:
            stmt = stmt.where(Project.certificate_number == self.project)
        if self.period:
            period = parse_quarter(self.period)
            stmt = stmt.where(
                PeriodicReport.year == period.year,
                PeriodicReport.quarter == period.last_month // 3,
            )
        return stmt

    def params(self) -> dict[str, str]:
        values = {k: getattr(self, k) for k in ("zone", "enterprise", "project", "period", "sort")}
        return {k: v for k, v in values.items() if v}


def report_filter(
    zone: str | None = ZONE,
    enterprise: str | None = ENTERPRISE,
    project: str | None = Query(None, max_length=40, description="Certificate number."),
    period: str | None = Query(None, pattern=r"^\d{4}-Q[1-4]$", description="2024-Q2"),
    sort: str = _sort(REPORT_SORT, "-period"),
) -> ReportFilter:
    return ReportFilter(zone or None, enterprise or None, project or None, period or None, sort)


REQUEST_SORT: dict[str, Callable[[Any], Any]] = {
    "id": lambda f: SupportRequest.id,
    "received_on": lambda f: SupportRequest.received_on,
    "due_on": lambda f: SupportRequest.due_on,
    "topic": lambda f: SupportRequest.topic,
    "state": lambda f: SupportRequest.state,
}


@dataclass
class RequestFilter:
    enterprise: str | None = None
    topic: str | None = None
    state: str | None = None
    agency: str | None = None
    sort: str = "-received_on"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = (
            select(SupportRequest)
            .join(Enterprise, Enterprise.id == SupportRequest.enterprise_id)
            .options(*requests.load_options())
        )
        stmt = restrict(stmt, SupportRequest, actor, Action.view)
        if self.enterprise:
            stmt = stmt.where(Enterprise.tax_code == self.enterprise)
        if self.topic:
            stmt = stmt.where(SupportRequest.topic == self.topic)
        if self.state:
            stmt = stmt.where(SupportRequest.state == self.state)
        if self.agency:
            stmt = stmt.where(SupportRequest.agency == self.agency)
        return stmt

    def params(self) -> dict[str, str]:
        values = {k: getattr(self, k) for k in ("enterprise", "topic", "state", "agency", "sort")}
        return {k: v for k, v in values.items() if v}


def request_filter(
    enterprise: str | None = ENTERPRISE,
    topic: Topic | None = Query(None, description="Topic of the request."),
    state: State | None = Query(None, description="Where its handling stands."),
    agency: Agency | None = Query(None, description="The agency it is assigned to."),
    sort: str = _sort(REQUEST_SORT, "-received_on"),
) -> RequestFilter:
    return RequestFilter(enterprise or None, topic, state, agency, sort)
