"""Web pages of readiness: the province page (zones and tasks sorted by risk, works, labour by
district), a clearance task's page (progress chart and blockers), and the panel on a zone's
page. Every figure comes from the metrics (``readiness.overview``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.kit import html_forms, metrics
from kcn.kit.http import LangDep, SessionDep, get_lang
from kcn.kit.i18n import fmt_number, in_language
from kcn.kit.panels import register_panel
from kcn.kit.permissions import Actor
from kcn.kit.render import render
from kcn.models import ClearanceTask, Zone
from kcn.readiness import clearance, overview, records, works
from kcn.readiness.chart import progress_chart
from kcn.readiness.policy import require_reader
from kcn.readiness.records import Kind
from kcn.readiness.schemas import (
    BlockerKind,
    ClearanceReportCreate,
    InfraReportCreate,
    TaskCreate,
    TaskUpdate,
    WorkCreate,
    WorkKind,
    WorkUpdate,
)

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
AsOf = Annotated[date | None, Query(description="Date of the figures (default: today).")]
RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # what the database can hold


# The forms' fields; numbers are typed the page language's way (vi 1.234,5).
BLOCKER_FIELDS = {"blocker_kind": "kind", "blocker_description": "description",
                  "blocker_who": "who_must_act"}  # fmt: skip
LAND = ("land_rice_ha", "land_other_agricultural_ha", "land_residential_ha", "land_other_ha")
NUMBERS = frozenset((
    *LAND, "households", "organisations", "graves", "compensation_planned_vnd",
    "resettlement_plots_needed", "resettlement_plots_ready", "handed_over_ha",
    "households_agreed", "paid_vnd", "planned_value_vnd", "planned_quantity",
    "completed_value_vnd", "completed_quantity",
))  # fmt: skip
DATES = frozenset((*clearance.LEGAL_STEPS, "start_date", "deadline", "reported_on",
                   "planned_completion", "actual_completion"))  # fmt: skip
REQUIRED = frozenset(("zone", "kind", "name", "start_date", "deadline", "planned_completion",
                      "reported_on"))  # fmt: skip
FORM: dict[str, dict[str, Any]] = {"values": {}, "errors": {}}


@dataclass(frozen=True)
class Forms:
    """The forms of a use case on the readiness pages: a new task or work on the province
    page; on its own page, one to edit it and one to add a progress report. Each goes to the
    use case's :class:`~kcn.readiness.records.Kind` (the API's rules, permissions, audit)."""

    path: str  # /readiness/<path>/<id>
    kind: Kind[Any]
    reports: Kind[Any]
    parent_key: str  # the report's field naming its task or work
    new_fields: tuple[str, ...]
    edit_fields: tuple[str, ...]
    report_fields: tuple[str, ...]
    clears: dict[str, Any]  # an emptied field sets this value (a date: none; text: "")
    schemas: tuple[Any, Any, Any]  # create, update, report create
    page: str  # the template of a task's or work's page
    row: Callable[[metrics.Context, Any, date], overview.Row]
    extra: Callable[[Session, Any, date], dict[str, Any]]  # more of the page (a task's chart)
    # The report's other values (a blocker) and how their errors are named on the form.
    report_extra: Callable[[dict[str, str]], dict[str, Any]] = lambda form: {}
    report_errors: Callable[[dict[str, str]], dict[str, str]] = lambda errors: errors

    def fields(self, prefix: str, names: tuple[str, ...]) -> list[tuple[str, str, str, bool]]:
        """(name, label message, input type, required) of each field of a form."""
        return [
            (n, f"{prefix}.column.{n}",
             "date" if n in DATES else "decimal" if n in NUMBERS else "text", n in REQUIRED)
            for n in names
        ]  # fmt: skip


def _blocker(form: dict[str, str]) -> dict[str, Any]:
    """A report's blocker, from its three fields (none when they are empty)."""
    blocker = {BLOCKER_FIELDS[k]: v for k, v in html_forms.clean(form, BLOCKER_FIELDS).items()}
    if blocker.get("description") or blocker.get("who_must_act"):
        return {"blockers": [{"kind": "other", **blocker}]}
    return {}


def _blocker_errors(errors: dict[str, str]) -> dict[str, str]:
    """A blocker's error ("blockers.0.who_must_act") shown beside its field."""
    names = {v: k for k, v in BLOCKER_FIELDS.items()}
    return {
        names.get(k.rsplit(".", 1)[-1], k) if k.startswith("blockers") else k: v
        for k, v in errors.items()
    }


