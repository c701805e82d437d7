"""Zone rules: create, read, update and delete parks and clusters, their milestones and land.

Services validate everything first and write only when nothing is wrong, in one transaction:
a refused change writes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from kcn.geo import service as geo_service
from kcn.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from kcn.kit.i18n import translate
from kcn.kit.text import fold
from kcn.models import Milestone, Zone, ZoneLand
from kcn.models.mixins import utcnow
from kcn.zones import pipeline
from kcn.zones.filters import stage_index_subquery
from kcn.zones.schemas import (
    AdminUnitBrief,
    LandCreate,
    LandRead,
    MilestoneCreate,
    MilestoneRead,
    MilestoneUpdate,
    Warning,
    ZoneBrief,
    ZoneCreate,
    ZoneRead,
    ZoneUpdate,
)


def get_zone(session: Session, zone_id: int) -> Zone:
    zone = session.scalar(
        select(Zone)
        .where(Zone.id == zone_id)
        .options(selectinload(Zone.milestones), selectinload(Zone.land))
    )
    if zone is None:
        raise NotFound("zone.not_found", id=zone_id)
    return zone


def stage_index(session: Session, zone_id: int, as_of: date) -> int | None:
    stage = stage_index_subquery(as_of)
    return session.scalar(select(stage.c.stage_index).where(stage.c.zone_id == zone_id))


def latest_land(zone: Zone, as_of: date) -> ZoneLand | None:
    rows = [row for row in zone.land if row.as_of <= as_of]
    return max(rows, key=lambda r: r.as_of) if rows else None


def occupancy_pct(leased: Decimal, leasable: Decimal) -> Decimal | None:
    """Leased ÷ leasable × 100, two decimals; None when nothing is leasable."""
    if not leasable:
        return None
    return (leased * 100 / leasable).quantize(Decimal("0.01"))


def size_warnings(zone: Zone) -> list[FieldError]:
    if zone.kind != pipeline.CLUSTER:
        return []
    mountainous = bool(zone.admin_unit and zone.admin_unit.mountainous)
    return pipeline.cluster_size_warnings(zone.planned_area_ha, mountainous, zone.craft_village)


def to_read(zone: Zone, index: int | None, as_of: date, lang: str) -> ZoneRead:
    """The API shape of ``zone`` as it stood on ``as_of``, messages in ``lang``."""
    stage = pipeline.stage_name(zone.kind, index)
    reached_on = next((m.reached_on for m in zone.milestones if m.kind == stage), None)
    land = latest_land(zone, as_of)
    return ZoneRead(
        id=zone.id,
        code=zone.code,
        kind=zone.kind,
        name=zone.name,
        name_en=zone.name_en,
        admin_unit=AdminUnitBrief.model_validate(zone.admin_unit) if zone.admin_unit else None,
        parent=ZoneBrief.model_validate(zone.parent) if zone.parent else None,
        planned_area_ha=zone.planned_area_ha,
        developer=zone.developer,
        craft_village=zone.craft_village,
        geometry=zone.geometry,
        notes=zone.notes,
        stage=stage,
        stage_reached_on=reached_on,
        occupancy_pct=occupancy_pct(land.leased_ha, land.leasable_ha) if land else None,
        land=LandRead.model_validate(land) if land else None,
        milestones=[MilestoneRead.model_validate(m) for m in sorted_milestones(zone)],
        name_is_demo=zone.name_is_demo,
        demo_fields=list(zone.demo_fields),
        sources=dict(zone.sources),
        is_demo=zone.is_demo,
        warnings=[
            Warning(field=w.field, message=translate(w.key, lang, **w.params))
            for w in size_warnings(zone)
        ],
        version=zone.version,
        created_at=zone.created_at,
        updated_at=zone.updated_at,
    )


def sorted_milestones(zone: Zone) -> list[Milestone]:
    order = pipeline.MILESTONES[zone.kind]
    return sorted(
        zone.milestones, key=lambda m: order.index(m.kind) if m.kind in order else len(order)
    )


# --- validation -------------------------------------------------------------------------


def _check_land(rows: list[ZoneLand | LandCreate], planned: Decimal | None) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, row in enumerate(rows):
        where = f"land.{i}"
        if row.industrial_leased_ha > row.industrial_leasable_ha:
            errors.append(FieldError(f"{where}.industrial_leased_ha", "land.leased_over_leasable"))
        if row.service_leased_ha > row.service_leasable_ha:
            errors.append(FieldError(f"{where}.service_leased_ha", "land.leased_over_leasable"))
        leasable = row.industrial_leasable_ha + row.service_leasable_ha
        if planned is not None and leasable > planned:
            errors.append(
                FieldError(
                    f"{where}.industrial_leasable_ha",
                    "land.leasable_over_planned",
                    {"leasable": leasable, "planned": planned},
                )
            )
    dates = [row.as_of for row in rows]
    for i, day in enumerate(dates):
        if day in dates[:i]:
            errors.append(FieldError(f"land.{i}.as_of", "land.duplicate_date", {"date": day}))
    return errors


def _check_milestones(
    kind: str, rows: list[Milestone | MilestoneCreate], prefix: str = "milestones"
) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        if row.kind not in pipeline.MILESTONES[kind]:
            errors.append(
                FieldError(f"{prefix}.{i}.kind", "milestone.wrong_kind", {"milestone": row.kind})
            )
        elif row.kind in seen:
            errors.append(
                FieldError(f"{prefix}.{i}.kind", "milestone.duplicate", {"milestone": row.kind})
            )
        if row.reached_on is None and row.target_date is None:
            errors.append(FieldError(f"{prefix}.{i}.reached_on", "milestone.needs_date"))
        seen.add(row.kind)
    if errors:
        return errors
    reached = [(i, r.kind, r.reached_on) for i, r in enumerate(rows) if r.reached_on is not None]
    return pipeline.order_errors(kind, reached, prefix)


def _resolve_refs(
    session: Session, data: ZoneCreate | ZoneUpdate, kind: str, zone_id: int | None
) -> tuple[dict[str, Any], list[FieldError]]:
    """Turn the ``admin_unit`` and ``parent`` references into rows; errors for bad ones."""
    found: dict[str, Any] = {}
    errors: list[FieldError] = []
    fields = data.model_fields_set
    if "admin_unit" in fields:
        found["admin_unit"] = None
        if data.admin_unit:
            unit = geo_service.resolve(session, data.admin_unit)
            if unit is None:
                errors.append(
                    FieldError("admin_unit", "admin_unit.unknown", {"ref": data.admin_unit})
                )
            found["admin_unit"] = unit
    if "parent" in fields:
        found["parent"] = None
        if data.parent:
            parent = session.scalar(select(Zone).where(Zone.code == data.parent.upper()))
            if parent is None:
                errors.append(FieldError("parent", "zone.parent_unknown", {"code": data.parent}))
            elif parent.id == zone_id or _is_descendant(session, parent, zone_id):
                errors.append(FieldError("parent", "zone.parent_cycle"))
            elif parent.kind != kind:
                errors.append(FieldError("parent", "zone.parent_other_kind"))
            found["parent"] = parent
    if data.code is not None:
        clash = session.scalar(select(Zone.id).where(Zone.code == data.code))
        if clash is not None and clash != zone_id:
            errors.append(FieldError("code", "zone.code_taken", {"code": data.code}))
    return found, errors


def _is_descendant(session: Session, zone: Zone, ancestor_id: int | None) -> bool:
    current: Zone | None = zone
    while current is not None and ancestor_id is not None:
        if current.parent_id == ancestor_id:
            return True
        current = session.get(Zone, current.parent_id) if current.parent_id else None
    return False


def _commit(session: Session) -> None:
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise Conflict("zone.stale_version") from exc
    except IntegrityError as exc:
        session.rollback()
        raise Conflict("error.integrity") from exc


# --- writes -----------------------------------------------------------------------------


def create_zone(session: Session, data: ZoneCreate) -> Zone:
    refs, errors = _resolve_refs(session, data, data.kind, None)
    errors += _check_milestones(data.kind, list(data.milestones))
    errors += _check_land(list(data.land), data.planned_area_ha)
    if errors:
        raise ValidationFailed(fields=errors)
    values = data.model_dump(exclude={"milestones", "land", "admin_unit", "parent"})
    zone = Zone(**values, name_folded=fold(data.name), **refs)
    zone.milestones = [Milestone(**m.model_dump()) for m in data.milestones]
    zone.land = [ZoneLand(**row.model_dump()) for row in data.land]
    session.add(zone)
    _commit(session)
    return zone


REQUIRED_ON_UPDATE = (
    "code", "name", "craft_village", "name_is_demo", "demo_fields", "sources", "notes"
)  # fmt: skip


def update_zone(session: Session, zone_id: int, data: ZoneUpdate) -> Zone:
    zone = get_zone(session, zone_id)
    if data.version is not None and data.version != zone.version:
        raise Conflict("zone.stale_version", current=zone.version)
    refs, errors = _resolve_refs(session, data, zone.kind, zone.id)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "admin_unit", "parent"})
    for name in REQUIRED_ON_UPDATE:
        if name in changes and changes[name] is None:
            errors.append(FieldError(name, "field.required"))
    if "planned_area_ha" in changes:
        # Only the planned area can make stored land figures exceed it: name that field.
        errors += [
            FieldError("planned_area_ha", e.key, e.params)
            for e in _check_land(list(zone.land), changes["planned_area_ha"])
            if e.key == "land.leasable_over_planned"
        ][:1]
    if errors:
        raise ValidationFailed(fields=errors)
    for name, value in {**changes, **refs}.items():
        setattr(zone, name, value)
    if "name" in changes:
        zone.name_folded = fold(zone.name)
    _commit(session)
    return zone


def delete_zone(session: Session, zone_id: int) -> None:
    zone = get_zone(session, zone_id)
    if session.scalar(select(Zone.id).where(Zone.parent_id == zone.id).limit(1)) is not None:
        raise Conflict("zone.has_expansions")
    session.delete(zone)
    _commit(session)


def add_milestone(session: Session, zone_id: int, data: MilestoneCreate) -> Milestone:
    zone = get_zone(session, zone_id)
    milestone = Milestone(**data.model_dump())
    rows: list[Milestone | MilestoneCreate] = [*zone.milestones, data]
    errors = _errors_of_row(
        _check_milestones(zone.kind, rows), "milestones", len(rows) - 1, data.kind
    )
    if errors:
        raise ValidationFailed(fields=errors)
    zone.milestones.append(milestone)
    _touch(zone)
    _commit(session)
    return milestone


def _errors_of_row(
    errors: list[FieldError], prefix: str, index: int, kind: str | None = None
) -> list[FieldError]:
    """The errors about row ``index`` of a list, named by the row's own fields (the request
    that adds or changes one row names fields without the list prefix). An ordering error
    raised on a later milestone because of this row's date is this row's error too."""
    head = f"{prefix}.{index}."
    mine: list[FieldError] = []
    for e in errors:
        if e.field.startswith(head):
            mine.append(FieldError(e.field.removeprefix(head), e.key, e.params))
        elif kind is not None and e.params.get("previous") == kind:
            mine.append(FieldError("reached_on", e.key, e.params))
    return mine


def _touch(zone: Zone) -> None:
    """A change to a zone's milestones or land is a change to the zone: bump its version."""
    zone.updated_at = utcnow()


