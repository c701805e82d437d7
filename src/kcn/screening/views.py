"""Web pages of screening: a proposal form that explains its verdict rule by rule and lists
the zones that can host it (``/screening``), and the investor pipeline (``/leads``): leads
ranked by score, the overdue follow-ups and the conversion funnel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.geo.service import list_units
from kcn.kit.errors import DomainError, NotFound
from kcn.kit.http import LangDep, SessionDep, field_errors
from kcn.kit.i18n import number_style, parse_number, translate
from kcn.kit.pagination import page_count, paginate
from kcn.kit.permissions import Action, Actor
from kcn.kit.render import render
from kcn.models.screening import LEAD_STAGES
from kcn.screening import leads, matching, ruleset, service
from kcn.screening.filters import LeadFilter, RuleFilter, lead_filter
from kcn.screening.policy import LEAD, RULE, require_reader
from kcn.screening.resources import LEADS, RULES
from kcn.screening.schemas import (
    ActivityCreate,
    LeadConvert,
    ProposalIn,
    RuleUpdate,
    StageChange,
)
from kcn.zones import pipeline

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
FIELDS = (
    "investor",
    "countries",
    "sector",
    "capital_usd",
    "land_ha",
    "workers",
    "technology_class",
    "environment_category",
    "zone_kind",
    "zone",
    "date",
)
NUMBERS = ("capital_usd", "land_ha")
NEEDS = matching.NEEDS  # power, water, wastewater: for land matching, not for the verdict
MATCH_FIELDS = ("ha", "sector", "kind", "admin_unit", "as_of", *NEEDS)


def _needs(values: dict[str, str], lang: str, errors: dict[str, str]) -> dict[str, Decimal | None]:
    """The infrastructure needs typed in the form; a bad number is a field error."""
    found: dict[str, Decimal | None] = {}
    for name in NEEDS:
        text = values.get(name, "").strip()
        if not text:
            continue
        try:
            found[name] = parse_number(text, lang)
        except ValueError:
            errors[name] = translate("field.number_format", lang, **number_style(lang))
    return found


def _form(values: dict[str, str], lang: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The proposal from the form's text, and the message of each bad field."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in FIELDS:
        text = values.get(name, "").strip()
        if not text:
            continue
        if name in NUMBERS:
            try:
                data[name] = parse_number(text, lang)
            except ValueError:
                errors[name] = translate("field.number_format", lang, **number_style(lang))
        elif name == "countries":
            data[name] = [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]
        else:
            data[name] = text
    return data, errors


@router.get("/screening", response_class=HTMLResponse)
def screening_page(
    request: Request, session: SessionDep, lang: LangDep, actor: ActorDep
) -> HTMLResponse:
    values = {k: request.query_params.get(k, "") for k in (*FIELDS, *NEEDS)}
    result = matches = None
    errors: dict[str, str] = {}
    if any(values.values()):
        data, errors = _form(values, lang)
        needs = _needs(values, lang, errors)
        try:
            proposal = ProposalIn.model_validate(data)
            if not errors:
                result = service.evaluate(session, proposal, lang)
                matches = service.match_land(
                    session,
                    actor,
                    lang,
                    proposal.land_ha,
                    proposal.sector,
                    proposal.zone_kind,
                    None,
                    proposal.date,
                    needs,
                )
        except ValidationError as exc:
            for e in field_errors(exc):
                errors.setdefault(e.field.split(".")[0], translate(e.key, lang, **e.params))
        except DomainError as exc:
            for e in exc.fields:
                errors.setdefault(e.field, translate(e.key, lang, **e.params))
    return render(
        request,
        "screening/evaluate.html",
        {
            "values": values,
            "errors": errors,
            "result": result,
            "matches": matches,
        },
        status_code=422 if errors else 200,
    )


@router.get("/screening/match", response_class=HTMLResponse)
def match_page(
    request: Request, session: SessionDep, lang: LangDep, actor: ActorDep
) -> HTMLResponse:
    """Land matching alone: the zones that can host a project of X ha with its needs."""
    values = {k: request.query_params.get(k, "") for k in MATCH_FIELDS}
    matches = None
    errors: dict[str, str] = {}
    if any(values.values()):
        needs = _needs(values, lang, errors)
        land = Decimal(0)
        if not values["ha"].strip():
            errors["ha"] = translate("field.required", lang)
        else:
            try:
                land = parse_number(values["ha"].strip(), lang)
            except ValueError:
                errors["ha"] = translate("field.number_format", lang, **number_style(lang))
            if land <= 0 and "ha" not in errors:
                errors["ha"] = translate("field.min", lang, ge=Decimal("0.01"))
        kind = values["kind"] or None
        if kind not in (None, *pipeline.KINDS):
            errors["kind"] = translate("field.choice", lang, expected=", ".join(pipeline.KINDS))
        as_of = None
        if values["as_of"]:
            try:
                as_of = date.fromisoformat(values["as_of"])
            except ValueError:
                errors["as_of"] = translate("field.date", lang)
        if not errors:
            try:
                matches = service.match_land(
                    session,
                    actor,
                    lang,
                    land,
                    values["sector"].strip() or None,
                    kind,
                    values["admin_unit"] or None,
                    as_of,
                    needs,
                )
            except DomainError as exc:
                for e in exc.fields:
                    errors.setdefault(
                        "admin_unit" if e.field == "district" else e.field,
                        translate(e.key, lang, **e.params),
                    )
    groups = [
        (translate("unit_group.2024", lang), list_units(session, date(2024, 6, 30), "district")),
        (translate("unit_group.today", lang), list_units(session, date.today(), None)),
    ]
    return render(
        request,
        "screening/match.html",
        {
            "values": values,
            "errors": errors,
            "matches": matches,
            "kinds": pipeline.KINDS,
            "unit_groups": groups,
        },
        status_code=422 if errors else 200,
    )


@router.get("/leads", response_class=HTMLResponse)
def lead_list(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    filters: Annotated[LeadFilter, Depends(lead_filter)],
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    require_reader(actor)
    per_page = request.app.state.settings.page_size
    rows, total = paginate(
        session, LEADS.list_query(session, actor, filters), per_page, (page - 1) * per_page
    )
    today = date.today()
    return render(
        request,
        "screening/leads.html",
        {
            "f": filters,
            "items": [leads.to_read(r[0], today) for r in rows],
            "total": total,
            "page": page,
            "pages": page_count(total, per_page),
            "stages": LEAD_STAGES,
            "funnel": service.funnel(session, lang, filters.country, filters.sector),
            "today": today.isoformat(),
            "export_query": urlencode(filters.params()),
            # Open leads by score: the ranking of the pipeline, numbered across pages.
            "ranked": filters.open is True and filters.sort == "-score",
            "rank_from": (page - 1) * per_page,
        },
    )


def _policy_page(
    request: Request,
    session: Session,
    actor: Actor,
    errors: dict[str, str] | None = None,
    failed: int | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    rules = session.scalars(RULES.list_query(session, actor, RuleFilter(sort="code"))).all()
    return render(
        request,
        "screening/policy.html",
        {
            "rules": [ruleset.to_read(r) for r in rules],
            "versions": ruleset.versions(session)[:20],
            "may_edit": actor.granted(RULE, Action.change),
            "errors": errors or {},
            "failed": failed,
            "saved": request.query_params.get("saved") == "rule",
        },
        status_code=status_code,
    )


@router.get("/screening/policy", response_class=HTMLResponse)
def policy_page(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    require_reader(actor)
    ruleset.ensure_default(session)
    return _policy_page(request, session, actor)


@router.post("/screening/policy/{rule_id}", response_class=HTMLResponse)
async def edit_rule(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, rule_id: int
) -> Response:
    """Change a rule's threshold, codes, weight or source: a new policy version."""
    form = dict(await request.form())
    payload: dict[str, Any] = {"version": form.get("version") or None}
    errors: dict[str, str] = {}
    threshold = str(form.get("threshold", "")).strip()
    if threshold:
        try:
            payload["threshold"] = parse_number(threshold, lang)
        except ValueError:
            errors["threshold"] = translate("field.number_format", lang, **number_style(lang))
    if "codes" in form:
        text = str(form["codes"])
        payload["codes"] = [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]
    for name in ("weight", "source"):
        if str(form.get(name, "")).strip():
            payload[name] = str(form[name]).strip()
    if not errors:
        try:
            ruleset.update_rule(session, rule_id, RuleUpdate.model_validate(payload), actor)
        except ValidationError as exc:
            errors = {
                e.field.split(".")[0]: translate(e.key, lang, **e.params) for e in field_errors(exc)
            }
        except DomainError as exc:
            if exc.status_code in (401, 403, 404):
                raise
            errors = {
                e.field.split(".")[0]: translate(e.key, lang, **e.params) for e in exc.fields
            } or {"": translate(exc.key, lang, **exc.params)}
    if errors:
        session.rollback()
        return _policy_page(request, session, actor, errors, rule_id, 422)
    return RedirectResponse("/screening/policy?saved=rule", status_code=303)


