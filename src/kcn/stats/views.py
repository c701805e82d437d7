"""Statistics pages: a period's table by sector or district, with the monthly chart."""

from __future__ import annotations

from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.jobs import service as jobs
from kcn.kit import html_forms
from kcn.kit.errors import DomainError, FieldError, NotFound, ValidationFailed
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import localized, translate
from kcn.kit.permissions import Action, require_write
from kcn.kit.render import render
from kcn.stats import compare_sources, export, iip_runs, service
from kcn.stats.checker.service import check_text, check_upload
from kcn.stats.default_periods import default_period, default_years, period_choices
from kcn.stats.deps import YEARS, LimitsDep, TableDep, parse_period, read_upload
from kcn.stats.indicators import INDICATORS
from kcn.stats.tables import headline_rates, monthly_series

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
FACTS_FILE = "bac_giang_2024h1_facts.yaml"


@router.get("/stats", response_class=HTMLResponse)
def stats_page(
    request: Request, session: SessionDep, lang: LangDep, table: TableDep
) -> HTMLResponse:
    parsed, by, indicator = parse_period(table.period), table.by, table.indicator
    query = urlencode({"period": str(parsed), "by": by, "indicator": indicator})
    context = {
        "table": table,
        "by": by,
        "indicator": INDICATORS[indicator],
        "periods": list(
            dict.fromkeys([table.period, *period_choices(default_period(session, indicator))])
        ),
        "query": query,
        "chart_query": urlencode(
            {"indicator": indicator, "years": f"{parsed.year - 1},{parsed.year}", "lang": lang}
        ),
        "published": headline_rates(session, parsed),
    }
    return render(request, "stats/table.html", context)


@router.get("/stats/charts/monthly.svg")
def monthly_svg(
    session: SessionDep,
    lang: LangDep,
    indicator: str = "production_value",
    years: str | None = Query(None, pattern=YEARS),
) -> Response:
    service.check_indicator(indicator)
    chosen = [int(y) for y in years.split(",")] if years else default_years(session, indicator)
    series = monthly_series(session, indicator, chosen)
    item = INDICATORS[indicator]
    title = localized(item, "label", lang)
    svg = export.monthly_chart(title, series, lang, translate(f"unit.{item.unit}", lang))
    return Response(svg, media_type="image/svg+xml")


@router.get("/stats/check", response_class=HTMLResponse)
def check_page(request: Request, lang: LangDep, demo: bool = False) -> HTMLResponse:
    result = None
    if demo:
        content = resources.files("kcn.stats").joinpath(f"examples/{FACTS_FILE}").read_bytes()
        result = check_upload(FACTS_FILE, content, lang)
    return render(request, "stats/check.html", {"result": result, "demo": demo})


@router.post("/stats/check", response_class=HTMLResponse)
def check_uploaded(
    request: Request, lang: LangDep, limits: LimitsDep, file: UploadFile
) -> HTMLResponse:
    """Synchronous: the check runs in FastAPI's thread pool, not on the event loop. A file
    that cannot be read gives the form back with the reason."""
    try:
        result = check_upload(file.filename or "upload.yaml", read_upload(file), lang, limits)
    except ValidationFailed as exc:
        return _check_form_again(request, lang, exc, {})
    return render(request, "stats/check.html", {"result": result, "demo": False})


def _check_form_again(
    request: Request, lang: str, error: ValidationFailed, context: dict[str, Any]
) -> HTMLResponse:
    """The checker's form again, with what was wrong (HTTP 422)."""
    problems = [translate(f.key, lang, **f.params) for f in error.fields] or [
        translate(error.key, lang, **error.params)
    ]
    context = {"result": None, "demo": False, "problems": problems, **context}
    return render(request, "stats/check.html", context, status_code=422)


@router.get("/stats/import", response_class=HTMLResponse)
def import_page(request: Request, actor: ActorDep) -> Response:
    """Upload observations (what ``kcn stats import`` reads), with the row-by-row report."""
    if redirect := html_forms.login_first(request, actor):
        return redirect
    return render(request, "stats/import.html", {"report": None})


@router.post("/stats/import", response_class=HTMLResponse)
def import_upload(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    limits: LimitsDep,
    file: UploadFile,
) -> HTMLResponse:
    """Synchronous: parsing and writing run in the thread pool, never on the event loop."""
    name = file.filename or "upload.csv"
    try:
        report = service.import_table(session, name, read_upload(file), actor, lang, limits)
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        problems = [translate(e.key, lang, **e.params) for e in exc.fields] or [
            translate(exc.key, lang, **exc.params)
        ]
        context = {"report": None, "file": name, "problems": problems}
        return render(request, "stats/import.html", context, status_code=422)
    status = 422 if report.errors else 200
    return render(request, "stats/import.html", {"report": report, "file": name}, status)


@router.post("/stats/check/text", response_class=HTMLResponse)
def check_pasted(
    request: Request, lang: LangDep, text: str = Form(..., max_length=200_000)
) -> HTMLResponse:
    """A report pasted as text: its figures extracted, checked, and shown in their sentences."""
    try:
        result = check_text(text, lang)
    except ValidationFailed as exc:  # no figure in the text: the form again, with the text
        return _check_form_again(request, lang, exc, {"text": text})
    return render(request, "stats/check.html", {"result": result, "demo": False, "text": text})


