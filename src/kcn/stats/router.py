"""REST API of statistics: indicators, observations (with revisions), imports and tables.

Handlers that parse, check or import a file are synchronous: FastAPI runs them in its
thread pool, so the event loop keeps answering other requests meanwhile.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse

from kcn.auth.deps import ActorDep
from kcn.jobs import service as jobs
from kcn.jobs.schemas import JobAccepted
from kcn.kit.errors import Conflict, NotFound
from kcn.kit.export import response as export_response
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.jobs import JobFailed, Progress, Work
from kcn.kit.permissions import Action, Actor, require_write
from kcn.models import Observation
from kcn.stats import compare_sources, export, iip_runs, service
from kcn.stats.checker.service import check_upload
from kcn.stats.default_periods import default_years
from kcn.stats.deps import YEARS, YEARS_HELP, LimitsDep, TableDep, parse_period, read_upload
from kcn.stats.indicators import INDICATORS
from kcn.stats.schemas import ImportReport, ObservationCreate, ObservationRead, StatsTable
from kcn.stats.tables import monthly_series

router = APIRouter(prefix="/api/v1/stats", tags=["statistics"])


@router.get("/indicators", summary="The registry of indicators")
def indicators() -> list[dict[str, str]]:
    return [
        {
            "code": c.code,
            "unit": c.unit,
            "aggregation": c.aggregation,
            "label_vi": c.label_vi,
            "label_en": c.label_en,
            "definition_vi": c.definition_vi,
            "definition_en": c.definition_en,
        }
        for c in INDICATORS.values()
    ]


@router.get("/observations", response_model=list[ObservationRead], summary="Observations")
def observations(
    session: SessionDep,
    actor: ActorDep,
    indicator: str,
    year: int | None = Query(None, ge=1900, le=2200),
    period: str | None = None,
    vsic: str | None = Query(None, max_length=8),
    revisions: bool = Query(False, description="Include superseded revisions."),
) -> list[ObservationRead]:
    parsed = parse_period(period) if period else None
    return service.list_observations(session, actor, indicator, year, parsed, vsic, revisions)


@router.post("/observations", response_model=ObservationRead, summary="Record a value")
def record(session: SessionDep, actor: ActorDep, data: ObservationCreate) -> JSONResponse:
    outcome = service.record(session, data, actor)
    status = {"created": 201, "revised": 201, "unchanged": 200}[outcome.change]
    body = service.to_read(outcome.observation).model_dump(mode="json")
    return JSONResponse(body, status_code=status)


@router.get(
    "/observations/{observation_id}/history",
    response_model=list[ObservationRead],
    summary="Every revision of an observation",
)
def observation_history(session: SessionDep, observation_id: int) -> list[ObservationRead]:
    obs = session.get(Observation, observation_id)
    if obs is None:
        raise NotFound("stats.observation_not_found", id=observation_id)
    rows = service.history(session, obs.indicator, obs.period, obs.vsic_code, obs.admin_unit_id)
    return [service.to_read(o) for o in rows]


@router.post(
    "/import",
    response_model=ImportReport,
    summary="Import a CSV or XLSX table",
    responses={
        202: {"model": JobAccepted, "description": "A large file: imported as a job"},
        422: {"model": ImportReport, "description": "Problems, row by row; nothing written"},
    },
)
def import_table(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    limits: LimitsDep,
    file: UploadFile,
) -> JSONResponse:
    """All rows or none. A file larger than ``KCN_IMPORT_JOB_BYTES`` is imported as a
    background job: HTTP 202 with the job's address, to poll until it ends."""
    content = read_upload(file)
    name = file.filename or ""
    if len(content) > request.app.state.settings.import_job_bytes:
        require_write(actor, "observation", Action.add, province_wide=True)
        work = _import_work(request.app, name, content, actor, lang, limits)
        job = jobs.start(request.app, session, "stats.import", actor, lang, work)
        accepted = JobAccepted(
            job_id=job.id, state=job.state, url=jobs.api_url(job.id), page_url=jobs.page_url(job.id)
        )
        headers = {"Location": accepted.url}
        return JSONResponse(accepted.model_dump(mode="json"), status_code=202, headers=headers)
    report = service.import_table(session, name, content, actor, lang, limits)
    return JSONResponse(report.model_dump(mode="json"), status_code=422 if report.errors else 200)


def _import_work(app: Any, name: str, content: bytes, actor: Actor, lang: str, limits: Any) -> Work:
    """The import as a job: parse and write in a worker thread, in a session of its own."""

    def work(progress: Progress) -> dict[str, Any]:
        with app.state.sessionmaker() as job_session:
            report = service.import_table(
                job_session, name, content, actor, lang, limits, progress=progress
            )
        result = report.model_dump(mode="json")
        if report.errors:
            raise JobFailed(result)
        return result

    return work


@router.get("/tables", response_model=StatsTable, summary="A period by section or district")
def table(computed: TableDep) -> StatsTable:
    return computed


@router.get("/tables/export.xlsx", summary="The same table as XLSX")
def table_xlsx(computed: TableDep, lang: LangDep) -> StreamingResponse:
    return export.table_xlsx(computed, lang)


