"""Write the audit record of a change, in the transaction of the change itself.

The kit knows no table: the audit domain registers the writer (:func:`set_writer`) that adds
the record to the session, so that a service, or the resource kit, only says what changed.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from kcn.kit.permissions import Actor


class Writer(Protocol):
    def __call__(
        self,
        session: Session,
        actor: Actor,
        object_type: str,
        object_id: int,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        label: str,
    ) -> None: ...


_WRITER: list[Writer] = []


def set_writer(writer: Writer) -> None:
    """Register the function that stores audit records (the audit domain does, on import)."""
    _WRITER[:] = [writer]


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
) -> None:
    """Add one audit record to ``session``; it commits (or rolls back) with the change."""
    if not _WRITER:
        raise RuntimeError("no audit writer registered: import kcn.audit.service")
    _WRITER[0](
        session, actor, object_type, object_id, action, jsonable(before), jsonable(after), label
    )


def column_values(obj: Any, columns: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The current value of each mapped column of ``obj`` (or of ``columns``)."""
    mapper = inspect(obj).mapper
    names = columns or tuple(attr.key for attr in mapper.column_attrs)
    return {name: getattr(obj, name) for name in names}


def changed_columns(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Before and after of every column of ``obj`` changed in this session, from SQLAlchemy's
    own change tracking (call before the flush)."""
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes():
            before[attr.key] = history.deleted[0] if history.deleted else None
            after[attr.key] = history.added[0] if history.added else None
    return before, after
