"""``kcn clearance status``: every clearance task with its progress, forecast and risk, most at
risk first (read from the metrics, like the pages)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import typer

from kcn.kit.cli import cli_actor, cli_lang, cli_session, fail, handle_errors, out
from kcn.kit.i18n import fmt_pct, translate
from kcn.readiness import overview
from kcn.readiness.metrics.clearance import task_status

app = typer.Typer(help="Land clearance against its deadlines.", no_args_is_help=True)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def task_record(row: overview.Row, forecast: date | None) -> dict[str, Any]:
    task = row.obj
    return {
        "id": task.id, "zone": task.zone.code, "phase": task.phase,
        "total_ha": _plain(task.total_ha), "deadline": _plain(task.deadline),
        **{k: _plain(v) for k, v in row.figures.items()},
        "forecast": _plain(forecast), "state": row.state, "at_risk": row.at_risk,
        "risk_reasons": row.reasons, "is_demo": row.is_demo,
    }  # fmt: skip


@app.command("status")
@handle_errors
def status(
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list of the tasks.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date (default: today).")] = None,
    zone: Annotated[str | None, typer.Option("--zone", help="Zone code.")] = None,
) -> None:
    """Each task: % done by area, households and money, forecast, at risk or not."""
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        fail(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)")
        return
    lang = cli_lang()
    with cli_session() as session:
        rows = overview.tasks(session, cli_actor(), day)
        if zone:
            rows = [r for r in rows if r.obj.zone.code == zone]
        records = [task_record(r, task_status(r.obj, day).outlook.forecast) for r in rows]
    if as_json:
        out(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for r in records:
        pct = fmt_pct(Decimal(r["pct_area"]), lang) if r["pct_area"] is not None else "–"
        risk = translate("readiness.state." + r["state"], lang)
        if r["at_risk"]:
            reasons = ", ".join(translate(f"readiness.reason.{x}", lang) for x in r["risk_reasons"])
            risk = f"{risk} ({reasons})"
        out(f"{r['zone']}\t{r['phase']}\t{pct}\t{r['deadline']}\t{r['forecast'] or '–'}\t{risk}")
