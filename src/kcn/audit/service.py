"""The audit trail's own rules: how a record is stored, and whose records a scoped user reads.

The audit domain knows no other domain. Each domain registers how to find the records of its
own objects that a user limited to some zones or units may read (:func:`register_scope`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import Session

from kcn.kit import audit as kit_audit
from kcn.kit.permissions import Action, Actor, Forbidden, NotAuthenticated, policy, restrict
from kcn.models import AuditRecord

# object_type → (actor → SELECT of the ids of that type the scoped actor may read)
ScopeRule = Callable[[Actor], Select[Any]]
_SCOPES: dict[str, ScopeRule] = {}


def register_scope(object_type: str, rule: ScopeRule) -> None:
    """Let a user limited to some zones or units read the records of ``object_type`` whose
    object ids ``rule(actor)`` selects."""
    _SCOPES[object_type] = rule


def scoped_clause(actor: Actor) -> ColumnElement[bool]:
    """Records a scoped actor may read: those of objects inside the actor's limit."""
    clauses = [
        and_(AuditRecord.object_type == kind, AuditRecord.object_id.in_(rule(actor)))
        for kind, rule in _SCOPES.items()
    ]
    return or_(*clauses) if clauses else false()


@policy(AuditRecord)
def audit_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    """The province's own staff read the trail; a scoped user, the records inside the limit.
    Nobody may change it."""
    if action != Action.view or not actor.is_internal:
        return false()
    if not actor.scoped:
        return true()
    return scoped_clause(actor)


def require_reader(actor: Actor) -> None:
    """401 for a visitor, 403 for anyone but the province's staff."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not actor.is_internal:
        raise Forbidden()


def history(session: Session, actor: Actor, object_type: str, object_id: int) -> list[AuditRecord]:
    """The records of one object that ``actor`` may read, newest first."""
    stmt = select(AuditRecord).where(
        AuditRecord.object_type == object_type, AuditRecord.object_id == object_id
    )
    stmt = restrict(stmt, AuditRecord, actor, Action.view).order_by(AuditRecord.id.desc())
    return list(session.scalars(stmt))


def _write(
    session: Session,
    actor: Actor,
    object_type: str,
    object_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    label: str,
) -> None:
    session.add(
        AuditRecord(
            actor_id=actor.user_id,
            actor_name=actor.name,
            via=actor.via,
            object_type=object_type,
            object_id=object_id,
            object_label=label[:300],
            action=action,
            before=before,
            after=after,
            request_id=actor.request_id,
            message=actor.message[:2000],
        )
    )


kit_audit.set_writer(_write)
