"""REST API of the audit trail: read only, for the province's staff."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from openpyxl import Workbook

from kcn.audit.filters import AuditFilter, audit_filter
from kcn.audit.schemas import AuditRead
from kcn.audit.service import require_reader
from kcn.auth.deps import ActorDep
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import translate
from kcn.kit.pagination import Page, page_count, paginate
from kcn.kit.xlsx import append_row

router = APIRouter(prefix="/api/v1", tags=["audit"])
FilterDep = Annotated[AuditFilter, Depends(audit_filter)]


@router.get("/audit", response_model=Page[AuditRead], summary="The audit trail, filtered")
def list_audit(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    filters: FilterDep,
    page: int = Query(1, ge=1),
    per_page: int | None = Query(None, ge=1, description="Default KCN_PAGE_SIZE."),
) -> Page[AuditRead]:
    require_reader(actor)
    settings = request.app.state.settings
    per_page = min(per_page or settings.page_size, settings.max_page_size)
    rows, total = paginate(session, filters.query(actor), page, per_page)
    items = [AuditRead.model_validate(r[0]) for r in rows]
    return Page(
        items=items, total=total, page=page, per_page=per_page, pages=page_count(total, per_page)
    )


@router.get("/audit/export.xlsx", summary="The filtered audit trail as XLSX")
def export_audit(
    session: SessionDep, actor: ActorDep, lang: LangDep, filters: FilterDep
) -> StreamingResponse:
    require_reader(actor)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = translate("audit.title", lang)[:31]
    columns = ("at", "actor_name", "via", "object_type", "object_id", "object_label", "action",
               "changed", "message", "request_id")  # fmt: skip
    append_row(sheet, [translate(f"audit.column.{c}", lang) for c in columns])
    for (record,) in session.execute(filters.query(actor)):
        read = AuditRead.model_validate(record)
        row = read.model_dump()
        row["changed"] = ", ".join(read.changed)
        row["at"] = read.at.replace(tzinfo=None)
        append_row(sheet, [row[c] for c in columns])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {"Content-Disposition": 'attachment; filename="kcn-audit.xlsx"'}
    return StreamingResponse(data, media_type=media, headers=headers)
