"""The page ``/reports``: choose the half-year and language, preview the report, download it."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from kcn.auth.deps import PAGE_DEPENDENCIES
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.render import render
from kcn.reports import html, service

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)


def _default_half(today: date) -> tuple[int, int]:
    """The last half-year that has ended."""
    return (today.year, 1) if today.month > 6 else (today.year - 1, 2)


@router.get("/reports", response_class=HTMLResponse)
def reports_page(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    year: int | None = Query(None),
    half: int | None = Query(None),
) -> HTMLResponse:
    default_year, default_half = _default_half(date.today())
    year = year or default_year
    half = half or default_half
    report = service.half_year(session, year, half, lang)
    context = {
        "year": year,
        "half": half,
        "formats": list(service.FORMATS),
        "preview": Markup(html.fragment(report)),
    }
    return render(request, "reports/page.html", context)
