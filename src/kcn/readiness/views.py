"""Web pages of readiness: the province page (zones and tasks sorted by risk, works, labour by
district), a clearance task's page (progress chart and blockers), and the panel on a zone's
page. Every figure comes from the metrics (``readiness.overview``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.kit import metrics
from kcn.kit.http import SessionDep
from kcn.kit.panels import register_panel
from kcn.kit.permissions import Actor
from kcn.kit.render import render
from kcn.models import Zone
from kcn.readiness import clearance, overview
from kcn.readiness.chart import progress_chart
from kcn.readiness.policy import require_reader

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
AsOf = Annotated[date | None, Query(description="Date of the figures (default: today).")]


@router.get("/readiness", response_class=HTMLResponse)
def readiness_page(
    request: Request, session: SessionDep, actor: ActorDep, as_of: AsOf = None
) -> HTMLResponse:
    require_reader(actor)
    day = as_of or date.today()
    return render(request, "readiness/province.html", {
        "as_of": day, "zones": overview.zones(session, actor, day),
        "tasks": overview.tasks(session, actor, day), "works": overview.works(session, actor, day),
        "districts": overview.districts(session, day), "province": overview.province(session, day),
    })  # fmt: skip


@router.get("/readiness/tasks/{task_id}", response_class=HTMLResponse)
def task_page(
    request: Request, session: SessionDep, actor: ActorDep, task_id: int, as_of: AsOf = None
) -> HTMLResponse:
    require_reader(actor)
    day = as_of or date.today()
    task = clearance.TASKS.get(session, task_id, actor)
    row = overview.task_row(metrics.Context(session), task, day)
    forecast = clearance.task_to_read(task, day).progress.forecast
    points = [(d, p) for d, p in overview.history(session, task) if d <= day]
    chart = progress_chart(task.start_date, task.deadline, points, forecast)
    blockers = [(r, b) for r in reversed(task.reports) if r.reported_on <= day for b in r.blockers]
    return render(request, "readiness/task.html", {
        "task": task, "row": row, "forecast": forecast, "chart": chart, "as_of": day,
        "blockers": blockers, "reports": [r for r in task.reports if r.reported_on <= day],
        "steps": clearance.LEGAL_STEPS,
    })  # fmt: skip


def _zone_panel(session: Session, actor: Actor, zone: Zone, lang: str) -> dict[str, Any] | None:
    """The zone's clearance and works on its page, for the province's staff."""
    if not actor.is_internal:
        return None
    day = date.today()
    tasks = overview.tasks(session, actor, day, zone)
    works = overview.works(session, actor, day, zone)
    if not tasks and not works:
        return None
    context = metrics.Context(session)
    figures = {
        key: metrics.compute_in(context, name, {"zone": zone.code, "as_of": day}).value
        for key, name in overview.ZONE_FIGURES.items()
    }
    return {"tasks": tasks, "works": works, "figures": figures, "as_of": day}


register_panel("zone", "readiness", "readiness/panel.html", _zone_panel, order=50)
