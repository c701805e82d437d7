"""Labour supply observations: working-age population and vocational graduates of a district
in a year, worker housing places of a zone (the demand comes from projects and expansion
plans, :mod:`kcn.readiness.metrics.labour`)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.permissions import Action, Actor, Forbidden
from kcn.models import AdminUnit, LabourSupply
from kcn.readiness.policy import require_writer
from kcn.readiness.records import Kind, writable_zone, zone_ref
from kcn.readiness.schemas import AreaRef, SupplyRead

COLUMNS = ("kind", "year", "admin_unit_id", "zone_id", "value", "source", "is_demo")


def options() -> list[Any]:
    return [selectinload(LabourSupply.admin_unit), selectinload(LabourSupply.zone)]


def to_read(row: LabourSupply) -> SupplyRead:
    unit = row.admin_unit
    return SupplyRead(
        id=row.id, kind=row.kind, year=row.year,
        area=AreaRef(id=unit.id, code=unit.code, name=unit.name) if unit else None,
        zone=zone_ref(row.zone) if row.zone else None, value=row.value, source=row.source,
        is_demo=row.is_demo, version=row.version, created_at=row.created_at,
        updated_at=row.updated_at,
    )  # fmt: skip


def check(_session: Session, supply: Any, _own: int | None) -> list[FieldError]:
    """Housing places belong to a zone, the other figures to a district."""
    if supply.kind == "worker_housing_places":
        if supply.zone_id is None:
            return [FieldError("zone", "field.required")]
    elif supply.admin_unit_id is None:
        return [FieldError("area", "field.required")]
    return []


def district(session: Session, code: str) -> AdminUnit | None:
    """The district (or town, city) of that code: the current one, else the latest (the
    districts were abolished in 2025; figures of earlier years still name them)."""
    stmt = (
        select(AdminUnit)
        .where(AdminUnit.code == code)
        .order_by(AdminUnit.valid_to.is_(None).desc(), AdminUnit.valid_to.desc(), AdminUnit.id)
        .limit(1)
    )
    return session.scalar(stmt)


SUPPLY: Kind[LabourSupply] = Kind(
    resource="labour_supply", model=LabourSupply, columns=COLUMNS,
    defaults={"source": "", "is_demo": False}, required=("kind", "year", "value"), check=check,
    label=lambda r: f"{r.kind} {r.year}", options=options, not_found="labour_supply.not_found",
)  # fmt: skip


def create_supply(session: Session, data: Any, actor: Actor) -> LabourSupply:
    """An observation of a district (``area``) or a zone: the zone's board writes its zones'
    figures; only a province-wide writer writes a district's."""
    require_writer(actor, "labour_supply", Action.add)
    values = SUPPLY.values(data, {"area", "zone"})
    errors: list[FieldError] = []
    values["admin_unit_id"] = values["zone_id"] = None
    if data.area:
        unit = district(session, data.area)
        if unit is None:
            errors.append(FieldError("area", "readiness.unknown_area", {"value": data.area}))
        else:
            values["admin_unit_id"] = unit.id
    if data.zone:
        values["zone_id"] = writable_zone(session, data.zone, actor, "labour_supply").id
    elif actor.scoped:
        raise Forbidden("error.out_of_scope")
    errors += check(session, SimpleNamespace(**values), None) if not errors else []
    if errors:
        raise ValidationFailed(fields=errors)
    row = LabourSupply(**values)
    session.add(row)
    SUPPLY.commit(session, actor, row, "create", None)
    return row
