"""API of the half-year report. The route is a plain ``def``: FastAPI runs it in its worker
thread pool, so the blocking DOCX/PDF generation never holds the event loop."""

from __future__ import annotations

from datetime import date
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Response

from kcn.kit.http import LangDep, SessionDep
from kcn.reports import service

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])


@router.get(
    "/half-year",
    summary="The half-year report (Markdown, HTML, DOCX or PDF)",
    response_class=Response,
    responses={200: {"content": {m: {} for m, _ in service.FORMATS.values()}}},
)
def half_year(
    session: SessionDep,
    lang: LangDep,
    year: int = Query(..., description="Year of the report"),
    half: int = Query(1, description="1 (January–June) or 2 (July–December)"),
    format: Literal["md", "html", "docx", "pdf"] = Query("docx", description="File format"),
    as_of: date | None = Query(None, description="Read the registries on this date"),
) -> Response:
    rendered = service.generate(session, year, half, lang, format, as_of)
    disposition = f"attachment; filename*=UTF-8''{quote(rendered.filename)}"
    return Response(
        rendered.content,
        media_type=rendered.media_type,
        headers={"Content-Disposition": disposition},
    )
