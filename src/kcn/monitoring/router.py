"""The API of enterprise monitoring: periodic reports (with the non-reporters and reminders),
support requests (with their workflow steps and attachments) and the monitoring figures."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from kcn.auth.deps import get_actor
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.periods import Period
from kcn.kit.permissions import Actor
from kcn.kit.resource_router import build_router
from kcn.monitoring import attachments, figures, mail, reports, requests, uploads
from kcn.monitoring.resources import REPORTS, REQUESTS
from kcn.monitoring.schemas import (
    Agency,
    AttachmentRead,
    NonReporter,
    RequestRead,
    StepCreate,
    parse_quarter,
)

ActorDep = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
AsOf = Annotated[date | None, Query(description="Default: today.")]
QuarterParam = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-Q[1-4]$", description="2024-Q2 (default: the last quarter ended)."),
]
ZoneParam = Annotated[str | None, Query(max_length=40, description="Zone code.")]

router = APIRouter()
reports_router = build_router(REPORTS, get_actor)
requests_router = build_router(REQUESTS, get_actor)


def _quarter(period: str | None, as_of: date) -> Period:
    return parse_quarter(period) if period else reports.last_quarter(as_of)


@reports_router.get(
    "/non-reporters",
    response_model=list[NonReporter],
    name="list_non_reporters",
    summary="Projects that have not filed a quarter's report, by zone",
)
def non_reporters(
    session: SessionDep,
    actor: ActorDep,
    period: QuarterParam = None,
    zone: ZoneParam = None,
    as_of: AsOf = None,
) -> list[NonReporter]:
    day = as_of or date.today()
    return reports.non_reporters(session, actor, _quarter(period, day), zone, day)


@reports_router.post(
    "/import",
    name="import_periodic_reports",
    summary="File periodic reports from XLSX or CSV (the export's columns; all rows or none)",
    responses={422: {"description": "Problems, row by row; nothing written"}},
)
def import_reports(
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    file: UploadFile,
    dry_run: Annotated[bool, Query(description="Check only: write nothing.")] = False,
) -> JSONResponse:
    """Every problem at once (row, column, value, message); run in a worker thread."""
    content = file.file.read()
    result = uploads.import_reports(session, file.filename or "", content, actor, lang, dry_run)
    return JSONResponse(jsonable_encoder(result), status_code=422 if result["problems"] else 200)


@reports_router.get(
    "/reminders",
    response_model=list[NonReporter],
    name="list_report_reminders",
    summary="Whom to remind: the non-reporters of the last quarter ended, with the days left",
)
def reminders(
    session: SessionDep, actor: ActorDep, zone: ZoneParam = None, as_of: AsOf = None
) -> list[NonReporter]:
    day = as_of or date.today()
    return reports.non_reporters(session, actor, reports.last_quarter(day), zone, day)


@requests_router.get(
    "/overdue",
    response_model=list[RequestRead],
    name="list_overdue_requests",
    summary="Requests past their due date and not answered, by agency",
)
def overdue(
    session: SessionDep,
    actor: ActorDep,
    agency: Annotated[Agency | None, Query()] = None,
    as_of: AsOf = None,
) -> list[RequestRead]:
    day = as_of or date.today()
    found = requests.overdue(session, actor, day, agency)
    return [requests.to_read(r, actor, day) for r in found]


@requests_router.post(
    "/{support_request_id}/steps",
    response_model=RequestRead,
    status_code=201,
    name="take_request_step",
    summary="Move a request along its workflow (assign, start, answer, close, reopen)",
)
def take_step(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    data: StepCreate,
    support_request_id: Id,
) -> RequestRead:
    found, step = requests.take_step(session, support_request_id, data, actor)
    notices = mail.notices(found, step, lang, data.agency_email)
    if notices:
        background.add_task(mail.send, request.app.state.settings, notices)
    session.expire_all()
    return requests.to_read(requests.get_request(session, support_request_id, actor), actor)


@requests_router.post(
    "/{support_request_id}/attachments",
    response_model=AttachmentRead,
    status_code=201,
    name="add_request_attachment",
    summary="Attach a file (PDF, image, office document) to a request",
    responses={413: {"description": "Larger than KCN_MAX_ATTACHMENT_BYTES"}},
)
def add_attachment(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    support_request_id: Id,
    file: UploadFile,
) -> AttachmentRead:
    """A plain function: FastAPI runs it in a worker thread, so reading the file and writing
    it to the database never block the event loop. One byte past the limit is enough to
    refuse the file."""
    limit = request.app.state.settings.max_attachment_bytes
    content = file.file.read(limit + 1)
    added = attachments.add(session, support_request_id, file.filename or "", content, actor, limit)
    return AttachmentRead.model_validate(added)


@requests_router.get(
    "/{support_request_id}/attachments/{attachment_id}",
    name="read_request_attachment",
    summary="Download a request's attachment",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "File"}},
)
def read_attachment(
    session: SessionDep, actor: ActorDep, support_request_id: Id, attachment_id: Id
) -> Response:
    found = attachments.get(session, support_request_id, attachment_id, actor)
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(found.filename)}",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(found.content, media_type=found.media_type, headers=headers)


def _quote(name: str) -> str:
    return quote(name, safe="")


figures_router = APIRouter(prefix="/api/v1/monitoring", tags=["monitoring"])


@figures_router.get(
    "/registered-vs-actual",
    name="registered_vs_actual",
    summary="Registered capital, land and workers beside the reports, per project and zone",
)
def registered_vs_actual(
    session: SessionDep,
    actor: ActorDep,
    period: QuarterParam = None,
    zone: ZoneParam = None,
    as_of: AsOf = None,
) -> dict[str, Any]:
    day = as_of or date.today()
    return figures.registered_vs_actual(session, actor, _quarter(period, day), zone, day)


@figures_router.get(
    "/expansion-demand",
    name="expansion_demand",
    summary="Expansion plans by zone and year beside the land each zone has left",
)
def expansion_demand(
    session: SessionDep, actor: ActorDep, period: QuarterParam = None, as_of: AsOf = None
) -> dict[str, Any]:
    day = as_of or date.today()
    return figures.expansion_demand(session, actor, _quarter(period, day), day)


@figures_router.get(
    "/request-figures",
    name="request_figures",
    summary="Requests by topic and agency for a period: count, share on time, median days",
)
def request_figures(
    session: SessionDep,
    actor: ActorDep,
    period: Annotated[
        str | None, Query(max_length=12, description="2024, 2024-H1, 2024-Q2 (default: year)")
    ] = None,
    as_of: AsOf = None,
) -> dict[str, Any]:
    day = as_of or date.today()
    return figures.request_figures(session, actor, period or str(day.year), day)


for _sub in (reports_router, requests_router, figures_router):
    router.include_router(_sub)
