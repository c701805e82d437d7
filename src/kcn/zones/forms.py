"""Web forms to register and edit zones, and to add milestones and land figures.

Each form posts to the same service as the API, so the same rules, permissions and audit
apply; a refused form comes back with the message beside each field and nothing written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.geo import service as geo_service
from kcn.kit import html_forms
from kcn.kit.errors import DomainError, ValidationFailed
from kcn.kit.http import LangDep, SessionDep, error_body, field_errors
from kcn.kit.i18n import fmt_number, translate
from kcn.kit.permissions import Action, Actor
from kcn.kit.render import error_page, render
from kcn.models import Zone
from kcn.zones import pipeline, service
from kcn.zones.schemas import (
    LandCreate,
    LandUpdate,
    MilestoneCreate,
    MilestoneUpdate,
    ZoneCreate,
    ZoneUpdate,
)

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)

EDITABLE = ("name", "name_en", "admin_unit", "planned_area_ha", "developer", "notes")
MILESTONE_FIELDS = (
    "kind", "reached_on", "target_date", "document_number", "issuing_body", "note"
)  # fmt: skip
LAND_FIELDS = (
    "as_of", "industrial_leasable_ha", "service_leasable_ha", "industrial_leased_ha",
    "service_leased_ha", "source",
)  # fmt: skip
# Typed the page language's way (vi ``1.234,5``), read with parse_number.
NUMBER_FIELDS = (
    "planned_area_ha", "industrial_leasable_ha", "service_leasable_ha", "industrial_leased_ha",
    "service_leased_ha",
)  # fmt: skip


def _units(session: SessionDep) -> list[Any]:
    return geo_service.list_units(session, date.today(), None) + geo_service.list_units(
        session, date(2024, 6, 30), "district"
    )


def _edit_page(
    request: Request,
    session: SessionDep,
    zone: Zone,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    context = {"zone": zone, "values": values, "errors": errors, "units": _units(session)}
    return render(request, "zones/edit.html", context, status_code=status)


@router.get("/zones/{zone_id}/edit", response_class=HTMLResponse)
def edit_page(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, zone_id: int
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    zone = service.get_zone(session, zone_id, actor, Action.change)
    values = {name: getattr(zone, name) for name in EDITABLE if name != "admin_unit"}
    if zone.planned_area_ha is not None:  # shown as the visitor would type it: 123,45 in vi
        values["planned_area_ha"] = fmt_number(zone.planned_area_ha, lang, 6)
    values["admin_unit"] = zone.admin_unit.key if zone.admin_unit else ""
    values["version"] = zone.version
    return _edit_page(request, session, zone, values, {})


@router.post("/zones/{zone_id}/edit", response_class=HTMLResponse)
async def edit_zone(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, zone_id: int
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    zone = service.get_zone(session, zone_id, actor, Action.change)
    form = dict(await request.form())
    payload = html_forms.clean(form, (*EDITABLE, "version"))
    if bad := html_forms.numbers(payload, NUMBER_FIELDS, lang):
        return _edit_page(request, session, zone, form, html_forms.messages(bad, lang), 422)
    for name in ("name_en", "developer", "notes", "admin_unit", "planned_area_ha"):
        if name in form:  # a field sent empty clears; one not sent stays as it is
            payload.setdefault(name, "" if name == "notes" else None)
    try:
        service.update_zone(session, zone_id, ZoneUpdate.model_validate(payload), actor)
    except ValidationError as exc:
        return _edit_page(
            request, session, zone, form, html_forms.messages(field_errors(exc), lang), 422
        )
    except DomainError as exc:
        errors = html_forms.messages(exc.fields, lang) or {
            "": translate(exc.key, lang, **exc.params)
        }
        return _edit_page(request, session, zone, form, errors, exc.status_code)
    return RedirectResponse(f"/zones/{zone_id}?saved=zone", status_code=303)


@router.get("/zones-new", response_class=HTMLResponse)
def new_page(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    context = {"values": {}, "errors": {}, "units": _units(session), "kinds": pipeline.KINDS}
    return render(request, "zones/new.html", context)


@router.post("/zones-new", response_class=HTMLResponse)
async def create_zone(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep
) -> Response:
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    form = dict(await request.form())
    payload = html_forms.clean(form, ("code", "kind", *EDITABLE))
    context = {"values": form, "units": _units(session), "kinds": pipeline.KINDS}
    if bad := html_forms.numbers(payload, NUMBER_FIELDS, lang):
        context["errors"] = html_forms.messages(bad, lang)
        return render(request, "zones/new.html", context, status_code=422)
    try:
        zone = service.create_zone(session, ZoneCreate.model_validate(payload), actor)
    except ValidationError as exc:
        context["errors"] = html_forms.messages(field_errors(exc), lang)
        return render(request, "zones/new.html", context, status_code=422)
    except DomainError as exc:
        context["errors"] = html_forms.messages(exc.fields, lang) or {
            "": translate(exc.key, lang, **exc.params)
        }
        return render(request, "zones/new.html", context, status_code=exc.status_code)
    return RedirectResponse(f"/zones/{zone.id}?saved=created", status_code=303)


async def _write_child(
    request: Request,
    session: SessionDep,
    actor: Actor,
    lang: str,
    zone_id: int,
    what: str,
    child_id: int | None = None,
    delete: bool = False,
) -> Response:
    """Add (no ``child_id``), correct or delete a milestone or land row through the service;
    back to the zone page with a confirmation, or the error page with the reasons."""
    if (redirect := html_forms.login_first(request, actor)) is not None:
        return redirect
    form = dict(await request.form())
    try:
        if what == "milestone":
            _write_milestone(session, actor, zone_id, child_id, delete, form)
        else:
            _write_land(session, actor, lang, zone_id, child_id, delete, form)
    except ValidationError as exc:
        body = error_body("validation_failed", "error.validation_failed", lang, field_errors(exc))
        return error_page(request, 422, body)
    except DomainError as exc:
        body = error_body(exc.code, exc.key, lang, exc.fields, **exc.params)
        return error_page(request, exc.status_code, body)
    saved = f"{what}_deleted" if delete else what
    return RedirectResponse(f"/zones/{zone_id}?saved={saved}#{what}", status_code=303)


def _write_milestone(
    session: SessionDep,
    actor: Actor,
    zone_id: int,
    milestone_id: int | None,
    delete: bool,
    form: dict[str, Any],
) -> None:
    if milestone_id is None:
        data = MilestoneCreate.model_validate(html_forms.clean(form, MILESTONE_FIELDS))
        service.add_milestone(session, zone_id, data, actor)
    elif delete:
        service.delete_milestone(session, zone_id, milestone_id, actor)
    else:  # every field of the form is sent: an emptied one is cleared
        fields = MILESTONE_FIELDS[1:]
        payload = {k: v if (v := str(form.get(k, "")).strip()) else None for k in fields}
        update = MilestoneUpdate.model_validate(payload)
        service.update_milestone(session, zone_id, milestone_id, update, actor)


def _write_land(
    session: SessionDep,
    actor: Actor,
    lang: str,
    zone_id: int,
    land_id: int | None,
    delete: bool,
    form: dict[str, Any],
) -> None:
    if land_id is not None and delete:
        service.delete_land(session, zone_id, land_id, actor)
        return
    data = html_forms.clean(form, LAND_FIELDS)
    if bad := html_forms.numbers(data, NUMBER_FIELDS, lang):
        raise ValidationFailed(fields=bad)
    if land_id is None:
        service.add_land(session, zone_id, LandCreate.model_validate(data), actor)
    else:
        data.setdefault("source", "")
        for name in NUMBER_FIELDS[1:]:  # an emptied area is zero, as when a row is added
            data.setdefault(name, "0")
        service.update_land(session, zone_id, land_id, LandUpdate.model_validate(data), actor)


@router.post("/zones/{zone_id}/milestones")
async def add_milestone(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, zone_id: int
) -> Response:
    return await _write_child(request, session, actor, lang, zone_id, "milestone")


@router.post("/zones/{zone_id}/milestones/{milestone_id}")
async def update_milestone(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    zone_id: int,
    milestone_id: int,
) -> Response:
    return await _write_child(request, session, actor, lang, zone_id, "milestone", milestone_id)


@router.post("/zones/{zone_id}/milestones/{milestone_id}/delete")
async def delete_milestone(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    zone_id: int,
    milestone_id: int,
) -> Response:
    return await _write_child(
        request, session, actor, lang, zone_id, "milestone", milestone_id, delete=True
    )


@router.post("/zones/{zone_id}/land")
async def add_land(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, zone_id: int
) -> Response:
    return await _write_child(request, session, actor, lang, zone_id, "land")


@router.post("/zones/{zone_id}/land/{land_id}")
async def update_land(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    zone_id: int,
    land_id: int,
) -> Response:
    return await _write_child(request, session, actor, lang, zone_id, "land", land_id)


@router.post("/zones/{zone_id}/land/{land_id}/delete")
async def delete_land(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    zone_id: int,
    land_id: int,
) -> Response:
    return await _write_child(request, session, actor, lang, zone_id, "land", land_id, delete=True)
