"""Server-rendered SVG maps of parks and clusters: no tile server, no script, no request
leaving the machine. Zones are coloured by stage and sized by planned area over the schematic
province (:mod:`kcn.geo.shapes`) and its units of either era; each zone links to its page and
names itself on hover (``<title>``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from markupsafe import Markup
from shapely.geometry import shape as to_shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.geo.shapes import ProvinceShapes, province_shapes
from kcn.kit.i18n import fmt_area, in_language, translate
from kcn.models import Zone, ZoneFacts
from kcn.models.geo import english_unit_name
from kcn.zones import facts as zone_facts
from kcn.zones.schemas import ZoneRead

ERAS = ("2024", "2025")
WIDTH = 800.0
# Colour by stage: planning (grey-blue), approved or established (blue), clearing land
# (purple), building infrastructure (orange), operating (green); no milestone: light grey.
STAGE_COLOURS = {
    "planning_task": "#9aa7b8", "zoning_plan": "#8797ad", "construction_plan_approved": "#7487a3",
    "policy_dossier_submitted": "#5f7696", "planned": "#8797ad",
    "policy_approved": "#1f5fbf", "established": "#1f5fbf",
    "land_clearance_started": "#7b3fb0", "infrastructure_started": "#d9730d",
    "operating": "#1b8a3a",
}  # fmt: skip
NO_STAGE = "#c8ccd2"
LEGEND = ("planning_task", "policy_approved", "land_clearance_started",
          "infrastructure_started", "operating")  # fmt: skip


@dataclass(frozen=True)
class Marker:
    """A zone on the map."""

    id: int
    code: str
    name: str
    kind: str
    stage: str | None
    area_ha: Decimal | None
    lon: float
    lat: float
    boundary: dict[str, Any] | None
    is_demo: bool


def markers(zones: Iterable[ZoneRead], facts: dict[int, ZoneFacts], lang: str) -> list[Marker]:
    """The zones that have a location, as markers (named in ``lang``)."""
    out = []
    for z in zones:
        f = facts.get(z.id)
        if f is None or not f.location:
            continue
        lon, lat = f.location["coordinates"][:2]
        name = in_language(lang, vi=z.name, en=z.name_en)
        demo = z.is_demo or "location" in f.demo_fields
        out.append(Marker(z.id, z.code, name, z.kind, z.stage, z.planned_area_ha,
                          float(lon), float(lat), f.boundary, demo))  # fmt: skip
    return out


class _Projection:
    """Longitude/latitude → SVG units over ``bounds`` (equirectangular, scaled at the
    middle latitude so that a kilometre is as long east-west as north-south)."""

    def __init__(self, bounds: tuple[float, float, float, float], width: float = WIDTH) -> None:
        minx, miny, maxx, maxy = bounds
        self.minx, self.maxy = minx, maxy
        self.kx = math.cos(math.radians((miny + maxy) / 2))
        self.scale = width / ((maxx - minx) * self.kx)
        self.width = width
        self.height = (maxy - miny) * self.scale

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.minx) * self.kx * self.scale, (self.maxy - lat) * self.scale)

    def path(self, geom: BaseGeometry) -> str:
        parts = []
        polygons = getattr(geom, "geoms", [geom])
        for poly in polygons:
            if poly.is_empty or not hasattr(poly, "exterior"):
                continue
            for ring in (poly.exterior, *poly.interiors):
                pts = [self.xy(x, y) for x, y in ring.coords]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        return "".join(parts)


def _radius(area: Decimal | None, scale: float) -> float:
    return 3.0 + math.sqrt(float(area or 0)) * 0.35 * scale


def colour(stage: str | None) -> str:
    return STAGE_COLOURS.get(stage or "", NO_STAGE)


def _units(shapes: ProvinceShapes, era: str) -> Sequence[Any]:
    return shapes.communes if era == "2025" else shapes.districts


def render_svg(
    items: Sequence[Marker],
    lang: str,
    era: str = "2024",
    focus: Marker | None = None,
    href: Callable[[Marker], str] = lambda m: f"/zones/{m.id}",
    title: str | None = None,
) -> Markup:
    """The map as inline SVG: the whole province, or around ``focus`` (its boundary drawn
    when it has one)."""
    shapes = province_shapes()
    if focus is None:
        minx, miny, maxx, maxy = shapes.outline.bounds
        pad = 0.01
        bounds = (minx - pad, miny - pad, maxx + pad, maxy + pad)
        proj, zoom = _Projection(bounds), 1.0
    else:
        d = 0.06
        bounds = (focus.lon - d * 1.4, focus.lat - d, focus.lon + d * 1.4, focus.lat + d)
        proj = _Projection(bounds, 480.0)
        zoom = 3.0
    label = title or translate("map.title", lang)
    out = [
        f'<svg class="map" viewBox="0 0 {proj.width:.0f} {proj.height:.0f}" role="group" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title>",
        f'<path class="province" d="{proj.path(shapes.outline)}"/>',
    ]
    for unit in _units(shapes, era):
        out.append(
            f'<path class="unit" d="{proj.path(unit.shape)}"><title>'
            f"{escape(_unit_name(unit.name, lang))}</title></path>"
        )
    if focus is None or zoom < 2:
        for unit in _units(shapes, era) if era == "2024" else ():
            x, y = proj.xy(*unit.centre)
            out.append(
                f'<text class="unit-name" x="{x:.0f}" y="{y:.0f}">'
                f"{escape(_unit_name(unit.name, lang))}</text>"
            )
    ordered = sorted(items, key=lambda m: -(m.area_ha or 0))  # small ones on top
    for m in ordered:
        if focus is not None and m.id == focus.id:
            continue
        out.append(_marker(m, proj, zoom if focus is None else 1.0, lang, href,
                           muted=focus is not None))  # fmt: skip
    if focus is not None:
        if focus.boundary:
            out.append(
                f'<path class="zone-boundary" fill="{colour(focus.stage)}" '
                f'd="{proj.path(to_shape(focus.boundary))}"><title>{escape(focus.name)}</title>'
                "</path>"
            )
        out.append(_marker(focus, proj, 1.0, lang, href, muted=False))
    out.append("</svg>")
    return Markup("".join(out))


def _unit_name(name: str, lang: str) -> str:
    """An administrative unit's name in ``lang`` (English by the usual rule: "Tan Yen District")."""
    return in_language(lang, vi=name, en=english_unit_name(name))


