"""The report as PDF: the DOCX converted by LibreOffice (``soffice --headless --convert-to
pdf``), so the PDF has exactly the DOCX's layout. Runs in a private profile and a temporary
folder; a missing LibreOffice or a failed conversion is a clear error, never a hang."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from kcn.kit.errors import DomainError
from kcn.reports import docx
from kcn.reports.model import Report

TIMEOUT_S = 120


class PdfUnavailable(DomainError):
    status_code = 503
    code = "report_pdf_unavailable"
    key = "report.pdf_unavailable"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx_bytes: bytes) -> bytes:
    """PDF bytes of a DOCX, through LibreOffice."""
    program = soffice()
    if program is None:
        raise PdfUnavailable("report.pdf_unavailable")
    with tempfile.TemporaryDirectory(prefix="kcn-report-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx_bytes)
        profile = (folder / "profile").as_uri()
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_S,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable("report.pdf_failed") from exc
        target = folder / "report.pdf"
        if not target.exists():
            raise PdfUnavailable("report.pdf_failed")
        return target.read_bytes()


def render(report: Report) -> bytes:
    return convert(docx.render(report))
