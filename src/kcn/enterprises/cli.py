"""``kcn import``: enterprises, projects and leases from a spreadsheet; and their templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kcn.enterprises import imports, spreadsheets
from kcn.kit.cli import cli_actor, cli_lang, cli_session, fail, handle_errors, out
from kcn.kit.i18n import translate
from kcn.kit.jobs import terminal_progress

import_app = typer.Typer(
    help="Import enterprises, projects or leases from XLSX or CSV.", no_args_is_help=True
)
FileArg = Annotated[Path, typer.Argument(help="XLSX or CSV with the template's columns.")]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Check only: list every problem, write nothing.")
]


def run(kind: str, file: Path, dry_run: bool) -> None:
    """Import FILE: every problem on stderr (file:row: column: value: message) and exit 2,
    nothing written; else one line of counts."""
    try:
        content = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
        return
    lang = cli_lang()
    rows = spreadsheets.rows_of(spreadsheets.read_cells(file.name, content),
                                imports.KINDS[kind].columns)  # fmt: skip
    with cli_session() as session:
        report = imports.import_rows(session, kind, rows, cli_actor(), lang, dry_run,
                                     terminal_progress() if len(rows) > 1000 else None)  # fmt: skip
    if report.problems:
        for p in report.problems:
            typer.echo(f"{file}:{p.row}: {p.column}: {p.value!r}: {p.message}", err=True)
        raise typer.Exit(code=2)
    key = "import.checked" if dry_run else "import.done"
    out(translate(key, lang, file=str(file), rows=report.rows, created=report.created,
                  updated=report.updated, unchanged=report.unchanged))  # fmt: skip


@import_app.command("enterprises")
@handle_errors
def import_enterprises(file: FileArg, dry_run: DryRun = False) -> None:
    """Import enterprises, matched by tax code."""
    run("enterprises", file, dry_run)


@import_app.command("projects")
@handle_errors
def import_projects(file: FileArg, dry_run: DryRun = False) -> None:
    """Import projects, matched by certificate number (their enterprises must exist)."""
    run("projects", file, dry_run)


@import_app.command("leases")
@handle_errors
def import_leases(file: FileArg, dry_run: DryRun = False) -> None:
    """Import leases, matched by project certificate number and contract number."""
    run("leases", file, dry_run)


@import_app.command("template")
@handle_errors
def template(
    kind: Annotated[str, typer.Argument(help="enterprises, projects or leases.")],
    output: Annotated[Path, typer.Argument(help="Where to write the XLSX.")],
) -> None:
    """Write the XLSX template of KIND: headers, one example row, notes on each column."""
    if kind not in imports.KINDS:
        fail(f"{kind}: expected one of {', '.join(imports.KINDS)}")
    lang = cli_lang()
    spec = imports.KINDS[kind]
    output.write_bytes(spreadsheets.template(spec.columns, spec.example, lang, kind))
    out(str(output))
