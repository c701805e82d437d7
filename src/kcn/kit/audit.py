"""Write the audit record of a change, in the transaction of the change itself."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kcn.kit.permissions import Actor
from kcn.models import AuditRecord


def jsonable(value: Any) -> Any:
    """Decimals, dates and nested values as JSON (Decimal as a string, exactly)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def record(
    session: Session,
    actor: Actor,
    object_type: str,
    object_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    label: str = "",
) -> AuditRecord:
    """Add one audit record to ``session``; it commits (or rolls back) with the change."""
    entry = AuditRecord(
        actor_id=actor.user_id,
        actor_name=actor.name,
        via=actor.via,
        object_type=object_type,
        object_id=object_id,
        object_label=label[:300],
        action=action,
        before=jsonable(before),
        after=jsonable(after),
        request_id=actor.request_id,
        message=actor.message[:2000],
    )
    session.add(entry)
    return entry