@router.get("/series", summary="Monthly values of some years")
def series(
    session: SessionDep,
    indicator: str = "production_value",
    years: Annotated[str | None, Query(pattern=YEARS, description=YEARS_HELP)] = None,
    vsic: str = "",
) -> dict[str, Any]:
    service.check_indicator(indicator)
    chosen = [int(y) for y in years.split(",")] if years else default_years(session, indicator)
    values = monthly_series(session, indicator, chosen, vsic)
    return {"indicator": indicator, "vsic": vsic, "years": {str(y): v for y, v in values.items()}}


@router.post("/check", summary="Check that published figures agree with each other")
def check_figures(lang: LangDep, limits: LimitsDep, file: UploadFile) -> dict[str, Any]:
    """The same check as ``kcn stats check``: YAML in the layout of the facts file, or CSV
    ``key,value,qualifier``. ``ok`` is false when the figures disagree; unreadable input, and
    input over a limit (YAML anchors or aliases, nesting, rows), is HTTP 422."""
    return check_upload(file.filename or "upload.yaml", read_upload(file), lang, limits)


@router.post(
    "/iip",
    status_code=202,
    response_model=JobAccepted,
    summary="Compute the IIP from uploaded micro-data and weights (a job)",
)
def iip_run(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    limits: LimitsDep,
    micro: UploadFile,
    product_weights: UploadFile,
    industry_weights: UploadFile,
    base_year: Annotated[str, Form()],
) -> JSONResponse:
    """CSV or XLSX files: ``micro`` (province, enterprise, product, year, month, quantity),
    ``product_weights`` (product, vsic4, weight [, province]) and ``industry_weights``
    (level, code, weight [, province]). The run is a job: HTTP 202 with its address. A run
    with bad rows fails with a row-by-row report; its rows are at ``/api/v1/stats/iip/{id}``."""
    require_write(actor, "observation", Action.add, province_wide=True)
    year = iip_runs.check_base_year(base_year)
    uploads = [
        iip_runs.Upload(name, file.filename or f"{name}.csv", read_upload(file, name))
        for name, file in (("micro", micro), ("product_weights", product_weights),
                           ("industry_weights", industry_weights))
    ]  # fmt: skip
    work = iip_runs.work(uploads, year, lang, limits)
    job = jobs.start(request.app, session, iip_runs.KIND, actor, lang, work)
    accepted = JobAccepted(
        job_id=job.id, state=job.state, url=f"/api/v1/stats/iip/{job.id}",
        page_url=f"/stats/iip/{job.id}",
    )  # fmt: skip
    headers = {"Location": accepted.url}
    return JSONResponse(accepted.model_dump(mode="json"), status_code=202, headers=headers)


def _iip_job(session: Any, actor: Actor, job_id: str) -> Any:
    job = jobs.visible(session, job_id[:64], actor)
    if job.kind != iip_runs.KIND:
        raise NotFound("job.not_found")
    return job


@router.get("/iip/{job_id}", summary="An IIP run: its state, then its rows or its problems")
def iip_result(
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    job_id: str,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> dict[str, Any]:
    """``rows`` (with ``month=YYYY-MM``, that month's only) when ``state`` is ``succeeded``;
    ``errors`` (file, row, field, message) when it is ``failed``."""
    job = _iip_job(session, actor, job_id)
    result = job.result or {}
    return {
        "job_id": job.id,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "base_year": result.get("base_year"),
        "months": iip_runs.months(result),
        "rows": iip_runs.rows_of(result, month, lang) if job.state == "succeeded" else [],
        "errors": result.get("errors", []) + ([job.error] if job.error else []),
    }


@router.get("/iip/{job_id}/export.{fmt}", summary="An IIP run's rows as CSV or XLSX")
def iip_export(
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    job_id: str,
    fmt: Literal["csv", "xlsx"],
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> StreamingResponse:
    """Every month's rows (or one month's), headers in the request's language. ``409`` while
    the run has not succeeded."""
    job = _iip_job(session, actor, job_id)
    if job.state != "succeeded":
        raise Conflict("stats.iip.not_ready")
    rows = iip_runs.rows_of(job.result or {}, month, lang)
    name = f"kcn-iip-{job.result.get('base_year') if job.result else ''}"
    return export_response(iip_runs.EXPORT_COLUMNS, rows, lang, fmt, name, "IIP")


@router.post("/compare", summary="Compare two sources of figures for the same period")
def compare_sources_route(
    session: SessionDep,
    lang: LangDep,
    limits: LimitsDep,
    a: UploadFile | None = None,
    b: UploadFile | None = None,
    a_source: Annotated[Literal["file", "published", "kcn"], Form()] = "file",
    b_source: Annotated[Literal["file", "published", "kcn"], Form()] = "file",
    period: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """Each side is an uploaded file (``a``, ``b``: YAML facts, CSV ``key,value,qualifier`` or
    a report's text) or a stored source: ``published`` (the province's published figures in
    KCN) or ``kcn`` (KCN's computed values for them), of ``period``. Per figure: both values,
    the difference, the tolerance and whether it is within the published precision."""
    sides = []
    for field, kind, file in (("a", a_source, a), ("b", b_source, b)):
        upload = (file.filename or f"{field}.yaml", read_upload(file, field)) if file else None
        sides.append(
            compare_sources.source_figures(session, field, kind, upload, period, limits, lang)
        )
    return compare_sources.run(sides[0], sides[1], lang)
