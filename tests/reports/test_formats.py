"""The report's formats through the service, the API and the CLI; the DOCX's Decree 30/2020
layout; the PDF made by LibreOffice from it and its pages."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kcn.cli import app
from kcn.config import get_settings
from kcn.reports import docx, html, markdown, pdf, service
from kcn.reports.charts import png
from kcn.reports.model import Chart

runner = CliRunner()


def test_api_markdown_and_html(client: TestClient) -> None:
    md = client.get("/api/v1/reports/half-year?year=2024&half=1&lang=vi&format=md")
    assert md.status_code == 200, md.text
    assert md.headers["content-type"].startswith("text/markdown")
    assert "kcn-report-2024-h1-vi.md" in md.headers["content-disposition"]
    assert "# BÁO CÁO" in md.text and "315.145 tỷ đồng" in md.text
    page = client.get("/api/v1/reports/half-year?year=2024&half=1&lang=en&format=html")
    assert page.status_code == 200
    assert "VND 315,145 billion" in page.text and "data:image/png;base64," in page.text


@pytest.mark.parametrize(
    ("query", "field"),
    [("year=2024&half=3&format=md", "half"), ("year=2024&format=odt", "format"),
     ("year=1800&format=md", "year"), ("year=abc", "year"),
     ("year=2024&format=md&as_of=0001-01-01", "as_of")],
)  # fmt: skip
def test_api_refuses_bad_requests(client: TestClient, query: str, field: str) -> None:
    response = client.get(f"/api/v1/reports/half-year?{query}")
    assert response.status_code == 422
    assert field in response.text


def test_page_previews_with_download_links(anon: TestClient) -> None:
    response = anon.get("/reports?year=2024&half=1")
    assert response.status_code == 200
    assert "315.145 tỷ đồng" in response.text
    assert "format=docx" in response.text and "format=pdf" in response.text


def test_docx_layout(session: Session) -> None:
    report = service.half_year(session, 2024, 1, "vi")
    document = Document(io.BytesIO(docx.render(report)))
    section = document.sections[0]
    mm = [
        round(v.mm)
        for v in (
            section.page_width,
            section.page_height,
            section.left_margin,
            section.right_margin,
            section.top_margin,
            section.bottom_margin,
        )
    ]
    assert mm == [210, 297, 30, 15, 20, 20]
    assert document.styles["Normal"].font.name == "Times New Roman"
    head = [p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head
    assert "Bắc Giang, ngày 30 tháng 6 năm 2024" in head
    foot = [p.text for cell in document.tables[-1].rows[0].cells for p in cell.paragraphs]
    assert "Nơi nhận:" in foot
    assert len(document.inline_shapes) >= 2  # the charts, as images


def test_clearance_chart_in_docx_html_and_markdown(session: Session, backend_kind: str) -> None:
    if backend_kind != "sqlite":
        pytest.skip("the rendering does not depend on the database")
    report = service.half_year(session, 2024, 1, "vi")
    section = next(s for s in report.sections if s.key == "clearance")
    chart = next(b for b in section.blocks if isinstance(b, Chart))
    assert chart.target == 100 and any(chart.flagged) and not all(chart.flagged)
    image = png(chart)
    assert image.startswith(b"\x89PNG") and image != png(replace(chart, flagged=()))
    document = Document(io.BytesIO(docx.render(report)))
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert chart.title in alts
    blobs = [part.blob for part in document.part.package.image_parts]
    assert image in blobs  # the chart itself, not only its title
    assert f'alt="{chart.title}"' in html.fragment(report)
    md = markdown.render(report)
    assert f"*{chart.title}*" in md and "| Phúc Sơn – Giai đoạn 2 | 0 |" in md


def test_pdf_from_libreoffice_has_its_pages(session: Session, backend_kind: str) -> None:
    if backend_kind != "sqlite":
        pytest.skip("one LibreOffice conversion is enough (the content is the same)")
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    report = service.half_year(session, 2024, 1, "en")
    reader = PdfReader(io.BytesIO(pdf.render(report)))
    assert 3 <= len(reader.pages) <= 12
    first = reader.pages[0].extract_text()
    assert "REPORT" in first and "2024" in first
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4, in points


def test_cli_refuses_bad_options_and_an_empty_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KCN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    get_settings.cache_clear()
    try:
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        base = ["report", "half-year", "--year", "2024", "-o", str(tmp_path / "r.md")]
        for extra in (["--format", "odt"], ["--half", "3"], ["--as-of", "June"], []):
            result = runner.invoke(app, [*base, *(extra or ["--format", "md"])])
            assert result.exit_code == 2, (extra, result.output)
            assert "Traceback" not in result.output
        assert not (tmp_path / "r.md").exists()
    finally:
        get_settings.cache_clear()
