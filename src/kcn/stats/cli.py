"""``kcn stats``: check that published figures agree with each other; import observations.

``kcn stats check FILE`` reads a facts file (YAML in the layout of the demo facts, or CSV
``key,value,qualifier``), prints the inconsistencies it finds and the values the figures
imply, and exits 0 when they agree, 1 when they do not, 2 when the file cannot be read, 3
when no check could be made.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from kcn.kit.cli import cli_actor, cli_lang, cli_session, fail, handle_errors, out
from kcn.kit.errors import ValidationFailed
from kcn.kit.i18n import LANGUAGES, fmt_fixed, fmt_number, translate
from kcn.stats import compare_sources, service
from kcn.stats.checker import Figure, Figures, Finding, Interval, LoadError, Report, report_data
from kcn.stats.checker.extract import extract
from kcn.stats.checker.figure import load_error_text
from kcn.stats.checker.loading import read_text
from kcn.stats.checker.service import check_path, load_any
from kcn.stats.compare_sources import STORED, stored
from kcn.stats.iip import output as iip_output

app = typer.Typer(
    help="Statistics: check published figures, import observations.", no_args_is_help=True
)


NOTHING_CHECKED = 3
"""Exit code of ``kcn stats check`` when no check could be made: never "agree"."""


@app.callback()
def main() -> None:
    """Statistics: check published figures."""


def _number(value: Decimal, lang: str, decimals: int, fixed: bool = True) -> str:
    return (fmt_fixed if fixed else fmt_number)(value, lang, max(decimals, 0))


def _interval(interval: Interval, lang: str, decimals: int, fixed: bool = True) -> str:
    low = _number(interval.low, lang, decimals, fixed)
    if interval.high is None:
        return f"≥ {low}"
    return (
        low
        if interval.high == interval.low
        else f"{low} – {_number(interval.high, lang, decimals, fixed)}"
    )


def _table(rows: list[tuple[str, ...]], indent: str, align: str) -> list[str]:
    """Rows as aligned columns: ``align`` has ``l`` or ``r`` for each column."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(align))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if side == "r" else cell.ljust(width)
            for cell, width, side in zip(row, widths, align, strict=True)
        ]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def _figure_row(figure: Figure, lang: str) -> tuple[str, str, str]:
    exact = figure.qualifier == "exact"
    qualifier = "" if exact else f" ({translate('qualifier.' + figure.qualifier, lang)})"
    value = _number(figure.value, lang, figure.decimals) + qualifier
    point = figure.interval.low == figure.interval.high
    return figure.key, value, _interval(figure.interval, lang, figure.decimals + (not point))


def _numbers(finding: Finding, lang: str, digits: int) -> str:
    """The finding's numbers in words: the published figure, what the others imply, the
    difference between them and the tolerance the published figure's text allows."""
    published = finding.published
    if published.high is None:
        tolerance = translate("stats.check.open_ended", lang)
    else:
        half = (published.high - published.low) / 2
        tolerance = "± " + _number(half, lang, digits, fixed=False)
    return translate(
        "stats.check.numbers", lang,
        published=_interval(published, lang, digits, fixed=False),
        implied=_interval(finding.computed, lang, digits, fixed=False),
        difference=_number(finding.gap, lang, digits, fixed=False),
        tolerance=tolerance,
    )  # fmt: skip


def render(report: Report, lang: str) -> list[str]:
    """The report as lines of text in ``lang``: findings, then derived values, then skips."""
    name = Path(report.source).name
    if report.ok:
        lines = [translate("stats.check.consistent", lang, source=name, count=report.tested)]
    elif report.findings:
        lines = [
            translate("stats.check.inconsistent", lang, source=name, count=len(report.findings))
        ]
    else:
        lines = [translate("stats.check.nothing_checked", lang, source=name)]
    if report.unknown:
        keys = ", ".join(report.unknown)
        lines.append(translate("stats.check.unknown_keys", lang, keys=keys))
    if report.split_texts:
        keys = ", ".join(report.split_texts)
        lines.append(translate("stats.check.split_texts", lang, keys=keys))
    head = tuple(translate(f"stats.check.column.{c}", lang) for c in ("key", "value", "interval"))
    if report.findings:
        lines += ["", translate("stats.check.findings", lang)]
    for number, finding in enumerate(report.findings, start=1):
        digits = max(f.decimals for f in finding.figures) + 2
        message = translate(f"stats.finding.{finding.code}", lang)
        lines += ["", f"{number}. [{finding.check}] {message}  {finding.formula}"]
        lines += _table([head, *(_figure_row(f, lang) for f in finding.figures)], "   ", "lrr")
        lines.append("   " + _numbers(finding, lang, digits))
    if report.derived:
        lines += ["", translate("stats.check.derived", lang)]
        rows = [
            (d.key, _number(d.value, lang, 2), _interval(d.interval, lang, 2),
             f"{translate('stats.derived.' + d.code, lang)}: {d.formula}")
            for d in report.derived
        ]  # fmt: skip
        lines += _table([(*head, ""), *rows], "  ", "lrrl")
    if report.skipped:
        lines += ["", translate("stats.check.skipped", lang)]
        for skipped in report.skipped:
            reason = translate(f"stats.skipped.{skipped.code}", lang, **skipped.params)
            lines.append(f"  [{skipped.check}] {', '.join(skipped.keys)}: {reason}")
    return lines


