"""Web pages of enterprise monitoring: the reports with the form to file one, the
non-reporters, the requests with the form to send one, a request's page with its workflow
buttons, overdue requests by agency; and the panel on an enterprise's page. Each form posts
to the same service as the API (same rules, permissions and audit)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.kit import html_forms
from kcn.kit import metrics as registry
from kcn.kit.errors import DomainError, FieldError
from kcn.kit.http import LangDep, SessionDep, error_body, field_errors
from kcn.kit.i18n import number_style, parse_number, translate
from kcn.kit.pagination import page_count, paginate
from kcn.kit.panels import register_panel
from kcn.kit.permissions import Action, Actor, restrict
from kcn.kit.render import error_page, render
from kcn.models import Enterprise, PeriodicReport, Project, SupportRequest, Zone
from kcn.monitoring import attachments, figures, policy, reports, requests
from kcn.monitoring.filters import ReportFilter, RequestFilter, report_filter, request_filter
from kcn.monitoring.resources import REPORTS, REQUESTS
from kcn.monitoring.schemas import ReportCreate, RequestCreate, StepCreate, parse_quarter

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
PageNumber = Annotated[int, Query(ge=1)]
MONEY = ("capital_implemented_usd", "net_revenue_usd", "exports_usd", "imports_usd",
         "taxes_paid_vnd", "expansion_land_ha", "expansion_capital_usd")  # fmt: skip
COUNTS = ("workers_vietnamese", "workers_foreign", "expansion_workers", "expansion_year")
REPORT_FIELDS = ("project", "period", "filed_on", *MONEY, *COUNTS, "notes")


def _writable_projects(session: Session, actor: Actor) -> list[Project]:
    """The projects the actor may file reports for (for the form's list)."""
    if not (policy.writable_kinds_or_own(actor)):
        return []
    stmt = select(Project).where(policy.project_clause(actor, Action.add))
    return list(session.scalars(stmt.order_by(Project.certificate_number).limit(1000)))


def _report_page(
    request: Request,
    session: Session,
    actor: Actor,
    lang: str,
    filters: ReportFilter,
    page: int,
    extra: dict[str, Any],
    status: int = 200,
) -> HTMLResponse:
    per_page = request.app.state.settings.page_size
    stmt = REPORTS.list_query(session, actor, filters)
    rows, total = paginate(session, stmt, per_page, (page - 1) * per_page)
    context = {
        "f": filters, "items": [reports.to_read(r[0], lang) for r in rows], "total": total,
        "page": page, "pages": page_count(total, per_page),
        "export_query": urlencode(filters.params()),
        "projects": _writable_projects(session, actor), "values": {}, "errors": {},
        "warnings": [], "saved": None, **extra,
    }  # fmt: skip
    return render(request, "monitoring/reports.html", context, status_code=status)


@router.get("/monitoring/reports", response_class=HTMLResponse)
def report_list(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    filters: Annotated[ReportFilter, Depends(report_filter)],
    page: PageNumber = 1,
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    return _report_page(request, session, actor, lang, filters, page, {})


@router.post("/monitoring/reports", response_class=HTMLResponse)
async def file_report(
    request: Request, session: SessionDep, lang: LangDep, actor: ActorDep
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_file_report, request, session, lang, actor, form)


def _file_report(
    request: Request, session: Session, lang: str, actor: Actor, form: dict[str, str]
) -> Response:
    """The form's work in a worker thread: the database never blocks the event loop."""
    payload: dict[str, Any] = {k: v.strip() for k in REPORT_FIELDS
                               if (v := form.get(k, "")).strip()}  # fmt: skip
    errors: list[FieldError] = []
    for name in MONEY:
        if name in payload:
            try:
                payload[name] = str(parse_number(payload[name], lang))
            except ValueError:
                errors.append(FieldError(name, "field.number_format", number_style(lang)))
    filters = ReportFilter()
    if errors:
        extra = {"values": form, "errors": html_forms.messages(errors, lang)}
        return _report_page(request, session, actor, lang, filters, 1, extra, 422)
    try:
        report = reports.create_report(session, ReportCreate.model_validate(payload), actor)
    except ValidationError as exc:
        extra = {"values": form, "errors": html_forms.messages(field_errors(exc), lang)}
        return _report_page(request, session, actor, lang, filters, 1, extra, 422)
    except DomainError as exc:
        messages = html_forms.messages(exc.fields, lang) or {
            "": translate(exc.key, lang, **exc.params)
        }
        extra = {"values": form, "errors": messages}
        return _report_page(request, session, actor, lang, filters, 1, extra, exc.status_code)
    session.expire_all()
    saved = reports.to_read(reports.get_report(session, report.id, actor), lang)
    return _report_page(request, session, actor, lang, filters, 1,
                        {"saved": saved, "warnings": saved.warnings})  # fmt: skip


@router.get("/monitoring/non-reporters", response_class=HTMLResponse)
def non_reporter_page(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    period: Annotated[str | None, Query(pattern=r"^\d{4}-Q[1-4]$")] = None,
    zone: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    today = date.today()
    quarter = parse_quarter(period) if period else reports.last_quarter(today)
    rows = reports.non_reporters(session, actor, quarter, zone or None, today)
    zones: dict[str, list[Any]] = {}
    for row in rows:
        zones.setdefault(row.project.zone_code, []).append(row)
    context = registry.Context(session)
    counts = {
        code: registry.compute_in(context, "monitoring.non_reporters",
                                  {"period": quarter, "zone": code, "as_of": today}).value
        for code in zones
    }  # fmt: skip
    return render(request, "monitoring/non_reporters.html", {
        "period": str(quarter), "zone": zone or "", "zones": zones, "counts": counts,
        "due_on": reports.due_on(quarter.year, quarter.last_month // 3),
    })  # fmt: skip


@router.get("/monitoring/figures", response_class=HTMLResponse)
def figures_page(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    period: Annotated[str | None, Query(pattern=r"^\d{4}-Q[1-4]$")] = None,
) -> Response:
    """Registered vs actual by zone and expansion demand beside the land left (metrics)."""
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    today = date.today()
    quarter = parse_quarter(period) if period else reports.last_quarter(today)
    return render(request, "monitoring/figures.html", {
        "period": str(quarter),
        "actual": figures.registered_vs_actual(session, actor, quarter, None, today),
        "expansion": figures.expansion_demand(session, actor, quarter, today),
    })  # fmt: skip


def _request_page(
    request: Request,
    session: Session,
    actor: Actor,
    filters: RequestFilter,
    page: int,
    extra: dict[str, Any],
    status: int = 200,
) -> HTMLResponse:
    per_page = request.app.state.settings.page_size
    stmt = REQUESTS.list_query(session, actor, filters)
    rows, total = paginate(session, stmt, per_page, (page - 1) * per_page)
    context = {
        "f": filters, "items": [requests.to_read(r[0], actor) for r in rows], "total": total,
        "page": page, "pages": page_count(total, per_page),
        "export_query": urlencode(filters.params()), "topics": figures.TOPICS,
        "agencies": figures.AGENCIES, "states": requests.STATES,
        "may_send": policy.is_handler(actor, Action.add) or policy.is_owner_role(actor),
        "own_tax_code": None if policy.is_handler(actor, Action.add)
        else actor.enterprise_tax_code,
        "values": {}, "errors": {}, **extra,
    }  # fmt: skip
    return render(request, "monitoring/requests.html", context, status_code=status)


@router.get("/monitoring/requests", response_class=HTMLResponse)
def request_list(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    filters: Annotated[RequestFilter, Depends(request_filter)],
    page: PageNumber = 1,
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    return _request_page(request, session, actor, filters, page, {})


@router.post("/monitoring/requests", response_class=HTMLResponse)
async def send_request(
    request: Request, session: SessionDep, lang: LangDep, actor: ActorDep
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_send_request, request, session, lang, actor, form)


def _send_request(
    request: Request, session: Session, lang: str, actor: Actor, form: dict[str, str]
) -> Response:
    """The form's work in a worker thread: the database never blocks the event loop."""
    fields = ("enterprise", "topic", "channel", "text", "received_on")
    payload = {k: v.strip() for k in fields if (v := form.get(k, "")).strip()}
    if not policy.is_handler(actor, Action.add) and actor.enterprise_tax_code:
        payload["enterprise"] = actor.enterprise_tax_code
        payload["channel"] = "web"
    try:
        made = requests.create_request(session, RequestCreate.model_validate(payload), actor)
    except ValidationError as exc:
        extra = {"values": form, "errors": html_forms.messages(field_errors(exc), lang)}
        return _request_page(request, session, actor, RequestFilter(), 1, extra, 422)
    except DomainError as exc:
        messages = html_forms.messages(exc.fields, lang) or {
            "": translate(exc.key, lang, **exc.params)
        }
        extra = {"values": form, "errors": messages}
        return _request_page(request, session, actor, RequestFilter(), 1, extra, exc.status_code)
    return RedirectResponse(f"/monitoring/requests/{made.id}?saved=1", status_code=303)


@router.get("/monitoring/requests/overdue", response_class=HTMLResponse)
def overdue_page(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    period: Annotated[str | None, Query(max_length=12)] = None,
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    today = date.today()
    found = [requests.to_read(r, actor, today) for r in requests.overdue(session, actor, today)]
    by_agency: dict[str, list[Any]] = {}
    for item in found:
        by_agency.setdefault(item.agency or "None", []).append(item)
    table = figures.request_figures(session, actor, period or str(today.year), today)
    return render(request, "monitoring/overdue.html", {
        "by_agency": by_agency, "figures": table, "today": today, "period": table["period"],
    })  # fmt: skip


@router.get("/monitoring/requests/{request_id}", response_class=HTMLResponse)
def request_page(
    request: Request, session: SessionDep, actor: ActorDep, request_id: int
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    found = requests.to_read(requests.get_request(session, request_id, actor), actor)
    may_attach = policy.is_handler(actor) or policy.is_owner_role(actor, Action.change)
    return render(request, "monitoring/request.html", {
        "r": found, "agencies": figures.AGENCIES, "today": date.today(),
        "saved": request.query_params.get("saved"), "may_attach": may_attach,
    })  # fmt: skip


@router.post("/monitoring/requests/{request_id}/steps", response_class=HTMLResponse)
async def request_step(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, request_id: int
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_request_step, request, session, actor, lang, request_id, form)


def _request_step(
    request: Request,
    session: Session,
    actor: Actor,
    lang: str,
    request_id: int,
    form: dict[str, str],
) -> Response:
    """The form's work in a worker thread: the database never blocks the event loop."""
    fields = ("action", "note", "agency", "day", "version")
    payload = {k: v.strip() for k in fields if (v := form.get(k, "")).strip()}
    try:
        requests.take_step(session, request_id, StepCreate.model_validate(payload), actor)
    except ValidationError as exc:
        body = error_body("validation_failed", "error.validation_failed", lang, field_errors(exc))
        return error_page(request, 422, body)
    except DomainError as exc:
        body = error_body(exc.code, exc.key, lang, exc.fields, **exc.params)
        return error_page(request, exc.status_code, body)
    return RedirectResponse(f"/monitoring/requests/{request_id}?saved=1", status_code=303)


@router.post("/monitoring/requests/{request_id}/attachments", response_class=HTMLResponse)
async def request_attachment(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, request_id: int
) -> Response:
    """Attach a file from the request's page; the writing runs in a worker thread."""
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    upload = (await request.form()).get("file")
    limit = request.app.state.settings.max_attachment_bytes
    if isinstance(upload, str) or upload is None:
        name, content = "", b""
    else:
        name, content = upload.filename or "", await upload.read(limit + 1)
    try:
        await run_in_threadpool(attachments.add, session, request_id, name, content, actor, limit)
    except DomainError as exc:
        body = error_body(exc.code, exc.key, lang, exc.fields, **exc.params)
        return error_page(request, exc.status_code, body)
    return RedirectResponse(f"/monitoring/requests/{request_id}?saved=1", status_code=303)


def _enterprise_panel(
    session: Session, actor: Actor, enterprise: Enterprise, lang: str
) -> dict[str, Any] | None:
    """An enterprise's latest reports and its requests, as the reader may see them."""
    if not actor.is_authenticated:
        return None
    stmt = (
        select(PeriodicReport)
        .join(Project, Project.id == PeriodicReport.project_id)
        .join(Zone, Zone.id == Project.zone_id)
        .where(Project.enterprise_id == enterprise.id)
        .options(*reports.load_options())
        .order_by(PeriodicReport.year.desc(), PeriodicReport.quarter.desc(), Project.id)
        .limit(12)
    )
    found = session.scalars(restrict(stmt, PeriodicReport, actor, Action.view)).all()
    asked = (
        select(SupportRequest)
        .where(SupportRequest.enterprise_id == enterprise.id)
        .options(*requests.load_options())
        .order_by(SupportRequest.received_on.desc(), SupportRequest.id.desc())
        .limit(20)
    )
    items = session.scalars(restrict(asked, SupportRequest, actor, Action.view)).all()
    return {
        "reports": [reports.to_read(r, lang) for r in found],
        "requests": [requests.to_read(r, actor) for r in items],
        "tax_code": enterprise.tax_code,
    }


register_panel("enterprise", "monitoring", "monitoring/panel.html", _enterprise_panel, 50)
