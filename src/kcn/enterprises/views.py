"""Web pages of enterprises and projects: the filtered lists (the API's query) and an
enterprise's page with its projects, leases and history."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from kcn.audit.schemas import AuditRead
from kcn.audit.service import history
from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.enterprises import imports, leases, projects, service
from kcn.enterprises.filters import (
    EnterpriseFilter,
    ProjectFilter,
    enterprise_filter,
    project_filter,
)
from kcn.enterprises.resources import ENTERPRISES, PROJECTS
from kcn.enterprises.schemas import Ownership, Status
from kcn.jobs import service as jobs
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import translate
from kcn.kit.limits import megabytes
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


IMPORT_KINDS = tuple(imports.KINDS)
REFRESH_SECONDS = 2


def _size(limit: int) -> str:
    """The upload limit as people say it: ``32 MB``, or ``4 KB`` for a small one."""
    return f"{megabytes(limit)} MB" if limit >= 1_048_576 else f"{limit // 1024} KB"


def _import_form(request: Request, status_code: int = 200, **context: object) -> Response:
    values = {"kinds": IMPORT_KINDS, "kind": "enterprises", "dry_run": True,
              "size": _size(request.app.state.settings.max_upload_bytes)}  # fmt: skip
    return render(request, "enterprises/import.html", {**values, **context}, status_code)


@router.get("/imports", response_class=HTMLResponse)
def import_page(request: Request, actor: ActorDep, kind: str = "enterprises") -> Response:
    """The upload form: a file, its kind, check only; the templates to download beside it."""
    if not actor.is_authenticated:
        return RedirectResponse("/login?next=/imports", status_code=303)
    return _import_form(request, kind=kind if kind in IMPORT_KINDS else "enterprises")


@router.post("/imports", response_class=HTMLResponse)
def import_upload(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    file: UploadFile,
    kind: Annotated[Literal["enterprises", "projects", "leases"], Form()] = "enterprises",
    dry_run: Annotated[bool, Form()] = False,
) -> Response:
    """Start the import as a job (synchronous handler: the upload is read in the thread
    pool), then follow it on its page."""
    imports.require_import(actor, kind)
    limit = request.app.state.settings.max_upload_bytes
    content = file.file.read(limit + 1)
    name = (file.filename or "upload.xlsx")[-200:]
    if not content or len(content) > limit:
        key = "import.empty" if not content else "error.body_too_large"
        message = translate(key, lang, mb=megabytes(limit)).replace(
            f"{megabytes(limit)} MB", _size(limit)
        )
        return _import_form(request, 422, kind=kind, dry_run=dry_run, problems=[message])
    work = imports.job_work(request.app.state.sessionmaker, kind, name, content, actor, lang,
                            dry_run)  # fmt: skip
    job = jobs.start(request.app, session, "enterprises.import", actor, lang, work)
    return RedirectResponse(f"/imports/{job.id}", status_code=303)


@router.get("/imports/{job_id}", response_class=HTMLResponse)
def import_result(request: Request, session: SessionDep, actor: ActorDep, job_id: str) -> Response:
    """How far the import got (the page reloads itself while it runs), then the counts or
    every problem, row by row, in the language the import was started in."""
    job = jobs.visible(session, job_id[:64], actor)
    if job.kind != "enterprises.import":
        return RedirectResponse(jobs.page_url(job.id), status_code=303)
    running = job.state in ("queued", "running")
    percent = round(100 * job.done / job.total) if job.total else 0
    context = {"job": job, "running": running, "percent": percent, "report": job.result}
    response = _import_form(request, 422 if job.state == "failed" else 200, **context)
    if running:
        response.headers["Refresh"] = str(REFRESH_SECONDS)  # no script needed
    response.headers["Cache-Control"] = "no-store"
    return response


__all__ = ["Ownership", "Status", "router"]