def as_json(report: Report, lang: str) -> str:
    """The report as JSON, each finding, derived value and skip with its text in ``lang``."""
    return json.dumps(report_data(report, lang), ensure_ascii=False, indent=2)


@app.command("check")
@handle_errors
def check_file(
    file: Annotated[
        Path,
        typer.Argument(
            help="Facts file (YAML, or CSV key,value,qualifier), or a report's text (.txt)."
        ),
    ],
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    lang: Annotated[
        str | None, typer.Option(help="vi or en (default: KCN_DEFAULT_LANGUAGE).")
    ] = None,
) -> None:
    """Check that the published figures in FILE agree with each other.

    Exit code 0 when they do, 1 when they do not, 2 when FILE cannot be read, 3 when no
    check could be made (the keys not understood are named).
    """
    if lang is not None and lang not in LANGUAGES:
        fail(f"--lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    language = lang or cli_lang()
    try:
        report = check_path(file)
    except LoadError as exc:
        fail(load_error_text(exc, language))
        return
    out(as_json(report, language) if json_output else "\n".join(render(report, language)))
    if report.findings:
        raise typer.Exit(code=1)
    if not report.ok:
        raise typer.Exit(code=NOTHING_CHECKED)


@app.command("extract")
@handle_errors
def extract_figures(
    report: Annotated[Path, typer.Argument(help="A report's text (UTF-8), Vietnamese or English.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the figures file here (YAML).")
    ] = None,
) -> None:
    """Read the figures of a report's text into the file `kcn stats check` reads.

    Rule-based and offline. The numbers no rule could read are listed on stderr, never
    guessed. Exit code 0 when figures were found, 2 when none (or the file cannot be read).
    """
    try:
        extraction = extract(read_text(report))
    except LoadError as exc:
        fail(load_error_text(exc, cli_lang()))
        return
    if not extraction.figures:
        fail(f"{report}: no figure found in the text")
    text = yaml.safe_dump(extraction.to_mapping(), allow_unicode=True, sort_keys=False, width=100)
    if output is None:
        out(text.rstrip())
    else:
        output.write_text(text, encoding="utf-8")
        out(f"{len(extraction.figures)} figures in {output}")
    for written, sentence in extraction.unread:
        typer.echo(f"unread: {written}: {sentence.strip()}", err=True)


@app.command("import")
@handle_errors
def import_file(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX, long or wide layout.")],
) -> None:
    """Import observations from FILE: every row is checked first; any bad row, nothing written.

    Exit code 0 when imported, 2 with a row-by-row report on stderr otherwise.
    """
    try:
        content = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
        return
    lang = cli_lang()
    with cli_session() as session:
        report = service.import_table(session, file.name, content, cli_actor(), lang)
    if report.errors:
        for error in report.errors:
            typer.echo(f"{file}:{error.row}: {error.field}: {error.message}", err=True)
        raise typer.Exit(code=2)
    out(translate("stats.import.done", lang, file=file, count=report.rows, created=report.created,
             revised=report.revised, unchanged=report.unchanged))  # fmt: skip


@app.command("iip")
@handle_errors
def iip(
    micro: Annotated[
        Path,
        typer.Option(
            help="Micro-data: Parquet (glob allowed) or CSV with "
            "province, enterprise, product, year, month, quantity."
        ),
    ],
    product_weights: Annotated[Path, typer.Option(help="product, vsic4, weight (base year).")],
    industry_weights: Annotated[Path, typer.Option(help="level, code, weight [, province].")],
    base_year: Annotated[int, typer.Option(min=1990, max=2100)],
    output: Annotated[
        Path | None, typer.Option(help="Write every index to .csv or .parquet.")
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            help="Record this province's total and section indices as observations "
            "(its code in the micro-data, e.g. 24)."
        ),
    ] = None,
) -> None:
    """Compute the IIP (fixed-weight Laspeyres) from product-level micro-data."""
    try:
        rows = iip_output.run(micro, product_weights, industry_weights, base_year, output)
    except iip_output.IipError as exc:
        fail(str(exc))
        return
    out(
        f"IIP: {len(rows)} total and section index rows"
        + (f"; all rows in {output}" if output else "")
    )
    if store is None:
        return
    with cli_session() as session:
        report = service.store_iip(session, rows, store, base_year, cli_actor(), cli_lang())
    if report.errors:
        fail(f"iip --store: {report.errors[0].field}: {report.errors[0].message}")
    out(f"Stored {report.created} new and {report.revised} revised IIP observations.")


