"""``kcn zones``: list zones and print the registry summary."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

import typer

from kcn.kit.cli import cli_actor, cli_lang, cli_session, fail, handle_errors, out
from kcn.kit.i18n import fmt_number, fmt_pct, translate
from kcn.zones import pipeline
from kcn.zones.filters import ZoneFilter
from kcn.zones.resources import ZONES
from kcn.zones.summary import summarize

app = typer.Typer(help="Industrial parks and clusters.", no_args_is_help=True)


def parse_day(value: str | None, option: str) -> date:
    if value is None:
        return date.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        fail(f"{option}: expected a date as YYYY-MM-DD, got {value!r}")
        raise  # unreachable: fail() exits


@app.command("list")
@handle_errors
def list_zones(
    kind: Annotated[str | None, typer.Option(help="industrial_park or industrial_cluster")] = None,
    stage: Annotated[str | None, typer.Option(help="Current stage (exclusive).")] = None,
    reached: Annotated[str | None, typer.Option(help="Milestone reached (cumulative).")] = None,
    admin_unit: Annotated[str | None, typer.Option(help="Unit key or GSO code.")] = None,
    q: Annotated[str | None, typer.Option("--q", "-q", help="Search ignoring diacritics.")] = None,
    as_of: Annotated[str | None, typer.Option(help="Date YYYY-MM-DD (default today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List zones, filtered like the web list."""
    if kind is not None and kind not in pipeline.KINDS:
        fail(f"--kind: expected one of {', '.join(pipeline.KINDS)}, got {kind!r}")
    for option, value in (("--stage", stage), ("--reached", reached)):
        if value is not None and value not in pipeline.ALL_MILESTONES:
            fail(f"{option}: unknown milestone {value!r}")
    filters = ZoneFilter(
        kind=kind, stage=stage, reached=reached, admin_unit=admin_unit, q=q,
        as_of=parse_day(as_of, "--as-of"),
    )  # fmt: skip
    lang = cli_lang()
    with cli_session() as session:
        for zone, index in session.execute(ZONES.list_query(session, cli_actor(), filters)):
            stage_now = pipeline.stage_name(zone.kind, index)
            if as_json:
                area_ha = zone.planned_area_ha
                record = {
                    "code": zone.code,
                    "name": zone.name,
                    "kind": zone.kind,
                    "stage": stage_now,
                    "planned_area_ha": None if area_ha is None else str(area_ha),
                    "demo": zone.is_demo,
                }
                out(json.dumps(record, ensure_ascii=False))
            else:
                label = translate(f"milestone.{stage_now}", lang) if stage_now else "–"
                area = fmt_number(zone.planned_area_ha, lang)
                out(f"{zone.code:<22} {zone.name:<60} {area:>10} ha  {label}")


@app.command("summary")
@handle_errors
def summary(
    as_of: Annotated[str | None, typer.Option(help="Date YYYY-MM-DD (default today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON object.")] = False,
) -> None:
    """Counts and areas by stage and by milestone reached, occupancy, zones per year."""
    day = parse_day(as_of, "--as-of")
    with cli_session() as session:
        result = summarize(session, day)
    if as_json:
        out(json.dumps(result, ensure_ascii=False, indent=2))
        return
    lang = cli_lang()
    for kind in pipeline.KINDS:
        part = result[kind]
        out(f"{translate('kind_plural.' + kind, lang)}: {part['total']['count']}")
        for name in pipeline.MILESTONES[kind]:
            stage, reached = part["stage"][name], part["reached"][name]
            out(
                f"  {translate('milestone.' + name, lang):<45} {stage['count']:>4} "
                f"{fmt_number(stage['area_ha'], lang):>10} ha   ≥ {reached['count']:>4} "
                f"{fmt_number(reached['area_ha'], lang):>10} ha"
            )
    if result["occupancy_pct"] is not None:
        occupancy = fmt_pct(result["occupancy_pct"], lang)
        out(f"{translate('column.occupancy_pct', lang)}: {occupancy}")
