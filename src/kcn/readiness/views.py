"""Web pages of readiness: the province page (zones and tasks sorted by risk, works, labour by
district), a clearance task's page (progress chart and blockers), and the panel on a zone's
page. Every figure comes from the metrics (``readiness.overview``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.kit import forms, metrics
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import fmt_number
from kcn.kit.panels import register_panel
from kcn.kit.permissions import Actor
from kcn.kit.render import render
from kcn.models import Zone
from kcn.readiness import clearance, overview, records
from kcn.readiness.chart import progress_chart
from kcn.readiness.policy import require_reader
from kcn.readiness.schemas import BlockerKind, ClearanceReportCreate, TaskCreate, TaskUpdate

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
AsOf = Annotated[date | None, Query(description="Date of the figures (default: today).")]


# The forms' fields; numbers are typed the page language's way (vi 1.234,5).
REPORT_FIELDS = ("reported_on", "handed_over_ha", "households_agreed", "paid_vnd", "note")
BLOCKER_FIELDS = {"blocker_kind": "kind", "blocker_description": "description",
                  "blocker_who": "who_must_act"}  # fmt: skip
LAND = ("land_rice_ha", "land_other_agricultural_ha", "land_residential_ha", "land_other_ha")
NEW_TASK_FIELDS = ("zone", "phase", *LAND, "households", "compensation_planned_vnd",
                   "start_date", "deadline", "responsible_unit")  # fmt: skip
TASK_FIELDS = (
    "phase", *LAND, "households", "organisations", "graves", "compensation_planned_vnd",
    "resettlement_plots_needed", "resettlement_plots_ready", *clearance.LEGAL_STEPS,
    "start_date", "deadline", "responsible_unit",
)  # fmt: skip
NUMBERS = (*LAND, "households", "organisations", "graves", "compensation_planned_vnd",
           "resettlement_plots_needed", "resettlement_plots_ready", "handed_over_ha",
           "households_agreed", "paid_vnd")  # fmt: skip
FORM: dict[str, dict[str, Any]] = {"values": {}, "errors": {}}


def _province(
    request: Request, session: Session, actor: Actor, day: date, extra: dict[str, Any],
    status: int = 200,
) -> HTMLResponse:  # fmt: skip
    return render(request, "readiness/province.html", {
        "as_of": day, "zones": overview.zones(session, actor, day),
        "tasks": overview.tasks(session, actor, day), "works": overview.works(session, actor, day),
        "districts": overview.districts(session, day), "province": overview.province(session, day),
        "new_zones": records.zones_to_write(session, actor, "clearance_task"),
        "task_form": FORM, **extra,
    }, status_code=status)  # fmt: skip


@router.get("/readiness", response_class=HTMLResponse)
def readiness_page(
    request: Request, session: SessionDep, actor: ActorDep, as_of: AsOf = None
) -> HTMLResponse:
    require_reader(actor)
    return _province(request, session, actor, as_of or date.today(), {})


def _task_page(
    request: Request, session: Session, actor: Actor, lang: str, task_id: int,
    extra: dict[str, Any], status: int = 200, day: date | None = None,
) -> HTMLResponse:  # fmt: skip
    day = day or date.today()
    task = clearance.TASKS.get(session, task_id, actor)
    row = overview.task_row(metrics.Context(session), task, day)
    forecast = clearance.task_to_read(task, day).progress.forecast
    points = [(d, p) for d, p in overview.history(session, task) if d <= day]
    chart = progress_chart(task.start_date, task.deadline, points, forecast)
    blockers = [(r, b) for r in reversed(task.reports) if r.reported_on <= day for b in r.blockers]
    values = {n: getattr(task, n) for n in TASK_FIELDS}
    values.update({n: fmt_number(values[n], lang, 6) for n in NUMBERS if n in values})
    return render(request, "readiness/task.html", {
        "task": task, "row": row, "forecast": forecast, "chart": chart, "as_of": day,
        "blockers": blockers, "reports": [r for r in task.reports if r.reported_on <= day],
        "steps": clearance.LEGAL_STEPS, "blocker_kinds": get_args(BlockerKind),
        "may_edit": records.may_write(session, actor, "clearance_report", task.zone_id),
        "report_form": FORM, "task_form": {"values": {**values, "version": task.version},
                                           "errors": {}},
        "saved": request.query_params.get("saved"), **extra,
    }, status_code=status)  # fmt: skip


@router.get("/readiness/tasks/{task_id}", response_class=HTMLResponse)
def task_page(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, task_id: int,
    as_of: AsOf = None,
) -> HTMLResponse:  # fmt: skip
    require_reader(actor)
    return _task_page(request, session, actor, lang, task_id, {}, day=as_of)


@router.post("/readiness/tasks", response_class=HTMLResponse)
async def new_task(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep
) -> Response:
    def work(form: dict[str, str]) -> Response:
        payload = forms.clean(form, NEW_TASK_FIELDS)
        bad = forms.numbers(payload, NUMBERS, lang)
        return forms.save(
            lambda: clearance.TASKS.create(session, TaskCreate.model_validate(payload), actor),
            lang, bad, lambda made: f"/readiness/tasks/{made.id}?saved=created",
            lambda errors, status: _province(request, session, actor, date.today(), {
                "task_form": {"values": form, "errors": errors}}, status),
        )  # fmt: skip

    return await forms.posted(request, actor, work)


@router.post("/readiness/tasks/{task_id}", response_class=HTMLResponse)
async def edit_task(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, task_id: int
) -> Response:
    def work(form: dict[str, str]) -> Response:
        payload = forms.clean(form, (*TASK_FIELDS, "version"))
        for name in (*clearance.LEGAL_STEPS, "phase", "responsible_unit"):  # emptied: cleared
            payload.setdefault(name, "" if name in ("phase", "responsible_unit") else None)
        bad = forms.numbers(payload, NUMBERS, lang)
        data = TaskUpdate.model_validate
        return forms.save(
            lambda: clearance.TASKS.update(session, task_id, data(payload), actor),
            lang, bad, lambda _task: f"/readiness/tasks/{task_id}?saved=task",
            lambda errors, status: _task_page(request, session, actor, lang, task_id, {
                "task_form": {"values": form, "errors": errors}}, status),
        )  # fmt: skip

    return await forms.posted(request, actor, work)


@router.post("/readiness/tasks/{task_id}/reports", response_class=HTMLResponse)
async def add_report(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, task_id: int
) -> Response:
    def work(form: dict[str, str]) -> Response:
        payload: dict[str, Any] = {**forms.clean(form, REPORT_FIELDS), "task_id": task_id}
        blocker = {BLOCKER_FIELDS[k]: v for k, v in forms.clean(form, BLOCKER_FIELDS).items()}
        if blocker.get("description") or blocker.get("who_must_act"):
            payload["blockers"] = [{"kind": "other", **blocker}]
        bad = forms.numbers(payload, NUMBERS, lang)
        data = ClearanceReportCreate.model_validate
        return forms.save(
            lambda: clearance.REPORTS.create(session, data(payload), actor),
            lang, bad, lambda _report: f"/readiness/tasks/{task_id}?saved=report",
            lambda errors, status: _task_page(request, session, actor, lang, task_id, {
                "report_form": {"values": form, "errors": _blocker_fields(errors)}}, status),
        )  # fmt: skip

    return await forms.posted(request, actor, work)


def _blocker_fields(errors: dict[str, str]) -> dict[str, str]:
    """A blocker's error ("blockers.0.who_must_act") shown beside its field."""
    names = {v: k for k, v in BLOCKER_FIELDS.items()}
    return {
        names.get(k.rsplit(".", 1)[-1], k) if k.startswith("blockers") else k: v
        for k, v in errors.items()
    }


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
