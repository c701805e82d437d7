"""``kcn import``: enterprises, projects and leases from a spreadsheet, and their templates;
``kcn export``: their filtered lists, as the API exports them."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, get_type_hints

import typer
from pydantic import ValidationError, create_model

from kcn.enterprises import imports, spreadsheets
from kcn.enterprises.filters import enterprise_filter, lease_filter, project_filter
from kcn.enterprises.resources import ENTERPRISES, LEASES, PROJECTS
from kcn.kit.cli import cli_actor, cli_lang, cli_session, fail, handle_errors, out
from kcn.kit.export import Format
from kcn.kit.i18n import translate
from kcn.kit.jobs import terminal_progress
from kcn.kit.resources import Resource

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


export_app = typer.Typer(
    help="Export the filtered list of enterprises, projects or leases to XLSX or CSV.",
    no_args_is_help=True,
)
EXPORTS: dict[str, tuple[Resource, Callable[..., Any]]] = {
    "enterprises": (ENTERPRISES, enterprise_filter),
    "projects": (PROJECTS, project_filter),
    "leases": (LEASES, lease_filter),
}
Output = Annotated[Path, typer.Option("--output", "-o", help="The file to write.")]
FormatOption = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="xlsx or csv (default: the output's suffix, else xlsx)."),
]
Filters = Annotated[
    list[str] | None,
    typer.Argument(
        help="Filters as the API's query parameters, NAME=VALUE (zone=KCN-VAN-TRUNG, sort=-name).",
        show_default=False,
    ),
]


def parse_filters(dependency: Callable[..., Any], pairs: list[str]) -> Any:
    """The list filter the API builds from its query string, from ``NAME=VALUE`` pairs,
    checked by the same rules (choices, lengths, patterns): one definition for both."""
    hints = get_type_hints(dependency)
    fields: dict[str, Any] = {
        name: (hints[name], parameter.default)
        for name, parameter in inspect.signature(dependency).parameters.items()
    }
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in fields:
            fail(f"{pair}: expected NAME=VALUE with NAME one of {', '.join(fields)}")
        values[name] = value
    model = create_model(f"{dependency.__name__}_cli", **fields)
    try:
        checked = model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        fail(f"{first['loc'][0]}={values.get(str(first['loc'][0]), '')}: {first['msg']}")
    return dependency(**checked.model_dump())


def export(kind: str, output: Path, fmt: Format | None, pairs: list[str]) -> None:
    """Write the list of KIND that the API's export gives for the same filters."""
    resource, dependency = EXPORTS[kind]
    filters = parse_filters(dependency, pairs)
    chosen: Format = fmt or ("csv" if output.suffix.lower() == ".csv" else "xlsx")
    with cli_session() as session:
        data = resource.export(session, cli_actor(), cli_lang(), filters, chosen)
    try:
        output.write_bytes(data)
    except OSError as exc:
        fail(f"{output}: {exc.strerror or exc}")
    out(str(output))


@export_app.command("enterprises")
@handle_errors
def export_enterprises(output: Output, fmt: FormatOption = None, filters: Filters = None) -> None:
    """Export enterprises (filters: q, ownership, country, zone, kind, sector, status, sort)."""
    export("enterprises", output, fmt, filters or [])


@export_app.command("projects")
@handle_errors
def export_projects(output: Output, fmt: FormatOption = None, filters: Filters = None) -> None:
    """Export projects (filters: q, zone, kind, sector, country, status, ownership, enterprise,
    sort)."""
    export("projects", output, fmt, filters or [])


@export_app.command("leases")
@handle_errors
def export_leases(output: Output, fmt: FormatOption = None, filters: Filters = None) -> None:
    """Export leases (filters: zone, project, enterprise, land_kind, sort)."""
    export("leases", output, fmt, filters or [])
