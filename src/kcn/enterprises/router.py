"""The API of enterprises, projects (with their capital adjustments) and leases."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from kcn.auth.deps import get_actor
from kcn.enterprises import imports, projects, spreadsheets
from kcn.enterprises.resources import ENTERPRISES, LEASES, PROJECTS
from kcn.enterprises.schemas import AdjustmentCreate, ProjectRead
from kcn.jobs import service as jobs
from kcn.jobs.schemas import JobAccepted
from kcn.kit.export import MEDIA_TYPES
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.jobs import Work
from kcn.kit.permissions import Actor
from kcn.kit.resource_router import build_router

ActorDep = Annotated[Actor, Depends(get_actor)]

router = APIRouter()
enterprises_router = build_router(ENTERPRISES, get_actor)
projects_router = build_router(PROJECTS, get_actor)
leases_router = build_router(LEASES, get_actor)


@projects_router.post(
    "/{project_id}/adjustments",
    response_model=ProjectRead,
    status_code=201,
    name="add_capital_adjustment",
    summary="Record a change of a project's registered capital",
)
def add_adjustment(
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    data: AdjustmentCreate,
    project_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
) -> ProjectRead:
    projects.add_adjustment(session, project_id, data, actor)
    session.expire_all()
    return projects.to_read(projects.get_project(session, project_id, actor), lang)


imports_router = APIRouter(prefix="/api/v1/imports", tags=["enterprises"])
KindParam = Annotated[Literal["enterprises", "projects", "leases"], Path()]


@imports_router.get(
    "/{kind}/template.xlsx",
    name="import_template",
    summary="The XLSX template: headers, one example row, notes on each column",
    response_class=Response,
    responses={200: {"content": {MEDIA_TYPES["xlsx"]: {}}, "description": "File"}},
)
def import_template(kind: KindParam, lang: LangDep) -> Response:
    spec = imports.KINDS[kind]
    data = spreadsheets.template(spec.columns, spec.example, lang, kind)
    headers = {"Content-Disposition": f'attachment; filename="kcn-{kind}-template.xlsx"'}
    return Response(data, media_type=MEDIA_TYPES["xlsx"], headers=headers)


@imports_router.post(
    "/{kind}",
    name="import_records",
    summary="Import enterprises, projects or leases from XLSX or CSV (all rows or none)",
    responses={
        202: {"model": JobAccepted, "description": "A large file: imported as a job"},
        422: {"description": "Problems, row by row; nothing written"},
    },
)
async def import_records(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    kind: KindParam,
    file: UploadFile,
    dry_run: Annotated[bool, Query(description="Check only: write nothing.")] = False,
) -> JSONResponse:
    """Every problem at once (row, column, value, message); a file larger than
    ``KCN_IMPORT_JOB_BYTES`` runs as a background job (202, then poll the job)."""
    content = await file.read()
    name = file.filename or ""
    if len(content) > request.app.state.settings.import_job_bytes:
        imports.require_import(actor, kind)  # refused now, not as a failed job later
        work = _work(request.app, kind, name, content, actor, lang, dry_run)
        job = jobs.start(request.app, session, "enterprises.import", actor, lang, work)
        accepted = JobAccepted(
            job_id=job.id, state=job.state, url=jobs.api_url(job.id), page_url=jobs.page_url(job.id)
        )
        headers = {"Location": accepted.url}
        return JSONResponse(accepted.model_dump(mode="json"), status_code=202, headers=headers)
    rows = spreadsheets.rows_of(spreadsheets.read_cells(name, content), imports.KINDS[kind].columns)
    report = imports.import_rows(session, kind, rows, actor, lang, dry_run)
    return JSONResponse(report.as_dict(), status_code=422 if report.problems else 200)


def _work(
    app: Any, kind: str, name: str, content: bytes, actor: Actor, lang: str, dry_run: bool
) -> Work:
    return imports.job_work(app.state.sessionmaker, kind, name, content, actor, lang, dry_run)


for _sub in (enterprises_router, projects_router, leases_router, imports_router):
    router.include_router(_sub)