def update_milestone(
    session: Session, zone_id: int, milestone_id: int, data: MilestoneUpdate
) -> Milestone:
    zone = get_zone(session, zone_id)
    position = next((i for i, m in enumerate(zone.milestones) if m.id == milestone_id), None)
    if position is None:
        raise NotFound("milestone.not_found", id=milestone_id)
    milestone = zone.milestones[position]
    changes = data.model_dump(exclude_unset=True)
    candidate = MilestoneCreate.model_validate(
        {**MilestoneRead.model_validate(milestone).model_dump(exclude={"id"}), **changes}
        | {k: "" for k in ("note", "source") if changes.get(k, "") is None}
    )
    rows: list[Milestone | MilestoneCreate] = list(zone.milestones)
    rows[position] = candidate
    errors = _errors_of_row(
        _check_milestones(zone.kind, rows), "milestones", position, milestone.kind
    )
    if errors:
        raise ValidationFailed(fields=errors)
    for name in changes:
        setattr(milestone, name, getattr(candidate, name))
    _touch(zone)
    _commit(session)
    return milestone


def delete_milestone(session: Session, zone_id: int, milestone_id: int) -> None:
    zone = get_zone(session, zone_id)
    milestone = next((m for m in zone.milestones if m.id == milestone_id), None)
    if milestone is None:
        raise NotFound("milestone.not_found", id=milestone_id)
    zone.milestones.remove(milestone)
    _touch(zone)
    _commit(session)


def add_land(session: Session, zone_id: int, data: LandCreate) -> ZoneLand:
    zone = get_zone(session, zone_id)
    rows: list[ZoneLand | LandCreate] = [*zone.land, data]
    errors = _errors_of_row(_check_land(rows, zone.planned_area_ha), "land", len(rows) - 1)
    if errors:
        raise ValidationFailed(fields=errors)
    row = ZoneLand(**data.model_dump())
    zone.land.append(row)
    _touch(zone)
    _commit(session)
    session.refresh(row)
    return row