def _lead_page(
    request: Request,
    session: Session,
    actor: Actor,
    lead_id: int,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    lead = leads.get_lead(session, lead_id, actor)
    return render(
        request,
        "screening/lead.html",
        {
            "l": leads.to_read(lead),
            "stages": LEAD_STAGES,
            "may_edit": actor.granted(LEAD, Action.change),
            "errors": errors or {},
            "saved": request.query_params.get("saved"),
            "today": date.today().isoformat(),
        },
        status_code=status_code,
    )


@router.get("/leads/{lead_id}", response_class=HTMLResponse)
def lead_page(request: Request, session: SessionDep, actor: ActorDep, lead_id: int) -> HTMLResponse:
    require_reader(actor)
    return _lead_page(request, session, actor, lead_id)


def _clean(form: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: str(form[k]).strip() for k in names if str(form.get(k, "")).strip()}


@router.post("/leads/{lead_id}/{action}", response_class=HTMLResponse)
async def lead_action(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    lead_id: int,
    action: str,
) -> Response:
    """The page's forms: record an activity, change the stage, convert into a project."""
    require_reader(actor)
    form = dict(await request.form())
    try:
        if action == "activities":
            data = _clean(form, ("happened_on", "kind", "note", "next_action", "next_action_due"))
            leads.add_activity(session, lead_id, ActivityCreate.model_validate(data), actor)
        elif action == "stage":
            data = _clean(form, ("stage", "on", "reason"))
            leads.change_stage(session, lead_id, StageChange.model_validate(data), actor)
        elif action == "convert":
            data = _clean(
                form, ("certificate_number", "certificate_date", "enterprise", "zone", "name")
            )
            leads.convert(session, lead_id, LeadConvert.model_validate(data), actor)
        else:
            raise NotFound("error.not_found")
    except ValidationError as exc:
        session.rollback()
        errors = {
            e.field.split(".")[0]: translate(e.key, lang, **e.params) for e in field_errors(exc)
        }
        return _lead_page(request, session, actor, lead_id, errors, 422)
    except DomainError as exc:
        if exc.status_code in (401, 403, 404):
            raise
        session.rollback()
        errors = {e.field.split(".")[0]: translate(e.key, lang, **e.params) for e in exc.fields}
        errors[""] = translate(exc.key, lang, **exc.params)
        return _lead_page(request, session, actor, lead_id, errors, exc.status_code)
    return RedirectResponse(f"/leads/{lead_id}?saved={action}", status_code=303)