def _side(session: Any, name: str, text: str, period: str | None) -> Figures:
    """A file's figures, or a stored source (``published``, ``kcn``)."""
    if text in STORED:
        return stored(session, text, period, name)
    return load_any(Path(text))


def render_comparison(data: dict[str, Any], lang: str) -> list[str]:
    """The comparison as aligned text in ``lang``: one line per figure."""
    lines = [f"A: {data['a']}", f"B: {data['b']}"]
    if data["period"]:
        lines.append(f"{translate('stats.period', lang)}: {data['period']}")
    lines.append(data["summary"] if data["compared"] else translate("stats.compare.nothing", lang))

    def number(figure: dict[str, Any] | None) -> str:
        if figure is None:
            return "–"
        text = fmt_number(Decimal(figure["value"]), lang, 4)
        qualifier = figure["qualifier"]
        return (
            text
            if qualifier == "exact"
            else f"{text} ({translate('qualifier.' + qualifier, lang)})"
        )

    demo = translate("demo.badge", lang)

    def maybe(value: str | None, prefix: str = "") -> str:
        return "–" if value is None else prefix + fmt_number(Decimal(value), lang, 4)

    head = (
        translate("stats.check.column.key", lang),
        "A",
        "B",
        translate("stats.compare.difference", lang),
        translate("stats.compare.tolerance", lang),
        "",
    )
    rows = [
        (
            r["key"],
            number(r["a"]),
            number(r["b"]),
            maybe(r["difference"]),
            maybe(r["tolerance"], "± "),
            r["status_text"] + (f" [{demo}]" if r["is_demo"] else ""),
        )
        for r in data["rows"]
    ]
    return [*lines, "", *_table([head, *rows], "", "lrrrrl")]


@app.command("compare")
@handle_errors
def compare_command(
    a: Annotated[
        str, typer.Argument(help="A figures file (YAML, CSV, report text), or published or kcn.")
    ],
    b: Annotated[str, typer.Argument(help="The other source, the same way.")],
    period: Annotated[
        str | None, typer.Option(help="The period of published/kcn figures (e.g. 2024-H1).")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the comparison as JSON.")
    ] = False,
    lang: Annotated[
        str | None, typer.Option(help="vi or en (default: KCN_DEFAULT_LANGUAGE).")
    ] = None,
) -> None:
    """Compare two sources for the same period figure by figure: both values, the difference,
    and whether it is within the published precision.

    Exit code 0 when every figure in both agrees, 1 when one differs, 2 when a source cannot
    be read (or the periods differ), 3 when no figure is in both.
    """
    if lang is not None and lang not in LANGUAGES:
        fail(f"--lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    language = lang or cli_lang()
    try:
        if a in STORED or b in STORED:
            with cli_session() as session:
                sides = [_side(session, n, t, period) for n, t in (("a", a), ("b", b))]
        else:
            sides = [_side(None, n, t, period) for n, t in (("a", a), ("b", b))]
        data = compare_sources.run(sides[0], sides[1], language)
    except LoadError as exc:
        fail(load_error_text(exc, language))
        return
    except ValidationFailed as exc:
        problem = exc.fields[0] if exc.fields else None
        fail(translate(problem.key, language, **problem.params) if problem else str(exc))
        return
    out(
        json.dumps(data, ensure_ascii=False, indent=2)
        if json_output
        else "\n".join(render_comparison(data, language))
    )
    if data["counts"]["differs"]:
        raise typer.Exit(code=1)
    if not data["compared"]:
        raise typer.Exit(code=NOTHING_CHECKED)
