"""REST API of statistics: indicators, observations (with revisions), imports and tables."""

from __future__ import annotations

import inspect
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kcn.auth.deps import ActorDep
from kcn.jobs import service as jobs
from kcn.jobs.schemas import JobAccepted
from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.jobs import JobFailed, Progress, Work
from kcn.kit.periods import Period, PeriodError
from kcn.kit.permissions import Action, Actor, require_write
from kcn.models import Observation
from kcn.stats import checker, export, importer, service
from kcn.stats.indicators import INDICATORS
from kcn.stats.metrics import default_period, default_years
from kcn.stats.schemas import ImportReport, ObservationCreate, ObservationRead, StatsTable
from kcn.stats.tables import build_table, monthly_series

router = APIRouter(prefix="/api/v1/stats", tags=["statistics"])
YEARS = r"^(19|20|21)\d{2}(,(19|20|21)\d{2}){0,9}$"  # up to ten years, 1900–2199
By = Literal["section", "district"]
PERIOD_HELP = "YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY or YYYY-01..MM; default: the latest with data"
YEARS_HELP = "Comma-separated years; default: the latest year with data and the one before"


def parse_period(text: str, field: str = "period") -> Period:
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise ValidationFailed(fields=[FieldError(field, "stats.bad_period")]) from exc


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
    service.check_indicator(indicator)
    stmt = (
        select(Observation)
        .where(Observation.indicator == indicator)
        .options(selectinload(Observation.admin_unit))
        .order_by(
            Observation.year, Observation.first_month, Observation.vsic_code, Observation.revision
        )
    )
    if year is not None:
        stmt = stmt.where(Observation.year == year)
    if period:
        stmt = stmt.where(Observation.period == str(parse_period(period)))
    if vsic is not None:
        stmt = stmt.where(Observation.vsic_code == vsic)
    if not revisions:
        stmt = stmt.where(Observation.is_current.is_(True))
    rows = [service.to_read(o) for o in session.scalars(stmt)]
    if not actor.is_internal:  # who keyed a value in is the office's business
        rows = [r.model_copy(update={"recorded_by": ""}) for r in rows]
    return rows


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
    responses={202: {"model": JobAccepted, "description": "A large file: imported as a job"}},
)
async def import_table(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, file: UploadFile
) -> JSONResponse:
    """All rows or none. A file larger than ``KCN_IMPORT_JOB_BYTES`` is imported as a
    background job: HTTP 202 with the job's address, to poll until it ends."""
    content = await file.read()
    if len(content) > request.app.state.settings.import_job_bytes:
        require_write(actor, "observation", Action.add, province_wide=True)
        work = _import_work(request.app, file.filename or "", content, actor, lang)
        job = jobs.start(request.app, session, "stats.import", actor, lang, work)
        accepted = JobAccepted(
            job_id=job.id, state=job.state, url=jobs.api_url(job.id), page_url=jobs.page_url(job.id)
        )
        headers = {"Location": accepted.url}
        return JSONResponse(accepted.model_dump(mode="json"), status_code=202, headers=headers)
    cells = importer.read_table(file.filename or "", content)
    report = service.import_rows(session, importer.to_rows(cells), actor, lang)
    return JSONResponse(report.model_dump(mode="json"), status_code=422 if report.errors else 200)


def _import_work(app: Any, name: str, content: bytes, actor: Actor, lang: str) -> Work:
    """The import as a job: parse and write in a worker thread, in a session of its own."""

    def work(progress: Progress) -> dict[str, Any]:
        rows = importer.to_rows(importer.read_table(name, content))
        progress(0, len(rows))
        # The statistics service takes a progress callback once it is split (issue 9).
        extra: dict[str, Any] = {"progress": progress} if "progress" in _IMPORT_PARAMS else {}
        with app.state.sessionmaker() as job_session:
            report = service.import_rows(job_session, rows, actor, lang, **extra)
        progress(len(rows), len(rows))
        result = report.model_dump(mode="json")
        if report.errors:
            raise JobFailed(result)
        return result

    return work


_IMPORT_PARAMS = inspect.signature(service.import_rows).parameters


def table_query(
    session: SessionDep,
    lang: LangDep,
    period: str | None = Query(None, description=PERIOD_HELP),
    by: By = "section",
    indicator: str = "production_value",
) -> StatsTable:
    """The table that the query asks for: one definition for the JSON, the page and XLSX."""
    service.check_indicator(indicator)
    chosen = parse_period(period) if period else default_period(session, indicator)
    return build_table(session, indicator, chosen, by, lang)


TableDep = Annotated[StatsTable, Depends(table_query)]


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
async def check_figures(lang: LangDep, file: UploadFile) -> dict[str, Any]:
    """The same check as ``kcn stats check``: YAML in the layout of the facts file, or CSV
    ``key,value,qualifier``. ``ok`` is false when the figures disagree; unreadable input is
    HTTP 422."""
    return run_check(file.filename or "upload.yaml", await file.read(), lang)


def run_check(name: str, content: bytes, lang: str) -> dict[str, Any]:
    try:
        text = content.decode("utf-8-sig")
        figures = checker.loads(text, name, is_csv=name.lower().endswith(".csv"))
        return checker.report_data(checker.check(figures), lang)
    except UnicodeDecodeError as exc:
        raise ValidationFailed(fields=[FieldError("file", "stats.not_utf8")]) from exc
    except checker.LoadError as exc:
        raise ValidationFailed(
            fields=[FieldError("file", "stats.check.unreadable", {"reason": str(exc)})]
        ) from exc
    except RecursionError as exc:
        raise ValidationFailed(
            fields=[FieldError("file", "stats.check.unreadable", {"reason": "nested too deep"})]
        ) from exc
    except (ArithmeticError, ValueError) as exc:  # figures too odd for the arithmetic
        raise ValidationFailed(
            fields=[FieldError("file", "stats.check.uncheckable", {"reason": str(exc)})]
        ) from exc