def _task_extra(session: Session, task: ClearanceTask, day: date) -> dict[str, Any]:
    """A task's progress chart, blockers and legal steps."""
    forecast = clearance.task_to_read(task, day).progress.forecast
    points = [(d, p) for d, p in overview.history(session, task) if d <= day]
    return {
        "forecast": forecast,
        "chart": progress_chart(task.start_date, task.deadline, points, forecast),
        "blockers": [(r, b) for r in reversed(task.reports) if r.reported_on <= day
                     for b in r.blockers],
        "steps": clearance.LEGAL_STEPS, "blocker_kinds": get_args(BlockerKind),
    }  # fmt: skip


TASKS = Forms(
    path="tasks", kind=clearance.TASKS, reports=clearance.REPORTS, parent_key="task_id",
    new_fields=("zone", "phase", *LAND, "households", "compensation_planned_vnd", "start_date",
                "deadline", "responsible_unit"),
    edit_fields=("phase", *LAND, "households", "organisations", "graves",
                 "compensation_planned_vnd", "resettlement_plots_needed",
                 "resettlement_plots_ready", "start_date", "deadline", *clearance.LEGAL_STEPS,
                 "responsible_unit"),
    report_fields=("reported_on", "handed_over_ha", "households_agreed", "paid_vnd", "note"),
    clears={**dict.fromkeys(clearance.LEGAL_STEPS), "phase": "", "responsible_unit": ""},
    schemas=(TaskCreate, TaskUpdate, ClearanceReportCreate), page="readiness/task.html",
    row=overview.task_row, extra=_task_extra, report_extra=_blocker,
    report_errors=_blocker_errors,
)  # fmt: skip
WORKS = Forms(
    path="works", kind=works.WORKS, reports=works.REPORTS, parent_key="work_id",
    new_fields=("zone", "kind", "name", "phase", "planned_value_vnd", "planned_quantity",
                "quantity_unit", "start_date", "planned_completion"),
    edit_fields=("name", "phase", "planned_value_vnd", "planned_quantity", "quantity_unit",
                 "start_date", "planned_completion", "actual_completion"),
    report_fields=("reported_on", "completed_value_vnd", "completed_quantity", "note"),
    clears={"actual_completion": None, "phase": "", "quantity_unit": ""},
    schemas=(WorkCreate, WorkUpdate, InfraReportCreate), page="readiness/work.html",
    row=overview.work_row, extra=lambda session, work, day: {},
)  # fmt: skip


def _province(
    request: Request, session: Session, actor: Actor, day: date, extra: dict[str, Any],
    status: int = 200,
) -> HTMLResponse:  # fmt: skip
    return render(request, "readiness/province.html", {
        "as_of": day, "zones": overview.zones(session, actor, day),
        "tasks": overview.tasks(session, actor, day), "works": overview.works(session, actor, day),
        "districts": overview.districts(session, day), "province": overview.province(session, day),
        "task_zones": _zone_options(session, actor, "clearance_task", get_lang(request)),
        "work_zones": _zone_options(session, actor, "infra_work", get_lang(request)),
        "work_kinds": get_args(WorkKind), "new_tasks": FORM, "new_works": FORM,
        "task_fields": TASKS.fields("clearance_task", TASKS.new_fields[1:]),
        "work_fields": WORKS.fields("infra_work", WORKS.new_fields[2:]), **extra,
    }, status_code=status)  # fmt: skip


def _zone_options(
    session: Session, actor: Actor, resource: str, lang: str
) -> list[tuple[str, str]]:
    """(code, name in ``lang``) of each zone ``actor`` may add ``resource`` records to."""
    zones = records.zones_to_write(session, actor, resource)
    return [(z.code, in_language(lang, vi=z.name, en=z.name_en)) for z in zones]


@router.get("/readiness", response_class=HTMLResponse)
def readiness_page(
    request: Request, session: SessionDep, actor: ActorDep, as_of: AsOf = None
) -> HTMLResponse:
    require_reader(actor)
    return _province(request, session, actor, as_of or date.today(), {})


