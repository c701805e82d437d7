"""The audit trail declared to the resource kit: a read-only list with filters, sorting,
export and detail, for the province's staff."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.audit.filters import audit_filter
from kcn.audit.schemas import AuditRead
from kcn.audit.service import require_reader
from kcn.kit.errors import NotFound
from kcn.kit.export import Column, attr
from kcn.kit.permissions import Action, restrict
from kcn.kit.resources import Context, Resource, register
from kcn.models import AuditRecord


def read_rows(session: Session, rows: Sequence[Any], ctx: Context) -> list[AuditRead]:
    return [AuditRead.model_validate(row[0]) for row in rows]


def read_one(session: Session, record_id: int, ctx: Context) -> AuditRead:
    require_reader(ctx.actor)
    stmt = select(AuditRecord).where(AuditRecord.id == record_id)
    record = session.scalar(restrict(stmt, AuditRecord, ctx.actor, Action.view))
    if record is None:
        raise NotFound("error.not_found")
    return AuditRead.model_validate(record)


def _header(name: str, width: int = 16) -> Column:
    return attr(name, width, f"audit.column.{name}")


EXPORT_COLUMNS = (
    _header("at", 20),
    _header("actor_name", 20),
    _header("via", 8),
    _header("object_type", 14),
    _header("object_id", 10),
    _header("object_label", 30),
    _header("action", 10),
    Column("changed", lambda r, _lang: ", ".join(r.changed), 40, "audit.column.changed"),
    _header("message", 30),
    _header("request_id", 20),
)

AUDIT = register(
    Resource(
        name="audit_record",
        path="/api/v1/audit",
        tag="audit",
        model=AuditRecord,
        read_schema=AuditRead,
        filter_dependency=audit_filter,
        sort_keys={
            "id": lambda f: AuditRecord.id,
            "at": lambda f: AuditRecord.at,
            "actor_name": lambda f: AuditRecord.actor_name,
            "object_type": lambda f: AuditRecord.object_type,
            "action": lambda f: AuditRecord.action,
        },
        tiebreak=lambda f: AuditRecord.id.desc(),
        read_rows=read_rows,
        read_one=read_one,
        export_columns=EXPORT_COLUMNS,
        export_name=lambda f: "kcn-audit",
        title_key="audit.title",
        describe=lambda r: {},
        label=lambda r: r.object_label,
        may_list=require_reader,
        plural="audit_records",
    )
)
