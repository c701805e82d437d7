"""``kcn fta``, ``kcn screen``, ``kcn match`` and ``kcn leads``: FTA partners, evaluation of
proposals, land matching and the investor pipeline."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import ValidationError

from kcn.kit.cli import cli_actor, cli_lang, cli_session, fail, handle_errors, out
from kcn.kit.http import field_errors
from kcn.kit.i18n import fmt_number, fmt_pct, translate
from kcn.screening import service
from kcn.screening.schemas import ProposalIn

fta_app = typer.Typer(help="Free trade agreements in force for Viet Nam.", no_args_is_help=True)


def parse_day(value: str | None, option: str) -> date:
    if value is None:
        return date.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        fail(f"{option}: expected a date as YYYY-MM-DD, got {value!r}")
        raise  # unreachable: fail() exits


@fta_app.command("partners")
@handle_errors
def partners(
    on: Annotated[
        str | None, typer.Option("--date", help="Date YYYY-MM-DD (default today).")
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 code of the partner.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The agreements linking Viet Nam with COUNTRY on DATE (or every partner country)."""
    lang = cli_lang()
    result = service.fta_partners(parse_day(on, "--date"), country, lang)
    if as_json:
        out(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    if result.country is None:
        for code, names in (result.partners or {}).items():
            out(f"{code}\t{', '.join(names)}")
        return
    if not result.agreements:
        out(translate("fta.none", lang, country=result.country, date=result.date.isoformat()))
    for a in result.agreements:
        out(f"{a.code}\t{a.partner_from}\t{a.partner_to or ''}\t{a.name}")


def _proposals(file: Path) -> list[ProposalIn]:
    """The proposals in FILE (YAML or JSON: one mapping or a list), or exit 2 naming the
    first bad field."""
    try:
        raw = yaml.safe_load(file.read_text("utf-8"))
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
        raise
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        fail(f"{file}: not YAML: {str(exc).splitlines()[0]}")
        raise
    items = raw if isinstance(raw, list) else [raw]
    out = []
    lang = cli_lang()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            fail(f"{file}: proposal {n}: expected a mapping of fields")
        try:
            out.append(ProposalIn.model_validate(item))
        except ValidationError as exc:
            errors = "; ".join(
                f"{e.field}: {translate(e.key, lang, **e.params)}" for e in field_errors(exc)
            )
            fail(f"{file}: proposal {n}: {errors}")
    return out


def screen(
    file: Annotated[Path, typer.Argument(help="YAML (or JSON): one proposal or a list.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Screen proposals: verdict, score 0–100 and one line per rule (docs/screening.md)."""
    proposals = _proposals(file)
    lang = cli_lang()
    with cli_session() as session:
        results = [service.evaluate(session, p, lang) for p in proposals]
    if as_json:
        body = [r.model_dump(mode="json") for r in results]
        out(json.dumps(body if len(body) > 1 else body[0], ensure_ascii=False, indent=2))
        return
    for r in results:
        out(f"{r.investor}: {r.verdict_label} ({r.score}/100, v{r.policy_version})")
        for line in r.lines:
            mark = "–" if line.passed is None else ("✓" if line.passed else "✗")
            out(f"  {mark} {line.title}: {line.why}")


screen_command = handle_errors(screen)


def match(
    ha: Annotated[str, typer.Option("--ha", help="Land needed, ha.")],
    sector: Annotated[str | None, typer.Option(help="VSIC 2018 code.")] = None,
    district: Annotated[
        str | None, typer.Option(help="Administrative unit key or GSO code.")
    ] = None,
    kind: Annotated[str | None, typer.Option(help="industrial_park or industrial_cluster.")] = None,
    as_of: Annotated[str | None, typer.Option(help="Date YYYY-MM-DD (default today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Zones that can host a project needing HA hectares, ranked; and why the others cannot."""
    try:
        land = Decimal(ha)
    except InvalidOperation:
        fail(f"--ha: expected a number of hectares, got {ha!r}")
        raise
    if kind is not None and kind not in ("industrial_park", "industrial_cluster"):
        fail(f"--kind: expected industrial_park or industrial_cluster, got {kind!r}")
    lang = cli_lang()
    with cli_session() as session:
        result = service.match_land(
            session, cli_actor(), lang, land, sector, kind, district, parse_day(as_of, "--as-of")
        )
    if as_json:
        out(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    for z in result.zones:
        out(
            f"{z.code:<24} {fmt_number(z.available_ha, lang):>10} ha  "
            f"{fmt_pct(z.occupancy_pct, lang):>8}  {z.name}"
        )
    if result.left_out:
        out(translate("screening.match.left_out", lang))
        for z in result.left_out:
            out(f"  {z.code:<24} {z.reason}")


match_command = handle_errors(match)
