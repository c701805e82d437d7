"""``kcn fta``, ``kcn screen``, ``kcn match`` and ``kcn leads``: FTA partners, evaluation of
proposals, land matching and the investor pipeline."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from pydantic import ValidationError

from kcn.enterprises import checks
from kcn.kit.cli import cli_actor, cli_lang, cli_session, fail, handle_errors, out
from kcn.kit.http import field_errors
from kcn.kit.i18n import fmt_number, fmt_pct, translate
from kcn.models.screening import LEAD_STAGES
from kcn.screening import leads, service
from kcn.screening.filters import LeadFilter
from kcn.screening.resources import LEADS
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


def _decimal(value: str | None, option: str, what: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        fail(f"{option}: expected a number of {what}, got {value!r}")
        raise
    if not number.is_finite():
        fail(f"{option}: expected a number of {what}, got {value!r}")
    return number


def match(
    ha: Annotated[str, typer.Option("--ha", help="Land needed, ha.")],
    sector: Annotated[str | None, typer.Option(help="VSIC 2018 code.")] = None,
    district: Annotated[
        str | None, typer.Option(help="Administrative unit key or GSO code.")
    ] = None,
    kind: Annotated[str | None, typer.Option(help="industrial_park or industrial_cluster.")] = None,
    as_of: Annotated[str | None, typer.Option(help="Date YYYY-MM-DD (default today).")] = None,
    power_mva: Annotated[str | None, typer.Option(help="Power needed, MVA.")] = None,
    water_m3_day: Annotated[str | None, typer.Option(help="Water needed, m³/day.")] = None,
    wastewater_m3_day: Annotated[
        str | None, typer.Option(help="Wastewater discharged, m³/day.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Zones that can host a project needing HA hectares (and the power, water and wastewater
    capacity given), ranked; and why the others cannot. A zone that records no capacity stays
    in, marked "not recorded"."""
    land = _decimal(ha, "--ha", "hectares")
    assert land is not None
    needs = {
        "power_mva": _decimal(power_mva, "--power-mva", "MVA"),
        "water_m3_day": _decimal(water_m3_day, "--water-m3-day", "m³/day"),
        "wastewater_m3_day": _decimal(wastewater_m3_day, "--wastewater-m3-day", "m³/day"),
    }
    if kind is not None and kind not in ("industrial_park", "industrial_cluster"):
        fail(f"--kind: expected industrial_park or industrial_cluster, got {kind!r}")
    lang = cli_lang()
    with cli_session() as session:
        day = parse_day(as_of, "--as-of")
        result = service.match_land(
            session, cli_actor(), lang, land, sector, kind, district, day, needs
        )
    if as_json:
        out(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    for z in result.zones:
        out(
            f"{z.code:<24} {fmt_number(z.available_ha, lang):>10} ha  "
            f"{fmt_pct(z.occupancy_pct, lang):>8}  {z.name}"
        )
        for line in z.infrastructure:
            out(f"  {'–' if line.passed is None else '✓'} {line.text}")
    if result.left_out:
        out(translate("screening.match.left_out", lang))
        for z in result.left_out:
            out(f"  {z.code:<24} {z.reason}")


match_command = handle_errors(match)


leads_app = typer.Typer(help="The investor pipeline: leads and the funnel.", no_args_is_help=True)
AsOf = Annotated[
    str | None, typer.Option(help="Date YYYY-MM-DD for overdue follow-ups (default today).")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
SORT_HELP = "investor, stage, score, next_action_due or first_contact_on; '-' first: descending."


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    code = checks.country(value)
    if code is None:
        fail(f"--country: unknown ISO 3166-1 country code {value!r}")
    return code


def _sector(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{1,5}", value):
        fail(f"--sector: expected a VSIC code prefix of 1 to 5 digits, got {value!r}")
    return value


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@leads_app.command("list")
@handle_errors
def list_leads(
    stage: Annotated[str | None, typer.Option(help=f"One of {', '.join(LEAD_STAGES)}.")] = None,
    owner: Annotated[str | None, typer.Option(help="Who follows the lead.")] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Open leads whose next action is past due.")
    ] = False,
    open_only: Annotated[bool, typer.Option("--open", help="Leads still in play.")] = False,
    q: Annotated[str | None, typer.Option("--q", "-q", help="Search ignoring diacritics.")] = None,
    country: Annotated[str | None, typer.Option(help="Main investor country (ISO code).")] = None,
    sector: Annotated[str | None, typer.Option(help="VSIC code prefix.")] = None,
    sort: Annotated[str, typer.Option(help=SORT_HELP)] = "-score",
    as_of: AsOf = None,
    as_json: AsJson = False,
) -> None:
    """List leads, filtered and sorted like the web list (the best score first)."""
    if stage is not None and stage not in LEAD_STAGES:
        fail(f"--stage: expected one of {', '.join(LEAD_STAGES)}, got {stage!r}")
    day = parse_day(as_of, "--as-of")
    filters = LeadFilter(
        q=q or None,
        stage=stage,
        open=True if open_only else None,
        overdue_on=day if overdue else None,
        country=_country(country),
        sector=_sector(sector),
        owner=owner or None,
        sort=sort,
    )
    lang = cli_lang()
    with cli_session() as session:
        rows = session.execute(LEADS.list_query(session, cli_actor(), filters)).all()
        items = [leads.to_read(r[0], day) for r in rows]
    if as_json:
        out(_dump([i.model_dump(mode="json") for i in items]))
        return
    for i in items:
        score = "–" if i.score is None else str(i.score)
        due = i.next_action_due.isoformat() if i.next_action_due else ""
        late = f" {translate('lead.overdue', lang)}" if i.overdue else ""
        label = translate(f"lead.stage.{i.stage}", lang)
        out(f"{i.id}\t{score:>3}\t{label}\t{i.investor}\t{i.owner}\t{due}{late}")


@leads_app.command("show")
@handle_errors
def show_lead(
    lead_id: Annotated[int, typer.Argument(help="Id of the lead.", min=1, max=2**63 - 1)],
    as_of: AsOf = None,
    as_json: AsJson = False,
) -> None:
    """One lead with its activities."""
    day = parse_day(as_of, "--as-of")
    lang = cli_lang()
    with cli_session() as session:
        lead = leads.to_read(leads.get_lead(session, lead_id, cli_actor()), day)
    if as_json:
        out(_dump(lead.model_dump(mode="json")))
        return
    verdict = translate(f"screening.verdict.{lead.verdict}", lang) if lead.verdict else "–"
    demo = f" ({translate('demo.badge', lang)})" if lead.is_demo else ""
    out(f"{lead.id}\t{lead.investor}{demo}")
    out(f"{translate('lead.column.stage', lang)}: {translate(f'lead.stage.{lead.stage}', lang)}")
    if lead.stage == "lost":
        out(f"  {lead.lost_reason}")
    out(f"{translate('lead.column.countries', lang)}: {', '.join(lead.countries)}")
    out(f"VSIC: {lead.vsic_code}  {fmt_number(lead.land_ha, lang)} ha")
    out(f"{translate('lead.column.score', lang)}: {lead.score if lead.score is not None else '–'}"
        f" ({verdict})")  # fmt: skip
    out(f"{translate('lead.column.owner', lang)}: {lead.owner}")
    if lead.next_action or lead.next_action_due:
        due = lead.next_action_due.isoformat() if lead.next_action_due else ""
        late = f" {translate('lead.overdue', lang)}" if lead.overdue else ""
        out(f"{translate('lead.column.next_action', lang)}: {lead.next_action} {due}{late}")
    for a in lead.activities:
        out(f"  {a.happened_on}\t{a.kind}\t{a.note}")


@leads_app.command("funnel")
@handle_errors
def funnel(
    country: Annotated[str | None, typer.Option(help="Main investor country (ISO code).")] = None,
    sector: Annotated[str | None, typer.Option(help="VSIC code prefix.")] = None,
    as_json: AsJson = False,
) -> None:
    """The conversion funnel: leads that reached each stage, lost, conversion, overdue."""
    lang = cli_lang()
    with cli_session() as session:
        result = service.funnel(session, lang, _country(country), _sector(sector))
    if as_json:
        out(_dump(result.model_dump(mode="json")))
        return
    for s in result.steps:
        share = fmt_pct(s.pct_of_first, lang) if s.pct_of_first is not None else "–"
        out(f"{s.label:<40} {s.reached:>6} {share:>10}")
    out(f"{translate('lead.stage.lost', lang):<40} {result.lost:>6}")
    conversion = fmt_pct(result.conversion_pct, lang) if result.conversion_pct is not None else "–"
    out(translate("lead.conversion", lang, value=conversion))
    out(f"{translate('lead.overdue_list', lang)}: {result.overdue}")