IIP_FILES = ("micro", "product_weights", "industry_weights")


@router.get("/stats/iip", response_class=HTMLResponse)
def iip_page(request: Request, actor: ActorDep) -> Response:
    """The form of an IIP run: the three files and the base year."""
    if redirect := html_forms.login_first(request, actor):
        return redirect
    return render(request, "stats/iip.html", {"files": IIP_FILES, "problems": []})


@router.post("/stats/iip", response_class=HTMLResponse)
def iip_start(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    limits: LimitsDep,
    micro: UploadFile,
    product_weights: UploadFile,
    industry_weights: UploadFile,
    base_year: str = Form(""),
) -> Response:
    """Start the run as a job and show its page; a bad form comes back with the error."""
    require_write(actor, "observation", Action.add, province_wide=True)
    try:
        year = iip_runs.check_base_year(base_year)
        files = (micro, product_weights, industry_weights)
        uploads = [
            iip_runs.Upload(name, file.filename or f"{name}.csv", read_upload(file, name))
            for name, file in zip(IIP_FILES, files, strict=True)
        ]
    except ValidationFailed as exc:
        problems = [f"{f.field}: {translate(f.key, lang, **f.params)}" for f in exc.fields]
        context = {"files": IIP_FILES, "problems": problems, "base_year": base_year}
        return render(request, "stats/iip.html", context, status_code=422)
    job = jobs.start(request.app, session, iip_runs.KIND, actor, lang,
                     iip_runs.work(uploads, year, lang, limits))  # fmt: skip
    return RedirectResponse(f"/stats/iip/{job.id}", status_code=303)


@router.get("/stats/iip/{job_id}", response_class=HTMLResponse)
def iip_run_page(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    job_id: str,
    month: str | None = Query(None, pattern=r"^\d{4}-\d{2}$"),
) -> HTMLResponse:
    """A run: its progress (the page reloads itself), then its rows month by month, or the
    row-by-row report of its bad input."""
    job = jobs.visible(session, job_id[:64], actor)
    if job.kind != iip_runs.KIND:
        raise NotFound("job.not_found")
    result = job.result or {}
    running = job.state in ("queued", "running")
    choices = iip_runs.months(result)
    chosen = month if month in choices else (choices[0] if choices else None)
    context = {
        "job": job,
        "running": running,
        "percent": round(100 * job.done / job.total) if job.total else 0,
        "months": choices,
        "month": chosen,
        "rows": iip_runs.as_numbers(iip_runs.rows_of(result, chosen, lang)) if chosen else [],
        "errors": result.get("errors", []),
        "base_year": result.get("base_year"),
    }
    response = render(request, "stats/iip_run.html", context)
    if running:
        response.headers["Refresh"] = "2"
    response.headers["Cache-Control"] = "no-store"
    return response


SOURCES = ("file", "published", "kcn")


def _compare_page(
    request: Request,
    session: Any,
    lang: str,
    limits: Any,
    form: dict[str, Any],
    uploads: dict[str, UploadFile | None],
) -> HTMLResponse:
    """Run the comparison the form asks for, or give the form back with the error."""
    result, problems, status = None, [], 200
    try:
        sides = []
        for field in ("a", "b"):
            kind = form[f"{field}_source"]
            if kind not in SOURCES:
                raise ValidationFailed(
                    fields=[
                        FieldError(
                            f"{field}_source", "field.choice", {"expected": ", ".join(SOURCES)}
                        )
                    ]
                )
            file = uploads.get(field)
            upload = (file.filename or f"{field}.yaml", read_upload(file, field)) if file else None
            sides.append(
                compare_sources.source_figures(
                    session, field, kind, upload, form["period"] or None, limits, lang
                )
            )
        result = compare_sources.run(sides[0], sides[1], lang)
    except ValidationFailed as exc:
        problems = [f"{f.field}: {translate(f.key, lang, **f.params)}" for f in exc.fields]
        status = 422
    context = {"form": form, "sources": SOURCES, "result": result, "problems": problems}
    return render(request, "stats/compare.html", context, status_code=status)


@router.get("/stats/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    limits: LimitsDep,
    a_source: str = "published",
    b_source: str = "kcn",
    period: str = Query("", max_length=16),
    run: bool = False,
) -> HTMLResponse:
    """The form; with ``run=1`` and two stored sources, their comparison at once."""
    form = {"a_source": a_source, "b_source": b_source, "period": period}
    if run:
        return _compare_page(request, session, lang, limits, form, {})
    context: dict[str, Any] = {"form": form, "sources": SOURCES, "result": None, "problems": []}
    return render(request, "stats/compare.html", context)


@router.post("/stats/compare", response_class=HTMLResponse)
def compare_uploaded(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    limits: LimitsDep,
    a: UploadFile | None = None,
    b: UploadFile | None = None,
    a_source: str = Form("file"),
    b_source: str = Form("file"),
    period: str = Form("", max_length=16),
) -> HTMLResponse:
    """Synchronous: reading and comparing run in the thread pool, not on the event loop."""
    form = {"a_source": a_source, "b_source": b_source, "period": period}
    return _compare_page(request, session, lang, limits, form, {"a": a, "b": b})
