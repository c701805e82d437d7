"""The public investor view, without signing in, in Vietnamese and English: find land, compare
zones, a zone's facts, and the province's published figures (``/investors/…``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator, Field

from kcn.auth.deps import PAGE_DEPENDENCIES
from kcn.enterprises import tenants
from kcn.investors.search import MAX_COMPARE, Criteria, Offer, compare, find, offer
from kcn.kit import metrics
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import in_language, translate
from kcn.kit.render import render
from kcn.zones import map as zone_map
from kcn.zones import photos
from kcn.zones.schemas import ZoneKind

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
# The search form sends every field, filled or not: an empty one is "any".
_EMPTY_IS_ANY = BeforeValidator(lambda v: v or None)
Amount = Annotated[Annotated[Decimal, Field(ge=0, le=100000)] | None, _EMPTY_IS_ANY]
PUBLISHED = (  # (message key, metric, parameters): figures of the registry the public sees
    ("dashboard.parks", "zones.count", {"kind": "industrial_park"}),
    ("dashboard.parks_approved", "zones.count",
     {"kind": "industrial_park", "reached": "policy_approved"}),
    ("dashboard.parks_area", "zones.area_ha", {"kind": "industrial_park"}),
    ("dashboard.occupancy", "zones.occupancy_pct", {"kind": "industrial_park"}),
    ("dashboard.available", "zones.available_ha", {"kind": "industrial_park"}),
    ("dashboard.clusters", "zones.count", {"kind": "industrial_cluster"}),
    ("dashboard.production_growth", "stats.growth_pct", {"indicator": "production_value"}),
    ("dashboard.iip_growth", "stats.growth_pct", {"indicator": "iip"}),
)  # fmt: skip


def _marker(o: Offer, lang: str) -> zone_map.Marker | None:
    if o.location is None:
        return None
    name = in_language(lang, vi=o.name, en=o.name_en)
    boundary = o.facts.boundary if o.facts else None
    return zone_map.Marker(o.id, o.code, name, o.kind, None, o.planned_area_ha,
                           o.location[0], o.location[1], boundary, o.name_is_demo)  # fmt: skip


def _href(m: zone_map.Marker) -> str:
    return f"/investors/zones/{m.code}"


@router.get("/investors", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    area_ha: Annotated[Amount, Query(description="Land needed (ha).")] = None,
    sector: str | None = Query(None, max_length=100),
    max_port_km: Annotated[Amount, Query(description="Seaport within (km).")] = None,
    max_rent: Annotated[Amount, Query(description="Rent at most (USD/m²).")] = None,
    kind: Annotated[ZoneKind | None, _EMPTY_IS_ANY, Query()] = None,
) -> HTMLResponse:
    criteria = Criteria(area_ha, sector or None, max_port_km, max_rent, kind)
    found = find(session, criteria)
    marks = [m for m in (_marker(o, lang) for o in found) if m is not None]
    return render(
        request,
        "investors/search.html",
        {
            "c": criteria,
            "offers": found,
            "svg": zone_map.render_svg(marks, lang, "2024", href=_href),
            "max_compare": MAX_COMPARE,
            "any_demo": any(o.facts and o.facts.is_demo for o in found),
        },
    )


@router.get("/investors/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    session: SessionDep,
    zone: list[str] = Query([], max_length=10, description="Zone codes, up to four."),
) -> HTMLResponse:
    offers = compare(session, zone)
    context = metrics.Context(session)
    main = {o.code: tenants.main_tenants(context, o.code) for o in offers}
    mix = {o.code: tenants.sector_mix(context, o.code) for o in offers}
    return render(request, "investors/compare.html", {"offers": offers, "tenants": main,
                                                      "mix": mix})  # fmt: skip


@router.get("/investors/zones/{code}", response_class=HTMLResponse)
def zone_page(request: Request, session: SessionDep, lang: LangDep, code: str) -> HTMLResponse:
    o = offer(session, code)
    mark = _marker(o, lang)
    title = translate("map.zone_title", lang, name=mark.name) if mark else ""
    svg = None
    if mark is not None:
        around = zone_map.neighbours(session, o.id, lang)
        svg = zone_map.render_svg([mark, *around], lang, focus=mark, href=_href, title=title)
    context = metrics.Context(session)
    return render(request, "investors/zone.html", {
        "o": o, "svg": svg, "tenants": tenants.main_tenants(context, o.code),
        "mix": tenants.sector_mix(context, o.code), "photos": photos.photos_of(session, o.id),
    })  # fmt: skip


@router.get("/investors/figures", response_class=HTMLResponse)
def figures_page(request: Request, session: SessionDep) -> HTMLResponse:
    context = metrics.Context(session)
    known = {m.name for m in metrics.all()}
    rows: list[dict[str, Any]] = []
    for key, name, params in PUBLISHED:
        if name in known:
            result = metrics.compute_in(context, name, params)
            rows.append({"key": key, "r": result})
    return render(request, "investors/figures.html", {"rows": rows, "today": date.today()})
