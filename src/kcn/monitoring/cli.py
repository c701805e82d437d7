"""``kcn monitoring``: who has not reported, and which requests are overdue."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from kcn.kit.cli import cli_actor, cli_lang, cli_session, fail, handle_errors, out
from kcn.kit.errors import DomainError
from kcn.kit.i18n import translate
from kcn.monitoring import reports, requests
from kcn.monitoring.schemas import parse_quarter

app = typer.Typer(help="Enterprise monitoring: reports and requests.", no_args_is_help=True)
AsOf = Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: today).")]


def _day(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--as-of {value}: expected YYYY-MM-DD")
        raise  # unreachable: fail exits


@app.command("non-reporters")
@handle_errors
def non_reporters(
    period: Annotated[
        str | None, typer.Option(help="Quarter, 2024-Q2 (default: the last one ended).")
    ] = None,
    zone: Annotated[str | None, typer.Option(help="Zone code.")] = None,
    as_of: AsOf = None,
) -> None:
    """Projects that have not filed a quarter's report, by zone: zone, certificate, tax code,
    days overdue (negative: days left), e-mail; one per line, tab-separated."""
    day = _day(as_of)
    try:
        quarter = parse_quarter(period) if period else reports.last_quarter(day)
    except DomainError:
        fail(f"--period {period}: expected a quarter such as 2024-Q2")
        return
    with cli_session() as session:
        rows = reports.non_reporters(session, cli_actor(), quarter, zone, day)
    for r in rows:
        p = r.project
        out(f"{p.zone_code}\t{p.certificate_number}\t{p.enterprise_tax_code}\t"
            f"{r.days_overdue}\t{r.email}")  # fmt: skip


@app.command("overdue")
@handle_errors
def overdue(
    agency: Annotated[str | None, typer.Option(help="Agency code (default: every agency).")] = None,
    as_of: AsOf = None,
) -> None:
    """Requests past their due date and not answered: agency, number, tax code, topic, due
    date; one per line, tab-separated."""
    day = _day(as_of)
    lang = cli_lang()
    with cli_session() as session:
        found = requests.overdue(session, cli_actor(), day, agency)
        lines = [
            f"{r.agency}\t{r.id}\t{r.enterprise.tax_code}\t"
            f"{translate(f'request.topic.{r.topic}', lang)}\t{r.due_on}"
            for r in found
        ]
    for line in lines:
        out(line)
