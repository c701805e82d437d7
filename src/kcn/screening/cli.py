"""``kcn fta``, ``kcn screen``, ``kcn match`` and ``kcn leads``: FTA partners, evaluation of
proposals, land matching and the investor pipeline."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

import typer

from kcn.kit.cli import cli_lang, fail, handle_errors, out
from kcn.kit.i18n import translate
from kcn.screening import service

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
