"""Web pages of enterprises and projects: the filtered lists (the API's query) and an
enterprise's page with its projects, leases and history."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from kcn.audit.schemas import AuditRead
from kcn.audit.service import history
from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.enterprises import leases, projects, service
from kcn.enterprises.filters import (
    EnterpriseFilter,
    ProjectFilter,
    enterprise_filter,
    project_filter,
)
from kcn.enterprises.resources import ENTERPRISES, PROJECTS
from kcn.enterprises.schemas import Ownership, Status
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.pagination import page_count, paginate
from kcn.kit.panels import panels
from kcn.kit.permissions import Action, restrict
from kcn.kit.render import render
from kcn.models import Lease, Project
from kcn.models.enterprises import OWNERSHIPS, PROJECT_STATUSES

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
PageNumber = Annotated[int, Query(ge=1)]


@router.get("/enterprises", response_class=HTMLResponse)
def enterprise_list(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    filters: Annotated[EnterpriseFilter, Depends(enterprise_filter)],
    page: PageNumber = 1,
) -> HTMLResponse:
    per_page = request.app.state.settings.page_size
    stmt = ENTERPRISES.list_query(session, actor, filters)
    rows, total = paginate(session, stmt, per_page, (page - 1) * per_page)
    return render(request, "enterprises/list.html", {
        "f": filters, "items": [service.to_read(r[0]) for r in rows], "total": total,
        "page": page, "pages": page_count(total, per_page), "ownerships": OWNERSHIPS,
        "statuses": PROJECT_STATUSES, "export_query": urlencode(filters.params()),
    })  # fmt: skip


@router.get("/projects", response_class=HTMLResponse)
def project_list(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    filters: Annotated[ProjectFilter, Depends(project_filter)],
    page: PageNumber = 1,
) -> HTMLResponse:
    per_page = request.app.state.settings.page_size
    stmt = PROJECTS.list_query(session, actor, filters)
    rows, total = paginate(session, stmt, per_page, (page - 1) * per_page)
    return render(request, "enterprises/projects.html", {
        "f": filters, "items": [projects.to_read(r[0], lang) for r in rows], "total": total,
        "page": page, "pages": page_count(total, per_page), "ownerships": OWNERSHIPS,
        "statuses": PROJECT_STATUSES, "export_query": urlencode(filters.params()),
    })  # fmt: skip


@router.get("/enterprises/{enterprise_id}", response_class=HTMLResponse)
def enterprise_page(
    request: Request, session: SessionDep, lang: LangDep, actor: ActorDep, enterprise_id: int
) -> HTMLResponse:
    enterprise = service.get_enterprise(session, enterprise_id, actor)
    own = select(Project).where(Project.enterprise_id == enterprise.id).order_by(Project.id)
    found = session.scalars(restrict(own, Project, actor, Action.view).options(
        *projects.load_options())).all()  # fmt: skip
    land = select(Lease).where(Lease.project_id.in_([p.id for p in found])).order_by(Lease.id)
    rows = session.scalars(restrict(land, Lease, actor, Action.view).options(
        *leases.load_options())).all()  # fmt: skip
    records = history(session, actor, "enterprise", enterprise.id) if actor.is_internal else []
    return render(request, "enterprises/detail.html", {
        "e": service.to_read(enterprise), "projects": [projects.to_read(p, lang) for p in found],
        "leases": [leases.to_read(r) for r in rows],
        "history": [AuditRead.model_validate(r) for r in records] if actor.is_internal else None,
        "panels": panels("enterprise", session, actor, enterprise, lang),
    })  # fmt: skip


__all__ = ["Ownership", "Status", "router"]
