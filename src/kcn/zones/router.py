"""REST API of zones under ``/api/v1/zones``: parse, call the service, shape the answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from kcn.audit.schemas import AuditRead
from kcn.audit.service import history, require_reader
from kcn.auth.deps import ActorDep
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.pagination import Page, page_count, paginate
from kcn.kit.permissions import Actor
from kcn.zones import export, service
from kcn.zones.filters import ZoneFilter, zone_filter
from kcn.zones.policy import sees_internal
from kcn.zones.schemas import (
    LandCreate,
    LandRead,
    MilestoneCreate,
    MilestoneRead,
    MilestoneUpdate,
    ZoneCreate,
    ZoneRead,
    ZoneUpdate,
)
from kcn.zones.summary import summarize

router = APIRouter(prefix="/api/v1/zones", tags=["zones"])
FilterDep = Annotated[ZoneFilter, Depends(zone_filter)]


@router.get("", response_model=Page[ZoneRead], summary="List zones")
def list_zones(
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    filters: FilterDep,
    request: Request,
    page: int = Query(1, ge=1),
    per_page: int | None = Query(None, ge=1, description="Default KCN_PAGE_SIZE."),
) -> Page[ZoneRead]:
    settings = request.app.state.settings
    per_page = per_page or settings.page_size
    if per_page > settings.max_page_size:
        raise ValidationFailed(
            fields=[FieldError("per_page", "field.max", {"le": settings.max_page_size})]
        )
    rows, total = paginate(session, filters.query(session, actor), page, per_page)
    internal = sees_internal(actor)
    items = [service.to_read(z, i, filters.as_of, lang, internal) for z, i in rows]
    return Page(
        items=items, total=total, page=page, per_page=per_page, pages=page_count(total, per_page)
    )


@router.get("/export.{fmt}", summary="Export the filtered zone list (xlsx or csv)")
def export_zones(
    session: SessionDep, lang: LangDep, actor: ActorDep, filters: FilterDep, fmt: export.Format
) -> StreamingResponse:
    rows = session.execute(filters.query(session, actor)).all()
    return export.response([(z, i) for z, i in rows], filters, lang, fmt)


@router.get("/summary", summary="Counts and areas by stage and milestone, occupancy")
def zone_summary(
    session: SessionDep, as_of: date | None = Query(None, description="Default: today.")
) -> dict[str, Any]:
    return summarize(session, as_of)


@router.post("", response_model=ZoneRead, status_code=201, summary="Create a zone")
def create_zone(session: SessionDep, lang: LangDep, actor: ActorDep, data: ZoneCreate) -> ZoneRead:
    zone = service.create_zone(session, data, actor)
    return _read(session, zone.id, lang, actor)


@router.get("/{zone_id}", response_model=ZoneRead, summary="Read a zone")
def read_zone(
    session: SessionDep, lang: LangDep, actor: ActorDep, zone_id: int, as_of: date | None = None
) -> ZoneRead:
    return _read(session, zone_id, lang, actor, as_of)


@router.patch("/{zone_id}", response_model=ZoneRead, summary="Update a zone")
def update_zone(
    session: SessionDep, lang: LangDep, actor: ActorDep, zone_id: int, data: ZoneUpdate
) -> ZoneRead:
    service.update_zone(session, zone_id, data, actor)
    return _read(session, zone_id, lang, actor)


@router.delete("/{zone_id}", status_code=204, summary="Delete a zone")
def delete_zone(session: SessionDep, actor: ActorDep, zone_id: int) -> Response:
    service.delete_zone(session, zone_id, actor)
    return Response(status_code=204)


@router.get("/{zone_id}/milestones", response_model=list[MilestoneRead])
def list_milestones(session: SessionDep, actor: ActorDep, zone_id: int) -> list[MilestoneRead]:
    zone = service.get_zone(session, zone_id, actor)
    read = service.to_read(zone, None, date.today(), "vi", sees_internal(actor))
    return read.milestones


@router.post("/{zone_id}/milestones", response_model=MilestoneRead, status_code=201)
def add_milestone(
    session: SessionDep, actor: ActorDep, zone_id: int, data: MilestoneCreate
) -> MilestoneRead:
    return MilestoneRead.model_validate(service.add_milestone(session, zone_id, data, actor))


@router.patch("/{zone_id}/milestones/{milestone_id}", response_model=MilestoneRead)
def update_milestone(
    session: SessionDep, actor: ActorDep, zone_id: int, milestone_id: int, data: MilestoneUpdate
) -> MilestoneRead:
    milestone = service.update_milestone(session, zone_id, milestone_id, data, actor)
    return MilestoneRead.model_validate(milestone)


@router.delete("/{zone_id}/milestones/{milestone_id}", status_code=204)
def delete_milestone(
    session: SessionDep, actor: ActorDep, zone_id: int, milestone_id: int
) -> Response:
    service.delete_milestone(session, zone_id, milestone_id, actor)
    return Response(status_code=204)


@router.get("/{zone_id}/land", response_model=list[LandRead])
def list_land(session: SessionDep, actor: ActorDep, zone_id: int) -> list[LandRead]:
    return [LandRead.model_validate(r) for r in service.get_zone(session, zone_id, actor).land]


@router.post("/{zone_id}/land", response_model=LandRead, status_code=201)
def add_land(session: SessionDep, actor: ActorDep, zone_id: int, data: LandCreate) -> LandRead:
    return LandRead.model_validate(service.add_land(session, zone_id, data, actor))


@router.get("/{zone_id}/history", response_model=list[AuditRead], summary="A zone's history")
def zone_history(session: SessionDep, actor: ActorDep, zone_id: int) -> list[AuditRead]:
    service.get_zone(session, zone_id, actor)
    require_reader(actor)
    return [AuditRead.model_validate(r) for r in history(session, actor, "zone", zone_id)]


def _read(
    session: SessionDep, zone_id: int, lang: str, actor: Actor, as_of: date | None = None
) -> ZoneRead:
    day = as_of or date.today()
    session.expire_all()
    zone = service.get_zone(session, zone_id, actor)
    index = service.stage_index(session, zone_id, day)
    return service.to_read(zone, index, day, lang, sees_internal(actor))
