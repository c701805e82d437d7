"""Who may see and change zones.

Everyone, anonymous visitors included, reads the registry: it is what a province publishes
(internal notes aside, see :func:`sees_internal`). The zone board writes parks, the department
of industry and trade writes clusters, an administrator both; a user limited to some zones or
administrative units writes only those.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from kcn.audit.service import register_scope
from kcn.kit.permissions import Action, Actor, Forbidden, grant, policy, require_write
from kcn.models import Zone
from kcn.zones.pipeline import KINDS

for _kind in KINDS:
    grant("admin", f"zone.{_kind}")
grant("zone_board", "zone.industrial_park")
grant("industry_trade", "zone.industrial_cluster")


def in_scope(actor: Actor) -> ColumnElement[bool]:
    if not actor.scoped:
        return true()
    return or_(Zone.id.in_(actor.zone_ids), Zone.admin_unit_id.in_(actor.unit_ids))


@policy(Zone)
def zone_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        return true()
    kinds = [k for k in KINDS if actor.granted(f"zone.{k}", action)]
    return and_(Zone.kind.in_(kinds), in_scope(actor)) if kinds else false()


register_scope("zone", lambda actor: select(Zone.id).where(in_scope(actor)))


def require_add(actor: Actor, kind: str, admin_unit_id: int | None) -> None:
    """May ``actor`` register a zone of ``kind`` in that unit? 401/403 if not."""
    require_write(actor, f"zone.{kind}", Action.add)
    if actor.scoped and admin_unit_id not in actor.unit_ids:
        raise Forbidden("zone.out_of_scope")


def sees_internal(actor: Actor) -> bool:
    """Internal notes are for the province's own staff, not the public or enterprises."""
    return actor.is_internal
