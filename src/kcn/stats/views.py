"""Statistics pages: a period's table by sector or district, with the monthly chart."""

from __future__ import annotations

from importlib import resources
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.kit.errors import ValidationFailed
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import localized, translate
from kcn.kit.render import render
from kcn.stats import export, importer, service
from kcn.stats.indicators import INDICATORS
from kcn.stats.metrics import default_period, default_years, period_choices
from kcn.stats.router import YEARS, TableDep, parse_period, run_check
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
        result = run_check(FACTS_FILE, content, lang)
    return render(request, "stats/check.html", {"result": result, "demo": demo})


@router.post("/stats/check", response_class=HTMLResponse)
async def check_upload(request: Request, lang: LangDep, file: UploadFile) -> HTMLResponse:
    result = run_check(file.filename or "upload.yaml", await file.read(), lang)
    return render(request, "stats/check.html", {"result": result, "demo": False})


@router.get("/stats/import", response_class=HTMLResponse)
def import_page(request: Request, actor: ActorDep) -> Response:
    """Upload observations (what ``kcn stats import`` reads), with the row-by-row report."""
    if not actor.is_authenticated:
        return RedirectResponse("/login?next=/stats/import", status_code=303)
    return render(request, "stats/import.html", {"report": None})


@router.post("/stats/import", response_class=HTMLResponse)
async def import_upload(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, file: UploadFile
) -> HTMLResponse:
    name = file.filename or "upload.csv"
    try:
        rows = importer.to_rows(importer.read_table(name, await file.read()))
    except ValidationFailed as exc:
        problems = [translate(e.key, lang, **e.params) for e in exc.fields]
        context = {"report": None, "file": name, "problems": problems}
        return render(request, "stats/import.html", context, status_code=422)
    report = service.import_rows(session, rows, actor, lang)
    status = 422 if report.errors else 200
    return render(request, "stats/import.html", {"report": report, "file": name}, status)