def _record_page(
    f: Forms, request: Request, session: Session, actor: Actor, lang: str, obj_id: int,
    extra: dict[str, Any], status: int = 200, day: date | None = None,
) -> HTMLResponse:  # fmt: skip
    """A task's or work's page: its figures, reports and, for its writers, the forms."""
    day = day or date.today()
    obj = f.kind.get(session, obj_id, actor)
    values = {n: getattr(obj, n) for n in f.edit_fields}
    values.update({n: fmt_number(v, lang, 6) for n, v in values.items() if n in NUMBERS})
    return render(request, f.page, {
        f.path[:-1]: obj, "row": f.row(metrics.Context(session), obj, day), "as_of": day,
        "reports": [r for r in obj.reports if r.reported_on <= day],
        "may_edit": records.may_write(session, actor, f.reports.resource, obj.zone_id),
        "edit_fields": f.fields(f.kind.resource, f.edit_fields),
        "report_fields": f.fields(f.reports.resource, f.report_fields),
        "report_form": FORM, "edit_form": {"values": {**values, "version": obj.version},
                                           "errors": {}},
        "saved": request.query_params.get("saved"), **f.extra(session, obj, day), **extra,
    }, status_code=status)  # fmt: skip


@router.get("/readiness/tasks/{obj_id}", response_class=HTMLResponse)
@router.get("/readiness/works/{obj_id}", response_class=HTMLResponse)
def record_page(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, obj_id: RecordId,
    as_of: AsOf = None,
) -> HTMLResponse:  # fmt: skip
    require_reader(actor)
    f = TASKS if request.url.path.startswith("/readiness/tasks/") else WORKS
    return _record_page(f, request, session, actor, lang, obj_id, {}, day=as_of)


def _add_form_routes(f: Forms) -> None:
    """The posts of ``f``'s three forms; a saved form redirects (303) to the record's page,
    a refused one shows its page again with the messages beside the fields."""
    base = f"/readiness/{f.path}"

    def create(request: Request, session: Session, actor: Actor, lang: str) -> Any:
        def work(form: dict[str, str]) -> Response:
            payload = html_forms.clean(form, f.new_fields)
            bad = html_forms.numbers(payload, NUMBERS, lang)
            return html_forms.save(
                lambda: f.kind.create(session, f.schemas[0].model_validate(payload), actor),
                lang, bad, lambda made: f"{base}/{made.id}?saved=created",
                lambda errors, status: _province(request, session, actor, date.today(), {
                    f"new_{f.path}": {"values": form, "errors": errors}}, status),
            )  # fmt: skip

        return work

    def edit(request: Request, session: Session, actor: Actor, lang: str, obj_id: int) -> Any:
        def work(form: dict[str, str]) -> Response:
            sent_empty = {k: v for k, v in f.clears.items() if k in form}  # not sent: kept
            payload = {**sent_empty, **html_forms.clean(form, (*f.edit_fields, "version"))}
            bad = html_forms.numbers(payload, NUMBERS, lang)
            return html_forms.save(
                lambda: f.kind.update(session, obj_id, f.schemas[1].model_validate(payload),
                                      actor),
                lang, bad, lambda _obj: f"{base}/{obj_id}?saved=edited",
                lambda errors, status: _record_page(f, request, session, actor, lang, obj_id, {
                    "edit_form": {"values": form, "errors": errors}}, status),
            )  # fmt: skip

        return work

    def report(request: Request, session: Session, actor: Actor, lang: str, obj_id: int) -> Any:
        def work(form: dict[str, str]) -> Response:
            payload = {**html_forms.clean(form, f.report_fields), f.parent_key: obj_id,
                       **f.report_extra(form)}  # fmt: skip
            bad = html_forms.numbers(payload, NUMBERS, lang)
            return html_forms.save(
                lambda: f.reports.create(session, f.schemas[2].model_validate(payload), actor),
                lang, bad, lambda _report: f"{base}/{obj_id}?saved=report",
                lambda errors, status: _record_page(f, request, session, actor, lang, obj_id, {
                    "report_form": {"values": form, "errors": f.report_errors(errors)}},
                    status),
            )  # fmt: skip

        return work

    @router.post(base, response_class=HTMLResponse)
    async def new_record(
        request: Request, session: SessionDep, actor: ActorDep, lang: LangDep
    ) -> Response:
        return await html_forms.posted(request, actor, create(request, session, actor, lang))

    @router.post(f"{base}/{{obj_id}}", response_class=HTMLResponse)
    async def edit_record(
        request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, obj_id: RecordId
    ) -> Response:
        return await html_forms.posted(request, actor, edit(request, session, actor, lang, obj_id))

    @router.post(f"{base}/{{obj_id}}/reports", response_class=HTMLResponse)
    async def add_report(
        request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, obj_id: RecordId
    ) -> Response:
        return await html_forms.posted(
            request, actor, report(request, session, actor, lang, obj_id)
        )


_add_form_routes(TASKS)
_add_form_routes(WORKS)


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
