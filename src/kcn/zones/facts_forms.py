"""The form on a zone's page to publish its facts for investors (``/zones/{id}/facts``), and
its photos (``/zones/{id}/photos``, shown at ``/zone-photos/{photo_id}``).

It posts to the same service as the API (``zones.facts``), so the same checks, permissions and
audit apply: a facts sheet dated as an existing one changes it, another date adds a sheet. A
refused form comes back with the message beside each field and nothing written.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.kit.errors import DomainError, FieldError
from kcn.kit.http import LangDep, SessionDep, field_errors
from kcn.kit.i18n import fmt_number, number_style, parse_number, translate
from kcn.kit.permissions import Action, Actor, NotAuthenticated
from kcn.kit.render import render
from kcn.models import Zone, ZoneFacts
from kcn.zones import facts, photos, service
from kcn.zones.facts_schemas import FactsCreate, FactsUpdate, PhotoCreate

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)

TEXTS = ("operator", "operator_en", "contact_name", "contact_phone", "contact_email", "website",
         "roads", "roads_en", "sectors", "sectors_en", "seaport_name", "airport_name",
         "rent_term")  # fmt: skip
NUMBERS = ("power_kv", "power_mva", "water_m3_day", "wastewater_m3_day", "seaport_km",
           "airport_km", "highway_exit_km", "border_gate_km", "rent_usd_m2",
           "management_fee_usd_m2_year")  # fmt: skip
DATES = ("as_of", "rent_as_of")
FIELDS = (*DATES, *TEXTS, *NUMBERS, "longitude", "latitude", "boundary")


def _values(sheet: ZoneFacts | None, lang: str) -> dict[str, Any]:
    """The form's fields from the latest sheet (numbers the page language's way)."""
    values: dict[str, Any] = {"as_of": date.today().isoformat()}
    if sheet is None:
        return values
    for name in TEXTS:
        values[name] = getattr(sheet, name) or ""
    for name in NUMBERS:
        value = getattr(sheet, name)
        values[name] = fmt_number(value, lang, 3) if value is not None else ""
    values["rent_as_of"] = sheet.rent_as_of.isoformat() if sheet.rent_as_of else ""
    if sheet.location:
        lon, lat = sheet.location["coordinates"][:2]
        values["longitude"], values["latitude"] = fmt_number(lon, lang, 6), fmt_number(lat, lang, 6)
    values["boundary"] = json.dumps(sheet.boundary) if sheet.boundary else ""
    return values


def _payload(form: dict[str, Any], lang: str) -> tuple[dict[str, Any], list[FieldError]]:
    """The API body of the form; errors for numbers or GeoJSON that cannot be read."""
    errors: list[FieldError] = []
    payload: dict[str, Any] = {}
    for name in FIELDS:
        text = str(form.get(name, "")).strip()
        if name in TEXTS:
            payload[name] = text or None
        elif not text:
            payload[name] = None
        elif name in NUMBERS or name in ("longitude", "latitude"):
            try:
                payload[name] = str(parse_number(text, lang))
            except ValueError:
                errors.append(FieldError(name, "field.number_format", number_style(lang)))
        elif name == "boundary":
            try:
                payload[name] = json.loads(text)
            except ValueError:
                errors.append(FieldError(name, "geometry.not_polygon"))
        else:
            payload[name] = text
    lon, lat = payload.pop("longitude", None), payload.pop("latitude", None)
    if (lon is None) != (lat is None):
        errors.append(FieldError("latitude" if lat is None else "longitude", "field.required"))
    payload["location"] = (
        {"type": "Point", "coordinates": [float(lon), float(lat)]} if lon and lat else None
    )
    for name in ("roads", "roads_en", "sectors", "sectors_en"):
        payload[name] = payload[name] or ""
    return payload, errors


def _page(request: Request, session: Session, zone: Zone, values: dict[str, Any],
          errors: dict[str, str], status: int = 200,
          photo: tuple[dict[str, Any], dict[str, str]] | None = None) -> HTMLResponse:  # fmt: skip
    photo_values, photo_errors = photo or ({"taken_on": ""}, {})
    context = {"zone": zone, "values": values, "errors": errors,
               "texts": TEXTS, "numbers": NUMBERS, "photos": photos.photos_of(session, zone.id),
               "photo_values": photo_values, "photo_errors": photo_errors,
               "max_photos": photos.MAX_PER_ZONE,
               "photo_mb": photos.MAX_BYTES // 1_048_576}  # fmt: skip
    return render(request, "zones/facts_edit.html", context, status_code=status)


def _shown(errors: list[FieldError], lang: str) -> dict[str, str]:
    shown: dict[str, str] = {}
    for e in errors:
        shown.setdefault(e.field or "", translate(e.key, lang, **e.params))
    return shown


def _zone(request: Request, session: SessionDep, actor: Actor, zone_id: int) -> Zone:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    return service.get_zone(session, zone_id, actor, Action.change)


@router.get("/zones/{zone_id}/facts", response_class=HTMLResponse)
def facts_page(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, zone_id: int
) -> Response:
    if not actor.is_authenticated:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    zone = _zone(request, session, actor, zone_id)
    return _page(request, session, zone, _values(facts.latest(session, zone.id), lang), {})


@router.post("/zones/{zone_id}/facts", response_class=HTMLResponse)
async def save_facts(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, zone_id: int
) -> Response:
    zone = _zone(request, session, actor, zone_id)
    form = dict(await request.form())
    payload, bad = _payload(form, lang)

    def refused(errors: list[FieldError], status: int = 422) -> HTMLResponse:
        shown: dict[str, str] = {}
        for e in errors:
            field = "longitude" if e.field == "location" else e.field
            shown.setdefault(field, translate(e.key, lang, **e.params))
        return _page(request, session, zone, form, shown, status)

    if bad:
        return refused(bad)
    try:
        day = date.fromisoformat(payload["as_of"]) if payload["as_of"] else None
        same = select(ZoneFacts.id).where(ZoneFacts.zone_id == zone.id, ZoneFacts.as_of == day)
        existing = session.scalar(same) if day else None
        if existing is not None:
            data = FactsUpdate.model_validate({k: v for k, v in payload.items() if k != "as_of"})
            facts.update_facts(session, existing, data, actor)
        else:
            facts.create_facts(session, FactsCreate.model_validate({**payload, "zone": zone.code}),
                               actor)  # fmt: skip
    except ValueError as exc:
        if isinstance(exc, ValidationError):
            return refused(field_errors(exc))
        return refused([FieldError("as_of", "field.invalid")])
    except DomainError as exc:
        return refused(exc.fields or [FieldError("", exc.key, exc.params)], exc.status_code)
    return RedirectResponse(f"/zones/{zone_id}?saved=facts#facts", status_code=303)


@router.post("/zones/{zone_id}/photos", response_class=HTMLResponse)
async def upload_photo(
    request: Request, session: SessionDep, actor: ActorDep, lang: LangDep, zone_id: int
) -> Response:
    """Add a photo from the facts page; checked and re-encoded in a worker thread."""
    zone = _zone(request, session, actor, zone_id)
    form = await request.form()
    upload = form.get("file")
    values = {k: str(form.get(k) or "") for k in PhotoCreate.model_fields}
    if isinstance(upload, str) or upload is None:
        name, content = "", b""
    else:
        name, content = upload.filename or "", await upload.read(photos.MAX_BYTES + 1)
    try:
        data = PhotoCreate.model_validate({k: v or None for k, v in values.items()})
        await run_in_threadpool(photos.add_photo, session, zone.id, data, name, content, actor)
    except ValidationError as exc:
        return _page(request, session, zone, _values(facts.latest(session, zone.id), lang), {},
                     422, (values, _shown(field_errors(exc), lang)))  # fmt: skip
    except DomainError as exc:
        errors = exc.fields or [FieldError("file", exc.key, exc.params)]
        return _page(request, session, zone, _values(facts.latest(session, zone.id), lang), {},
                     exc.status_code, (values, _shown(errors, lang)))  # fmt: skip
    return RedirectResponse(f"/zones/{zone_id}/facts?saved=photo#photos", status_code=303)


@router.post("/zones/{zone_id}/photos/{photo_id}/delete", response_class=HTMLResponse)
def delete_photo(
    request: Request, session: SessionDep, actor: ActorDep, zone_id: int, photo_id: int
) -> Response:
    zone = _zone(request, session, actor, zone_id)
    photos.delete_photo(session, zone.id, photo_id, actor)
    return RedirectResponse(f"/zones/{zone_id}/facts?saved=photo#photos", status_code=303)


def _image(session: Session, photo_id: int, thumbnail: bool) -> Response:
    content, media_type = photos.image(session, photo_id, thumbnail)
    headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
    return Response(content, media_type=media_type, headers=headers)


@router.get("/zone-photos/{photo_id}", response_class=Response)
def photo(session: SessionDep, photo_id: int) -> Response:
    """A zone's photo, for anyone (the investor view shows them)."""
    return _image(session, photo_id, False)


@router.get("/zone-photos/{photo_id}/thumbnail", response_class=Response)
def photo_thumbnail(session: SessionDep, photo_id: int) -> Response:
    return _image(session, photo_id, True)
