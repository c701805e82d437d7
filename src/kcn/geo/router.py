"""REST API of administrative units, in either era."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Query

from kcn.geo import service
from kcn.geo.schemas import AdminUnitRead
from kcn.kit.errors import NotFound
from kcn.kit.http import SessionDep

router = APIRouter(prefix="/api/v1/admin-units", tags=["administrative units"])


@router.get("", response_model=list[AdminUnitRead], summary="Units valid on a date")
def list_units(
    session: SessionDep,
    on: date | None = Query(None, description="Only units valid on this date."),
    level: Literal["province", "district", "commune"] | None = None,
) -> list[AdminUnitRead]:
    return [AdminUnitRead.model_validate(u) for u in service.list_units(session, on, level)]


@router.get("/{ref}/successors", response_model=list[AdminUnitRead], summary="Crosswalk")
def successors(
    session: SessionDep, ref: str, on: date | None = Query(None, description="Default: today.")
) -> list[AdminUnitRead]:
    unit = service.resolve(session, ref)
    if unit is None:
        raise NotFound("admin_unit.unknown", ref=ref)
    day = on or date.today()
    return [AdminUnitRead.model_validate(u) for u in service.successors_on(session, unit, day)]
