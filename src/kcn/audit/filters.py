"""The one filter of the audit trail, for the API, the page and the export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fastapi import Query
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kcn.audit import service as _service  # noqa: F401  (registers the audit policy)
from kcn.kit.permissions import Action, Actor, restrict
from kcn.models import AuditRecord


@dataclass
class AuditFilter:
    user: str | None = None
    user_id: int | None = None
    object_type: str | None = None
    object_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "-id"

    def query(self, session: Session | None, actor: Actor) -> Select[Any]:
        """The records ``actor`` may read, filtered; the resource kit sorts them."""
        stmt = restrict(select(AuditRecord), AuditRecord, actor, Action.view)
        if self.user:
            stmt = stmt.where(AuditRecord.actor_name == self.user)
        if self.user_id is not None:
            stmt = stmt.where(AuditRecord.actor_id == self.user_id)
        if self.object_type:
            stmt = stmt.where(AuditRecord.object_type == self.object_type)
        if self.object_id is not None:
            stmt = stmt.where(AuditRecord.object_id == self.object_id)
        if self.date_from:
            stmt = stmt.where(AuditRecord.at >= datetime.combine(self.date_from, time.min, UTC))
        if self.date_to:
            end = datetime.combine(self.date_to + timedelta(days=1), time.min, UTC)
            stmt = stmt.where(AuditRecord.at < end)
        return stmt

    def params(self) -> dict[str, str]:
        values = {
            "user": self.user,
            "user_id": None if self.user_id is None else str(self.user_id),
            "object_type": self.object_type,
            "object_id": None if self.object_id is None else str(self.object_id),
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "sort": None if self.sort == "-id" else self.sort,
        }
        return {k: v for k, v in values.items() if v}


def audit_filter(
    user: str | None = Query(None, max_length=200, description="Actor name as recorded."),
    user_id: int | None = Query(None, ge=1, description="Actor's user id."),
    object_type: str | None = Query(None, max_length=64, description="zone, user, api_token…"),
    object_id: int | None = Query(None, ge=1),
    date_from: date | None = Query(None, description="From this day (UTC), inclusive."),
    date_to: date | None = Query(None, description="To this day (UTC), inclusive."),
    sort: str = Query(
        "-id",
        max_length=40,
        description="id, at, actor_name, object_type or action; '-' for descending.",
    ),
) -> AuditFilter:
    return AuditFilter(
        user or None, user_id, object_type or None, object_id, date_from, date_to, sort
    )
