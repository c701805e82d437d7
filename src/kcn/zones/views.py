"""Web pages of zones: the filtered list, a zone's page and the summary."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from kcn.audit.changes import entries
from kcn.audit.schemas import AuditRead
from kcn.audit.service import history
from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.geo import service as geo_service
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import translate
from kcn.kit.pagination import page_count, paginate
from kcn.kit.panels import panels
from kcn.kit.permissions import Action, restrict
from kcn.kit.render import render
from kcn.kit.resources import Context
from kcn.models import Enterprise, Project, Zone
from kcn.zones import pipeline, service
from kcn.zones.filters import ZoneFilter, zone_filter
from kcn.zones.policy import sees_internal
from kcn.zones.resources import ZONES, read_rows, with_occupancy
from kcn.zones.schemas import LandRead
from kcn.zones.summary import summarize

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
# The page lists parks first, then clusters, each by code: the province's many clusters do not
# push its parks off the first page (the API keeps ``code``, its documented default).
DEFAULT_PAGE_SORT = "kind"


@router.get("/zones", response_class=HTMLResponse)
def zone_list(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    filters: Annotated[ZoneFilter, Depends(zone_filter)],
    page: int = Query(1, ge=1),
) -> HTMLResponse:
    per_page = request.app.state.settings.page_size
    if "sort" not in request.query_params:
        filters.sort = DEFAULT_PAGE_SORT
    stmt = ZONES.list_query(session, actor, filters)
    rows, total = paginate(session, stmt, per_page, (page - 1) * per_page)
    units_2024 = geo_service.list_units(session, date(2024, 6, 30), "district")
    units_now = geo_service.list_units(session, date.today(), None)
    groups = [
        (translate("unit_group.2024", lang), units_2024),
        (translate("unit_group.today", lang), units_now),
    ]
    query = urlencode(filters.params())
    return render(
        request,
        "zones/list.html",
        {
            "f": filters,
            "items": read_rows(session, rows, Context(actor, lang, filters)),
            "total": total,
            "page": page,
            "pages": page_count(total, per_page),
            "kinds": pipeline.KINDS,
            "milestones": pipeline.ALL_MILESTONES,
            "unit_groups": groups,
            "export_query": query,
            "can_add": any(actor.granted(f"zone.{k}", Action.add) for k in pipeline.KINDS),
        },
    )


@router.get("/zones/{zone_id}", response_class=HTMLResponse)
def zone_page(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    zone_id: int,
    as_of: date | None = None,
) -> HTMLResponse:
    day = as_of or date.today()
    zone = service.get_zone(session, zone_id, actor)
    index = service.stage_index(session, zone_id, day)
    read = with_occupancy(session, [service.to_read(zone, index, day, lang, sees_internal(actor))],
                          day)[0]  # fmt: skip
    today = date.today()
    today_units = (
        geo_service.successors_on(session, zone.admin_unit, today)
        if zone.admin_unit and not zone.admin_unit.valid_on(today)
        else []
    )
    children = select(Zone).where(Zone.parent_id == zone.id)
    expansions = list(session.scalars(restrict(children, Zone, actor, Action.view)))
    return render(
        request,
        "zones/detail.html",
        {
            "z": read,
            "as_of": day,
            "pipeline": pipeline.MILESTONES[zone.kind],
            "timeline": pipeline.timeline(zone.kind, read.milestones, day),
            "by_kind": {m.kind: m for m in read.milestones},
            "land_rows": [LandRead.model_validate(r) for r in reversed(zone.land)],
            "today_units": today_units,
            "expansions": expansions,
            "history": entries(
                [AuditRead.model_validate(r) for r in history(session, actor, "zone", zone.id)],
                lang,
                request.app.state.settings.timezone,
            )
            if actor.is_internal
            else None,
            "can_edit": service.may_change(session, actor, zone.id),
            "tenants": _tenants(session, actor, zone.id),
            "panels": panels("zone", session, actor, zone, lang),
        },
    )


def _tenants(session: SessionDep, actor: ActorDep, zone_id: int) -> list[Any]:
    """The enterprises with a project in the zone that ``actor`` may see (staff: all)."""
    ids = select(Project.enterprise_id).where(Project.zone_id == zone_id)
    stmt: Any = select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(ids))
    stmt = restrict(stmt, Enterprise, actor, Action.view).order_by(Enterprise.name_folded)
    return list(session.execute(stmt.limit(200)).all())


@router.get("/summary", response_class=HTMLResponse)
def summary_page(request: Request, session: SessionDep, as_of: date | None = None) -> HTMLResponse:
    day = as_of or date.today()
    return render(
        request,
        "zones/summary.html",
        {
            "as_of": day,
            "summary": summarize(session, day),
            "kinds": pipeline.KINDS,
            "milestones": pipeline.MILESTONES,
        },
    )
