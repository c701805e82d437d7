"""The one filter definition of each readiness list, shared by the API, the pages and the
exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Query
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kcn.kit.permissions import Action, Actor, restrict
from kcn.models import (
    AdminUnit,
    ClearanceReport,
    ClearanceTask,
    InfraReport,
    InfraWork,
    LabourSupply,
    Zone,
)
from kcn.readiness import clearance, labour, works
from kcn.readiness.schemas import SupplyKind, WorkKind

ZONE = Query(None, max_length=40, description="Zone code.")
AS_OF = Query(None, description="Date of the progress figures (default: today).")
SortKeys = dict[str, Callable[[Any], Any]]


def _sort(keys: SortKeys, default: str) -> Any:
    return Query(
        default, max_length=40, description=f"One of {', '.join(keys)}; '-' first for descending."
    )


def _zone_ids(code: str) -> Select[Any]:
    return select(Zone.id).where(Zone.code == code)


def _params(obj: Any, names: tuple[str, ...]) -> dict[str, str]:
    values = {k: getattr(obj, k) for k in names}
    return {k: str(v) for k, v in values.items() if v not in (None, "")}


TASK_SORT: SortKeys = {
    "id": lambda f: ClearanceTask.id,
    "deadline": lambda f: ClearanceTask.deadline,
    "start_date": lambda f: ClearanceTask.start_date,
    "compensation_planned_vnd": lambda f: ClearanceTask.compensation_planned_vnd,
}


@dataclass
class TaskFilter:
    zone: str | None = None
    sort: str = "deadline"
    as_of: date | None = None

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = restrict(select(ClearanceTask), ClearanceTask, actor, Action.view)
        if self.zone:
            stmt = stmt.where(ClearanceTask.zone_id.in_(_zone_ids(self.zone)))
        return stmt.options(*clearance.TASKS.options())

    def params(self) -> dict[str, str]:
        return _params(self, ("zone", "sort", "as_of"))


def task_filter(
    zone: str | None = ZONE,
    sort: str = _sort(TASK_SORT, "deadline"),
    as_of: date | None = AS_OF,
) -> TaskFilter:
    return TaskFilter(zone or None, sort, as_of)


@dataclass
class AsOf:
    """The date a record's progress is read on (the detail's ``as_of``; default today), as
    the lists' filters give it."""

    as_of: date | None = None


def as_of_param(as_of: date | None = AS_OF) -> AsOf:
    return AsOf(as_of)


CLEARANCE_REPORT_SORT: SortKeys = {
    "id": lambda f: ClearanceReport.id,
    "reported_on": lambda f: ClearanceReport.reported_on,
    "handed_over_ha": lambda f: ClearanceReport.handed_over_ha,
}


@dataclass
class ClearanceReportFilter:
    task: int | None = None
    zone: str | None = None
    sort: str = "reported_on"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = restrict(select(ClearanceReport), ClearanceReport, actor, Action.view)
        if self.task:
            stmt = stmt.where(ClearanceReport.task_id == self.task)
        if self.zone:
            tasks = select(ClearanceTask.id).where(ClearanceTask.zone_id.in_(_zone_ids(self.zone)))
            stmt = stmt.where(ClearanceReport.task_id.in_(tasks))
        return stmt.options(*clearance.REPORTS.options())

    def params(self) -> dict[str, str]:
        return _params(self, ("task", "zone", "sort"))


def clearance_report_filter(
    task: int | None = Query(None, ge=1, le=2**63 - 1, description="Clearance task id."),
    zone: str | None = ZONE,
    sort: str = _sort(CLEARANCE_REPORT_SORT, "reported_on"),
) -> ClearanceReportFilter:
    return ClearanceReportFilter(task, zone or None, sort)


WORK_SORT: SortKeys = {
    "id": lambda f: InfraWork.id,
    "kind": lambda f: InfraWork.kind,
    "planned_completion": lambda f: InfraWork.planned_completion,
    "planned_value_vnd": lambda f: InfraWork.planned_value_vnd,
}


@dataclass
class WorkFilter:
    zone: str | None = None
    kind: str | None = None
    sort: str = "planned_completion"
    as_of: date | None = None

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = restrict(select(InfraWork), InfraWork, actor, Action.view)
        if self.zone:
            stmt = stmt.where(InfraWork.zone_id.in_(_zone_ids(self.zone)))
        if self.kind:
            stmt = stmt.where(InfraWork.kind == self.kind)
        return stmt.options(*works.WORKS.options())

    def params(self) -> dict[str, str]:
        return _params(self, ("zone", "kind", "sort", "as_of"))


def work_filter(
    zone: str | None = ZONE,
    kind: WorkKind | None = Query(None, description="Kind of work."),
    sort: str = _sort(WORK_SORT, "planned_completion"),
    as_of: date | None = AS_OF,
) -> WorkFilter:
    return WorkFilter(zone or None, kind, sort, as_of)


INFRA_REPORT_SORT: SortKeys = {
    "id": lambda f: InfraReport.id,
    "reported_on": lambda f: InfraReport.reported_on,
    "completed_value_vnd": lambda f: InfraReport.completed_value_vnd,
}


@dataclass
class InfraReportFilter:
    work: int | None = None
    zone: str | None = None
    sort: str = "reported_on"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = restrict(select(InfraReport), InfraReport, actor, Action.view)
        if self.work:
            stmt = stmt.where(InfraReport.work_id == self.work)
        if self.zone:
            work_ids = select(InfraWork.id).where(InfraWork.zone_id.in_(_zone_ids(self.zone)))
            stmt = stmt.where(InfraReport.work_id.in_(work_ids))
        return stmt.options(*works.REPORTS.options())

    def params(self) -> dict[str, str]:
        return _params(self, ("work", "zone", "sort"))


def infra_report_filter(
    work: int | None = Query(None, ge=1, le=2**63 - 1, description="Infrastructure work id."),
    zone: str | None = ZONE,
    sort: str = _sort(INFRA_REPORT_SORT, "reported_on"),
) -> InfraReportFilter:
    return InfraReportFilter(work, zone or None, sort)


SUPPLY_SORT: SortKeys = {
    "id": lambda f: LabourSupply.id,
    "kind": lambda f: LabourSupply.kind,
    "year": lambda f: LabourSupply.year,
    "value": lambda f: LabourSupply.value,
}


@dataclass
class SupplyFilter:
    kind: str | None = None
    year: int | None = None
    area: str | None = None
    zone: str | None = None
    sort: str = "id"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = restrict(select(LabourSupply), LabourSupply, actor, Action.view)
        if self.kind:
            stmt = stmt.where(LabourSupply.kind == self.kind)
        if self.year:
            stmt = stmt.where(LabourSupply.year == self.year)
        if self.area:
            units = select(AdminUnit.id).where(AdminUnit.code == self.area)
            stmt = stmt.where(LabourSupply.admin_unit_id.in_(units))
        if self.zone:
            stmt = stmt.where(LabourSupply.zone_id.in_(_zone_ids(self.zone)))
        return stmt.options(*labour.SUPPLY.options())

    def params(self) -> dict[str, str]:
        return _params(self, ("kind", "year", "area", "zone", "sort"))


def supply_filter(
    kind: SupplyKind | None = Query(None, description="Kind of observation."),
    year: int | None = Query(None, ge=1990, le=2100),
    area: str | None = Query(None, max_length=16, description="District code."),
    zone: str | None = ZONE,
    sort: str = _sort(SUPPLY_SORT, "id"),
) -> SupplyFilter:
    return SupplyFilter(kind, year, area or None, zone or None, sort)
