"""Who may see and change enterprises, projects and leases (applied in the query).

The province's staff read everything; an enterprise's own account reads its enterprise (by
tax code, branches included), its projects and their leases; visitors read none of it. The zone
board writes projects and leases in parks, the department of industry and trade in clusters,
both within their scope (``zones.policy.in_scope``); an administrator writes everything.
Enterprises themselves are written by the staff who register projects.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, select, true

from kcn.kit.permissions import Action, Actor, Forbidden, NotAuthenticated, grant, policy
from kcn.models import Enterprise, Lease, Project, Zone
from kcn.zones.pipeline import KINDS
from kcn.zones.policy import in_scope

ENTERPRISE = "enterprise"
WRITERS = {"zone_board": ("industrial_park",), "industry_trade": ("industrial_cluster",)}

grant("admin", ENTERPRISE)
for _kind in KINDS:
    grant("admin", f"project.{_kind}")
for _role, _kinds in WRITERS.items():
    grant(_role, ENTERPRISE)
    for _kind in _kinds:
        grant(_role, f"project.{_kind}")


def own_enterprises(actor: Actor) -> ColumnElement[bool]:
    """The enterprise (and its branches) an enterprise account acts for."""
    tax = actor.enterprise_tax_code
    if not tax:
        return false()
    return or_(Enterprise.tax_code == tax, Enterprise.tax_code.like(f"{tax}-%"))


def writable_kinds(actor: Actor, action: Action) -> list[str]:
    return [k for k in KINDS if actor.granted(f"project.{k}", action)]


def require_writer(actor: Actor, action: Action) -> None:
    """401 for a visitor, 403 for a role that writes projects and leases nowhere."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not writable_kinds(actor, action):
        raise Forbidden()


def require_reader(actor: Actor) -> None:
    """Lists are for signed-in users (an enterprise sees only its own rows)."""
    if not actor.is_authenticated:
        raise NotAuthenticated()


@policy(Enterprise)
def enterprise_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        if actor.is_internal:
            return true()
        return own_enterprises(actor)
    return true() if actor.granted(ENTERPRISE, action) else false()


def _zones_writable(actor: Actor, action: Action) -> ColumnElement[bool] | None:
    kinds = writable_kinds(actor, action)
    if not kinds:
        return None
    return Zone.kind.in_(kinds) & in_scope(actor)


@policy(Project)
def project_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        if actor.is_internal:
            return true()
        mine = select(Enterprise.id).where(own_enterprises(actor))
        return Project.enterprise_id.in_(mine)
    zones = _zones_writable(actor, action)
    if zones is None:
        return false()
    return Project.zone_id.in_(select(Zone.id).where(zones))


@policy(Lease)
def lease_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        if actor.is_internal:
            return true()
        mine = select(Project.id).join(Enterprise).where(own_enterprises(actor))
        return Lease.project_id.in_(mine)
    zones = _zones_writable(actor, action)
    if zones is None:
        return false()
    return Lease.zone_id.in_(select(Zone.id).where(zones))


def writable_zone(actor: Actor, action: Action) -> ColumnElement[bool]:
    """The zones where ``actor`` may ``action`` projects and leases."""
    zones = _zones_writable(actor, action)
    return false() if zones is None else zones