def _marker(
    m: Marker, proj: _Projection, zoom: float, lang: str, href: Callable[[Marker], str],
    muted: bool,
) -> str:  # fmt: skip
    x, y = proj.xy(m.lon, m.lat)
    r = 4.0 if muted else _radius(m.area_ha, zoom)
    stage = translate(f"milestone.{m.stage}", lang) if m.stage else None
    area = fmt_area(m.area_ha, lang) if m.area_ha is not None else "–"
    demo = f" ({translate('demo.badge', lang)})" if m.is_demo else ""
    tip = escape(" · ".join(x for x in (m.name, stage, area + demo) if x))
    fill = "#8a8f96" if muted else colour(m.stage)
    shape = (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}"/>'
        if m.kind == "industrial_park"
        else f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
        f'fill="{fill}"/>'
    )
    return (
        f'<a class="zone-mark" href="{escape(href(m))}" data-code="{escape(m.code)}" '
        f'aria-label="{tip}"><title>{tip}</title>{shape}</a>'
    )


def legend(lang: str) -> Markup:
    """The stages the map tells apart, as a small SVG per colour (attributes, not styles)."""
    items = [(colour(s), translate(f"milestone.{s}", lang)) for s in LEGEND]
    items.append((NO_STAGE, translate("map.no_stage", lang)))
    items_html = "".join(
        f'<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" '
        f'height="10" fill="{c}"/></svg>{escape(label)}</li>'
        for c, label in items
    )
    shapes = (
        '<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" '
        f'r="5" fill="#888"/></svg>{escape(translate("kind.industrial_park", lang))}</li>'
        '<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" '
        f'height="10" fill="#888"/></svg>{escape(translate("kind.industrial_cluster", lang))}</li>'
    )
    return Markup(f'<ul class="legend">{items_html}{shapes}</ul>')


def neighbours(session: Session, zone_id: int, lang: str) -> list[Marker]:
    """The other zones with a location, as plain marks around a zone's own map (their stage
    left out: they are context)."""
    sheets = zone_facts.latest_by_zone(session)
    zones = session.scalars(select(Zone).where(Zone.id.in_(list(sheets)), Zone.id != zone_id))
    out = []
    for z in zones:
        location = sheets[z.id].location
        if location:
            lon, lat = location["coordinates"][:2]
            name = in_language(lang, vi=z.name, en=z.name_en)
            out.append(Marker(z.id, z.code, name, z.kind, None, z.planned_area_ha,
                              float(lon), float(lat), None, z.is_demo))  # fmt: skip
    return out
