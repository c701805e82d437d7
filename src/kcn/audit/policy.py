"""Who may read the audit trail: the province's own staff; a user limited to some zones
reads the history of those zones only. Nobody may change it."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, select, true

from kcn.kit.permissions import Action, Actor, policy
from kcn.models import AuditRecord, Zone
from kcn.zones.policy import in_scope


@policy(AuditRecord)
def audit_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action != Action.view or not actor.is_internal:
        return false()
    if not actor.scoped:
        return true()
    zones = select(Zone.id).where(in_scope(actor))
    return and_(AuditRecord.object_type == "zone", AuditRecord.object_id.in_(zones))
