"""Statistics pages: a period's table by sector or district, with the monthly chart."""

from __future__ import annotations

from importlib import resources
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.kit.errors import DomainError
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import localized, translate
from kcn.kit.render import render
from kcn.stats import export, service
from kcn.stats.checker.service import check_text, check_upload
from kcn.stats.deps import YEARS, LimitsDep, TableDep, parse_period, read_upload
from kcn.stats.indicators import INDICATORS
from kcn.stats.metrics import default_period, default_years, period_choices
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
    """Synchronous: the check runs in FastAPI's thread pool, not on the event loop."""
    result = check_upload(file.filename or "upload.yaml", read_upload(file), lang, limits)
    return render(request, "stats/check.html", {"result": result, "demo": False})


@router.get("/stats/import", response_class=HTMLResponse)
def import_page(request: Request, actor: ActorDep) -> Response:
    """Upload observations (what ``kcn stats import`` reads), with the row-by-row report."""
    if not actor.is_authenticated:
        return RedirectResponse("/login?next=/stats/import", status_code=303)
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
    result = check_text(text, lang)
    return render(request, "stats/check.html", {"result": result, "demo": False, "text": text})
