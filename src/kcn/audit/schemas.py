"""API shape of audit records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import computed_field

from kcn.kit.schemas import Schema


class AuditRead(Schema):
    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    via: str
    object_type: str
    object_id: int
    object_label: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str
    message: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def changed(self) -> list[str]:
        """The top-level fields whose value differs between before and after."""
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
