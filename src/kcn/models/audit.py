"""The audit trail: one append-only record per create, update or delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kcn.db import Base
from kcn.models.mixins import utcnow


class AuditRecord(Base):
    """Who changed what, when, from what to what. The database refuses updates and deletes."""

    __tablename__ = "audit_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Kept as plain values, not a foreign key: the name stays even after the user is disabled.
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_name: Mapped[str] = mapped_column(String(200), index=True)
    via: Mapped[str] = mapped_column(String(16))  # api, web, cli, import
    object_type: Mapped[str] = mapped_column(String(64), index=True)
    object_id: Mapped[int] = mapped_column(Integer, index=True)
    object_label: Mapped[str] = mapped_column(String(300), default="")
    action: Mapped[str] = mapped_column(String(16), index=True)  # create, update, delete
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    request_id: Mapped[str] = mapped_column(String(64), default="")
    message: Mapped[str] = mapped_column(Text, default="")
