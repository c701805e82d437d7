"""The map page (``/map``): parks and clusters over the schematic province, with the zone
list's filters; and the facts panel (with its own small map) on every zone's page."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.geo import service as geo_service
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import translate
from kcn.kit.panels import register_panel
from kcn.kit.permissions import Actor
from kcn.kit.render import render
from kcn.models import Zone
from kcn.zones import facts, map, pipeline, service
from kcn.zones.filters import ZoneFilter, zone_filter
from kcn.zones.policy import sees_internal
from kcn.zones.resources import ZONES

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
MAX_ZONES = 1000


def zone_markers(
    session: Session, actor: Actor, filters: ZoneFilter, lang: str
) -> tuple[list[Any], list[map.Marker]]:
    """The zones the filter selects (as the list shows them) and their map markers."""
    stmt = ZONES.list_query(session, actor, filters).limit(MAX_ZONES)
    internal = sees_internal(actor)
    reads = [service.to_read(z, i, filters.as_of, lang, internal) for z, i in session.execute(stmt)]
    sheets = facts.latest_by_zone(session, [z.id for z in reads])
    return reads, map.markers(reads, sheets, lang)


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    filters: Annotated[ZoneFilter, Depends(zone_filter)],
    era: str = Query("2024", pattern="^(2024|2025)$"),
) -> HTMLResponse:
    reads, marks = zone_markers(session, actor, filters, lang)
    placed = {m.id for m in marks}
    groups = [
        (translate("unit_group.2024", lang),
         geo_service.list_units(session, date(2024, 6, 30), "district")),
        (translate("unit_group.today", lang), geo_service.list_units(session, date.today(), None)),
    ]  # fmt: skip
    return render(
        request,
        "zones/map.html",
        {
            "f": filters,
            "era": era,
            "eras": map.ERAS,
            "svg": map.render_svg(marks, lang, era),
            "legend": map.legend(lang),
            "kinds": pipeline.KINDS,
            "milestones": pipeline.ALL_MILESTONES,
            "total": len(reads),
            "unplaced": [z for z in reads if z.id not in placed],
            "any_demo": any(m.is_demo for m in marks),
            "unit_groups": groups,
        },
    )


def facts_panel(session: Session, actor: Actor, zone: Zone, lang: str) -> dict[str, Any] | None:
    """The zone's facts and its small map; nothing when it has no facts and the reader may
    not add them."""
    sheet = facts.latest(session, zone.id)
    can_edit = service.may_change(session, actor, zone.id)
    if sheet is None and not can_edit:
        return None
    svg = None
    if sheet is not None and sheet.location:
        today = date.today()
        read = service.to_read(zone, service.stage_index(session, zone.id, today), today, lang)
        mark = map.markers([read], {zone.id: sheet}, lang)[0]
        title = translate("map.zone_title", lang, name=mark.name)
        svg = map.render_svg([mark, *map.neighbours(session, zone.id, lang)], lang, "2024",
                             focus=mark, title=title)  # fmt: skip
    return {
        "facts": facts.to_read(sheet) if sheet is not None else None,
        "svg": svg,
        "can_edit": can_edit,
        "zone_id": zone.id,
    }


register_panel("zone", "facts", "zones/facts_panel.html", facts_panel, order=10)
