"""Build the half-year report and render it in one of its formats. Reads only (the figures
are public aggregates, like the published figures); DOCX and PDF generation is blocking, so
the API calls this from a worker thread, never on the event loop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.reports import html, markdown
from kcn.reports.builder import build_report, check
from kcn.reports.model import Report, ReportRequest

FORMATS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "html": ("text/html; charset=utf-8", "html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    media_type: str
    filename: str


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValidationFailed(
            fields=[FieldError("format", "report.bad_format", {"expected": ", ".join(FORMATS)})]
        )


def half_year(
    session: Session, year: int, half: int, lang: str, as_of: date | None = None
) -> Report:
    check(year, half, lang, as_of)
    return build_report(session, ReportRequest(year, half, lang, as_of))


def render(report: Report, fmt: str) -> bytes:
    check_format(fmt)
    if fmt == "md":
        return markdown.render(report).encode("utf-8")
    if fmt == "html":
        return html.document(report).encode("utf-8")
    # python-docx (and its lxml), for DOCX and PDF, only when such a report is asked for.
    from kcn.reports import docx, pdf

    if fmt == "docx":
        return docx.render(report)
    return pdf.render(report)


def generate(
    session: Session, year: int, half: int, lang: str, fmt: str, as_of: date | None = None
) -> Rendered:
    check_format(fmt)
    report = half_year(session, year, half, lang, as_of)
    media_type, ext = FORMATS[fmt]
    name = f"kcn-report-{year}-h{half}-{lang}.{ext}"
    return Rendered(render(report, fmt), media_type, name)
