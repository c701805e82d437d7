"""What the readiness pages and ``kcn clearance status`` show, read from the metrics registry
(one shared computation, so the tasks and works are loaded once): each task's and work's
progress and risk, each zone's land cleared and ready, works at risk and labour gap, sorted by
risk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.kit.permissions import Action, Actor, restrict
from kcn.models import AdminUnit, ClearanceTask, InfraWork, LabourSupply, Zone
from kcn.readiness import clearance
from kcn.readiness.works import WORKS


@dataclass
class Row:
    """One task or work with its figures (metric values) and state."""

    obj: Any
    figures: dict[str, Decimal | None]
    flags: frozenset[str]
    is_demo: bool

    @property
    def at_risk(self) -> bool:
        return "at_risk" in self.flags

    @property
    def state(self) -> str:
        for state in ("done", "stalled", "in_progress", "not_started"):
            if state in self.flags:
                return state
        return "not_started"

    @property
    def reasons(self) -> list[str]:
        return [r for r in ("late", "stalled", "no_report") if r in self.flags]

    def risk_key(self) -> tuple[int, int, int]:
        """At risk first; then stalled (no forecast), then the most days late."""
        delay = self.figures.get("delay_days")
        return (
            0 if self.at_risk else 1,
            0 if self.state == "stalled" else 1,
            -int(delay) if delay is not None else 0,
        )


TASK_FIGURES = {
    "pct_area": "readiness.clearance_pct_area",
    "pct_households": "readiness.clearance_pct_households",
    "pct_money": "readiness.clearance_pct_money",
    "pace_ha_month": "readiness.clearance_pace",
    "delay_days": "readiness.clearance_delay_days",
}
WORK_FIGURES = {
    "pct_value": "readiness.works_pct_value",
    "delay_days": "readiness.works_delay_days",
}
ZONE_FIGURES = {
    "to_clear_ha": "readiness.land_to_clear_ha",
    "cleared_ha": "readiness.cleared_ha",
    "clean_ha": "readiness.clean_land_ha",
    "tasks_at_risk": "readiness.clearance_at_risk_count",
    "works_at_risk": "readiness.works_at_risk_count",
    "labour_demand": "labour.demand",
    "labour_demand_projects": "labour.demand_projects",
    "labour_demand_expansion": "labour.demand_expansion",
    "housing_places": "labour.housing_places",
    "labour_gap": "labour.gap",
}
DISTRICT_FIGURES = {
    "labour_demand": "labour.demand",
    "labour_demand_projects": "labour.demand_projects",
    "labour_demand_expansion": "labour.demand_expansion",
    "working_age": "labour.working_age_population",
    "graduates": "labour.vocational_graduates",
    "labour_gap": "labour.gap",
}


def _row(
    context: metrics.Context, obj: Any, figures: dict[str, str], params: dict[str, Any]
) -> Row:
    values: dict[str, Decimal | None] = {}
    flags: frozenset[str] = frozenset()
    demo = False
    for key, name in figures.items():
        result = metrics.compute_in(context, name, params)
        values[key] = result.value
        flags |= result.flags
        demo = demo or result.is_demo
    return Row(obj, values, flags, demo)


def task_row(context: metrics.Context, task: ClearanceTask, as_of: date) -> Row:
    return _row(context, task, TASK_FIGURES, {"task": task.id, "as_of": as_of})


def work_row(context: metrics.Context, work: InfraWork, as_of: date) -> Row:
    return _row(context, work, WORK_FIGURES, {"work": work.id, "as_of": as_of})


def tasks(session: Session, actor: Actor, as_of: date, zone: Zone | None = None) -> list[Row]:
    """The clearance tasks ``actor`` may see, most at risk first."""
    context = metrics.Context(session)
    stmt = restrict(select(ClearanceTask), ClearanceTask, actor, Action.view)
    if zone is not None:
        stmt = stmt.where(ClearanceTask.zone_id == zone.id)
    found = session.scalars(stmt.options(*clearance.TASKS.options()).order_by(ClearanceTask.id))
    rows = [task_row(context, t, as_of) for t in found]
    return sorted(rows, key=lambda r: (*r.risk_key(), r.obj.deadline, r.obj.id))


def works(session: Session, actor: Actor, as_of: date, zone: Zone | None = None) -> list[Row]:
    context = metrics.Context(session)
    stmt = restrict(select(InfraWork), InfraWork, actor, Action.view)
    if zone is not None:
        stmt = stmt.where(InfraWork.zone_id == zone.id)
    found = session.scalars(stmt.options(*WORKS.options()).order_by(InfraWork.id))
    rows = [work_row(context, w, as_of) for w in found]
    return sorted(rows, key=lambda r: (*r.risk_key(), r.obj.planned_completion, r.obj.id))


@dataclass
class ZoneRow:
    zone: Zone
    figures: dict[str, Decimal | None]
    deadline: date | None
    is_demo: bool

    def risk_key(self) -> tuple[Decimal, str]:
        at_risk = (self.figures["tasks_at_risk"] or 0) + (self.figures["works_at_risk"] or 0)
        return (-Decimal(at_risk), self.zone.code)


def zones(session: Session, actor: Actor, as_of: date) -> list[ZoneRow]:
    """Every zone with clearance tasks or works, most at risk first."""
    if not actor.is_internal:
        return []
    ids = set(session.scalars(select(ClearanceTask.zone_id))) | set(
        session.scalars(select(InfraWork.zone_id))
    )
    found = session.scalars(select(Zone).where(Zone.id.in_(ids)).order_by(Zone.code))
    context = metrics.Context(session)
    deadlines = {
        zone_id: deadline
        for zone_id, deadline in session.execute(
            select(ClearanceTask.zone_id, ClearanceTask.deadline).order_by(
                ClearanceTask.deadline.desc()
            )
        )
    }
    rows = []
    for zone in found:
        row = _row(context, zone, ZONE_FIGURES, {"zone": zone.code, "as_of": as_of})
        rows.append(ZoneRow(zone, row.figures, deadlines.get(zone.id), row.is_demo))
    return sorted(rows, key=ZoneRow.risk_key)


def districts(session: Session, as_of: date) -> list[Row]:
    """Labour demand, supply and gap of each district with supply figures."""
    ids = set(session.scalars(select(LabourSupply.admin_unit_id)))
    units = session.scalars(select(AdminUnit).where(AdminUnit.id.in_(ids)).order_by(AdminUnit.code))
    context = metrics.Context(session)
    return [
        _row(context, unit, DISTRICT_FIGURES, {"district": unit.code, "as_of": as_of})
        for unit in units
    ]


def province(session: Session, as_of: date) -> dict[str, Decimal | None]:
    context = metrics.Context(session)
    names = {k: v for k, v in ZONE_FIGURES.items() if not k.startswith(("labour", "housing"))}
    return {k: metrics.compute_in(context, n, {"as_of": as_of}).value for k, n in names.items()}


def history(session: Session, task: ClearanceTask) -> list[tuple[date, Decimal | None]]:
    """The share of the task's land handed over on each report date (for the chart)."""
    context = metrics.Context(session)
    name = "readiness.clearance_pct_area"
    return [
        (
            r.reported_on,
            metrics.compute_in(context, name, {"task": task.id, "as_of": r.reported_on}).value,
        )
        for r in task.reports
    ]
