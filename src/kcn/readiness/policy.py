"""Who may see and change readiness records (applied in the query).

The province's staff read everything; enterprises and visitors read none of it. The zone
board writes the tasks, works and reports of the parks in its scope
(``zones.policy.in_scope``); an administrator writes everything. Labour supply covers
districts, so only the zone board without a scope and administrators write it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, select, true

from kcn.kit.permissions import (
    Action,
    Actor,
    Forbidden,
    NotAuthenticated,
    Policy,
    grant,
    policy,
)
from kcn.models import ClearanceReport, ClearanceTask, InfraReport, InfraWork, LabourSupply, Zone
from kcn.zones.policy import in_scope

NAMES = ("clearance_task", "clearance_report", "infra_work", "infra_report", "labour_supply")
for _name in NAMES:
    grant("admin", _name)
    grant("zone_board", _name)


def require_reader(actor: Actor) -> None:
    """Lists are for the province's staff: 401 for a visitor, 403 for an enterprise."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not actor.is_internal:
        raise Forbidden()


def require_writer(actor: Actor, resource: str, action: Action) -> None:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not actor.granted(resource, action):
        raise Forbidden()


def writable_zones(actor: Actor, resource: str, action: Action) -> ColumnElement[bool]:
    """The zones where ``actor`` may ``action`` records of ``resource``."""
    if not actor.granted(resource, action):
        return false()
    if actor.role == "admin":
        return true()
    return (Zone.kind == "industrial_park") & in_scope(actor)


def _zone_rule(column: Any, resource: str) -> Policy:
    def rule(actor: Actor, action: Action) -> ColumnElement[bool]:
        if action == Action.view:
            return true() if actor.is_internal else false()
        zones = select(Zone.id).where(writable_zones(actor, resource, action))
        allowed: ColumnElement[bool] = column.in_(zones)
        return allowed

    return rule


policy(ClearanceTask)(_zone_rule(ClearanceTask.zone_id, "clearance_task"))
policy(InfraWork)(_zone_rule(InfraWork.zone_id, "infra_work"))


@policy(ClearanceReport)
def clearance_report_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        return true() if actor.is_internal else false()
    zones = select(Zone.id).where(writable_zones(actor, "clearance_report", action))
    tasks = select(ClearanceTask.id).where(ClearanceTask.zone_id.in_(zones))
    return ClearanceReport.task_id.in_(tasks)


@policy(InfraReport)
def infra_report_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        return true() if actor.is_internal else false()
    zones = select(Zone.id).where(writable_zones(actor, "infra_report", action))
    works = select(InfraWork.id).where(InfraWork.zone_id.in_(zones))
    return InfraReport.work_id.in_(works)


@policy(LabourSupply)
def labour_supply_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        return true() if actor.is_internal else false()
    if not actor.granted("labour_supply", action):
        return false()
    if actor.scoped:
        zones = select(Zone.id).where(in_scope(actor))
        return LabourSupply.zone_id.in_(zones)
    return true()
