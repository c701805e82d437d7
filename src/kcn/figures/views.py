"""Web page of published figures beside what the registry derives."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kcn.auth.deps import PAGE_DEPENDENCIES
from kcn.figures import service
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.render import render

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)


@router.get("/figures", response_class=HTMLResponse)
def reconciliation_page(request: Request, session: SessionDep, lang: LangDep) -> HTMLResponse:
    return render(
        request, "figures/reconciliation.html", {"result": service.reconcile(session, lang)}
    )
