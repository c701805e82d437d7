"""The audit trail page, for the province's staff."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from kcn.audit.changes import entries
from kcn.audit.filters import AuditFilter, audit_filter
from kcn.audit.resources import AUDIT
from kcn.audit.schemas import AuditRead
from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.pagination import page_count, paginate
from kcn.kit.render import render

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    filters: Annotated[AuditFilter, Depends(audit_filter)],
    page: int = Query(1, ge=1),
) -> HTMLResponse:
    per_page = request.app.state.settings.page_size
    timezone = request.app.state.settings.timezone
    stmt = AUDIT.list_query(session, actor, filters)
    rows, total = paginate(session, stmt, per_page, (page - 1) * per_page)
    context = {
        "f": filters,
        "records": entries([AuditRead.model_validate(r[0]) for r in rows], lang, timezone),
        "total": total,
        "page": page,
        "pages": page_count(total, per_page),
        "export_query": urlencode(filters.params()),
    }
    return render(request, "audit/list.html", context)
