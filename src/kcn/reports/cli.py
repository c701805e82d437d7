"""``kcn report half-year``: write the half-year report to a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kcn.kit.cli import cli_lang, cli_session, fail, handle_errors, out
from kcn.reports import service

app = typer.Typer(help="Reports written from KCN's own data.", no_args_is_help=True)


@app.command("half-year")
@handle_errors
def half_year(
    year: Annotated[int, typer.Option(help="Year of the report.")],
    half: Annotated[int, typer.Option(help="1 (January–June) or 2 (July–December).")] = 1,
    lang: Annotated[
        str | None, typer.Option(help="vi or en (default: KCN_DEFAULT_LANGUAGE).")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="docx, pdf, html or md.")] = "docx",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="File to write (default: kcn-report-YEAR-hHALF-LANG.EXT)."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="Read the registries on this date (YYYY-MM-DD; default: the half's last day)."
        ),
    ] = None,
) -> None:
    """Write the half-year report (Decree 30/2020 layout for DOCX and PDF) to a file."""
    day = None
    if as_of:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of: not a date (YYYY-MM-DD): {as_of}")
    with cli_session() as session:
        rendered = service.generate(session, year, half, lang or cli_lang(), format, day)
    target = output or Path(rendered.filename)
    try:
        target.write_bytes(rendered.content)
    except OSError as exc:
        fail(f"{target}: {exc.strerror or exc}")
    out(str(target))
