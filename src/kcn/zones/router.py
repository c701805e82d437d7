"""REST API of zones under ``/api/v1/zones``: the resource kit's list, export, detail and
writes (``zones.resources``), and the zone's own sub-records, summary and history."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Query, Response

from kcn.audit.schemas import AuditRead
from kcn.audit.service import history, require_reader
from kcn.auth.deps import ActorDep, get_actor
from kcn.kit.http import SessionDep
from kcn.kit.resource_router import build_router
from kcn.zones import service
from kcn.zones.policy import sees_internal
from kcn.zones.resources import ZONES
from kcn.zones.schemas import (
    LandCreate,
    LandRead,
    LandUpdate,
    MilestoneCreate,
    MilestoneRead,
    MilestoneUpdate,
)
from kcn.zones.summary import summarize

router = build_router(ZONES, get_actor)


@router.get("/summary", summary="Counts and areas by stage and milestone, occupancy")
def zone_summary(
    session: SessionDep, as_of: date | None = Query(None, description="Default: today.")
) -> dict[str, Any]:
    return summarize(session, as_of)


@router.get("/{zone_id:int}/milestones", response_model=list[MilestoneRead])
def list_milestones(session: SessionDep, actor: ActorDep, zone_id: int) -> list[MilestoneRead]:
    zone = service.get_zone(session, zone_id, actor)
    read = service.to_read(zone, None, date.today(), "vi", sees_internal(actor))
    return read.milestones


@router.post("/{zone_id:int}/milestones", response_model=MilestoneRead, status_code=201)
def add_milestone(
    session: SessionDep, actor: ActorDep, zone_id: int, data: MilestoneCreate
) -> MilestoneRead:
    return MilestoneRead.model_validate(service.add_milestone(session, zone_id, data, actor))


@router.patch("/{zone_id:int}/milestones/{milestone_id:int}", response_model=MilestoneRead)
def update_milestone(
    session: SessionDep, actor: ActorDep, zone_id: int, milestone_id: int, data: MilestoneUpdate
) -> MilestoneRead:
    milestone = service.update_milestone(session, zone_id, milestone_id, data, actor)
    return MilestoneRead.model_validate(milestone)


@router.delete("/{zone_id:int}/milestones/{milestone_id:int}", status_code=204)
def delete_milestone(
    session: SessionDep, actor: ActorDep, zone_id: int, milestone_id: int
) -> Response:
    service.delete_milestone(session, zone_id, milestone_id, actor)
    return Response(status_code=204)


@router.get("/{zone_id:int}/land", response_model=list[LandRead])
def list_land(session: SessionDep, actor: ActorDep, zone_id: int) -> list[LandRead]:
    return [LandRead.model_validate(r) for r in service.get_zone(session, zone_id, actor).land]


@router.post("/{zone_id:int}/land", response_model=LandRead, status_code=201)
def add_land(session: SessionDep, actor: ActorDep, zone_id: int, data: LandCreate) -> LandRead:
    return LandRead.model_validate(service.add_land(session, zone_id, data, actor))


@router.patch("/{zone_id:int}/land/{land_id:int}", response_model=LandRead)
def update_land(
    session: SessionDep, actor: ActorDep, zone_id: int, land_id: int, data: LandUpdate
) -> LandRead:
    return LandRead.model_validate(service.update_land(session, zone_id, land_id, data, actor))


@router.delete("/{zone_id:int}/land/{land_id:int}", status_code=204)
def delete_land(session: SessionDep, actor: ActorDep, zone_id: int, land_id: int) -> Response:
    service.delete_land(session, zone_id, land_id, actor)
    return Response(status_code=204)


@router.get("/{zone_id:int}/history", response_model=list[AuditRead], summary="A zone's history")
def zone_history(session: SessionDep, actor: ActorDep, zone_id: int) -> list[AuditRead]:
    service.get_zone(session, zone_id, actor)
    require_reader(actor)
    return [AuditRead.model_validate(r) for r in history(session, actor, "zone", zone_id)]
