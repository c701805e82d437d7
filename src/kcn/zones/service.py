"""Zone rules: create, read, update and delete parks and clusters, their milestones and land.

Services validate everything first and write only when nothing is wrong, in one transaction:
a refused change writes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from kcn.kit.i18n import translate
from kcn.kit.permissions import Action, Actor, Forbidden, NotAuthenticated, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.kit.text import fold
from kcn.models import Milestone, UserScope, Zone, ZoneFacts, ZoneLand
from kcn.models.mixins import utcnow
from kcn.zones import pipeline, validation
from kcn.zones import policy as zone_policy
from kcn.zones.facts_schemas import Infrastructure
from kcn.zones.filters import stage_index_subquery
from kcn.zones.schemas import (
    AdminUnitBrief,
    LandCreate,
    LandRead,
    LandUpdate,
    MilestoneCreate,
    MilestoneRead,
    MilestoneUpdate,
    Warning,
    ZoneBrief,
    ZoneCreate,
    ZoneRead,
    ZoneUpdate,
)


def get_zone(session: Session, zone_id: int, actor: Actor, action: Action = Action.view) -> Zone:
    """The zone, if ``actor`` may see it (else 404) and may ``action`` it (else 401/403)."""
    stmt = (
        select(Zone)
        .where(Zone.id == zone_id)
        .options(selectinload(Zone.milestones), selectinload(Zone.land))
    )
    zone = session.scalar(restrict(stmt, Zone, actor, Action.view))
    if zone is None:
        raise NotFound("zone.not_found", id=zone_id)
    if action != Action.view:
        if not actor.is_authenticated:
            raise NotAuthenticated()
        allowed = restrict(select(Zone.id).where(Zone.id == zone_id), Zone, actor, action)
        if session.scalar(allowed) is None:
            raise Forbidden()
    return zone


def may_change(session: Session, actor: Actor, zone_id: int) -> bool:
    """May ``actor`` change zone ``zone_id``? (For showing or hiding the edit links.)"""
    stmt = restrict(select(Zone.id).where(Zone.id == zone_id), Zone, actor, Action.change)
    return session.scalar(stmt) is not None


def snapshot(zone: Zone) -> dict[str, Any]:
    """The zone with its milestones and land, as the audit trail keeps it."""
    columns = (
        "code", "kind", "name", "name_en", "admin_unit_id", "parent_id", "planned_area_ha",
        "developer", "craft_village", "geometry", "notes", "name_is_demo", "demo_fields",
        "sources", "version",
    )  # fmt: skip
    data: dict[str, Any] = {name: getattr(zone, name) for name in columns}
    data["milestones"] = [
        {c: getattr(m, c) for c in ("kind", "reached_on", "target_date", "document_number",
                                     "issuing_body", "note", "source", "is_demo")}
        for m in sorted_milestones(zone)
    ]  # fmt: skip
    data["land"] = [
        {c: getattr(r, c) for c in ("as_of", "industrial_leasable_ha", "service_leasable_ha",
                                     "industrial_leased_ha", "service_leased_ha", "source",
                                     "is_demo")}
        for r in zone.land
    ]  # fmt: skip
    return data


def stage_index(session: Session, zone_id: int, as_of: date) -> int | None:
    stage = stage_index_subquery(as_of)
    return session.scalar(select(stage.c.stage_index).where(stage.c.zone_id == zone_id))


def latest_land(zone: Zone, as_of: date) -> ZoneLand | None:
    rows = [row for row in zone.land if row.as_of <= as_of]
    return max(rows, key=lambda r: (r.as_of, r.id or 0)) if rows else None


def occupancy_pct(leased: Decimal, leasable: Decimal) -> Decimal | None:
    """Leased ÷ leasable × 100, two decimals; None when nothing is leasable."""
    if not leasable:
        return None
    return (leased * 100 / leasable).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def size_warnings(zone: Zone) -> list[FieldError]:
    if zone.kind != pipeline.CLUSTER:
        return []
    mountainous = bool(zone.admin_unit and zone.admin_unit.mountainous)
    return pipeline.cluster_size_warnings(zone.planned_area_ha, mountainous, zone.craft_village)


def to_read(
    zone: Zone, index: int | None, as_of: date, lang: str, internal: bool = True
) -> ZoneRead:
    """The API shape of ``zone`` as it stood on ``as_of``, messages in ``lang``; without
    ``internal``, the internal notes are left out."""
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
        notes=zone.notes if internal else "",
        stage=stage,
        stage_reached_on=reached_on,
        occupancy_pct=occupancy_pct(land.leased_ha, land.leasable_ha) if land else None,
        land=LandRead.model_validate(land) if land else None,
        milestones=[
            MilestoneRead.model_validate(m).model_copy(update={} if internal else {"note": ""})
            for m in sorted_milestones(zone)
        ],
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


# --- writes -----------------------------------------------------------------------------


def create_zone(session: Session, data: ZoneCreate, actor: Actor) -> Zone:
    refs, errors = validation.resolve_refs(session, data, data.kind, None)
    unit = refs.get("admin_unit")
    zone_policy.require_add(actor, data.kind, unit.id if unit is not None else None)
    errors += validation.check_milestones(data.kind, list(data.milestones))
    errors += validation.check_land(list(data.land), data.planned_area_ha)
    if errors:
        raise ValidationFailed(fields=errors)
    values = data.model_dump(exclude={"milestones", "land", "admin_unit", "parent"})
    zone = Zone(**values, name_folded=fold(data.name), **refs)
    zone.milestones = [Milestone(**m.model_dump()) for m in data.milestones]
    zone.land = [ZoneLand(**row.model_dump()) for row in data.land]
    session.add(zone)
    _commit(session, actor, zone, "create", None)
    return zone


REQUIRED_ON_UPDATE = (
    "code", "name", "craft_village", "name_is_demo", "demo_fields", "sources", "notes"
)  # fmt: skip


def update_zone(
    session: Session, zone_id: int, data: ZoneUpdate, actor: Actor, expected: int | None = None
) -> Zone:
    """Change a zone; ``expected`` (from ``If-Match``) or ``data.version`` is the version the
    client read: 409 if the zone changed since."""
    zone = get_zone(session, zone_id, actor, Action.change)
    changes, errors = update_changes(
        zone.version, data, expected, REQUIRED_ON_UPDATE, ("admin_unit", "parent"),
        "zone.stale_version",
    )  # fmt: skip
    before = snapshot(zone)
    refs, ref_errors = validation.resolve_refs(session, data, zone.kind, zone.id)
    errors = ref_errors + errors
    if "planned_area_ha" in changes:
        # Only the planned area can make stored land figures exceed it: name that field.
        errors += [
            FieldError("planned_area_ha", e.key, e.params)
            for e in validation.check_land(list(zone.land), changes["planned_area_ha"])
            if e.key == "land.leasable_over_planned"
        ][:1]
    if "admin_unit" in refs and actor.scoped and zone.id not in actor.zone_ids:
        # A user limited to some units may move a zone only to a unit inside the limit.
        unit = refs["admin_unit"]
        if unit is None or unit.id not in actor.unit_ids:
            raise Forbidden("zone.out_of_scope")
    if errors:
        raise ValidationFailed(fields=errors)
    for name, value in {**changes, **refs}.items():
        setattr(zone, name, value)
    if "name" in changes:
        zone.name_folded = fold(zone.name)
    _commit(session, actor, zone, "update", before)
    return zone


def delete_zone(session: Session, zone_id: int, actor: Actor, expected: int | None = None) -> None:
    zone = get_zone(session, zone_id, actor, Action.delete)
    check_version(zone.version, expected, "zone.stale_version")
    if session.scalar(select(Zone.id).where(Zone.parent_id == zone.id).limit(1)) is not None:
        raise Conflict("zone.has_expansions")
    # A user limited to this zone would lose the limit with it, and so gain the province.
    if session.scalar(select(UserScope.id).where(UserScope.zone_id == zone.id).limit(1)):
        raise Conflict("zone.has_scoped_users")
    before = snapshot(zone)
    session.delete(zone)
    _commit(session, actor, zone, "delete", before)


def add_milestone(session: Session, zone_id: int, data: MilestoneCreate, actor: Actor) -> Milestone:
    zone = get_zone(session, zone_id, actor, Action.change)
    before = snapshot(zone)
    rows: list[Milestone | MilestoneCreate] = [*zone.milestones, data]
    errors = validation.errors_of_row(
        validation.check_milestones(zone.kind, rows), "milestones", len(rows) - 1, data.kind
    )
    if errors:
        raise ValidationFailed(fields=errors)
    milestone = Milestone(**data.model_dump())
    zone.milestones.append(milestone)
    _touch(zone)
    _commit(session, actor, zone, "update", before)
    return milestone


def _touch(zone: Zone) -> None:
    """A change to a zone's milestones or land is a change to the zone: bump its version."""
    zone.updated_at = utcnow()


def update_milestone(
    session: Session, zone_id: int, milestone_id: int, data: MilestoneUpdate, actor: Actor
) -> Milestone:
    zone = get_zone(session, zone_id, actor, Action.change)
    position = next((i for i, m in enumerate(zone.milestones) if m.id == milestone_id), None)
    if position is None:
        raise NotFound("milestone.not_found", id=milestone_id)
    before = snapshot(zone)
    milestone = zone.milestones[position]
    changes = data.model_dump(exclude_unset=True)
    candidate = MilestoneCreate.model_validate(
        {**MilestoneRead.model_validate(milestone).model_dump(exclude={"id"}), **changes}
        | {k: "" for k in ("note", "source") if changes.get(k, "") is None}
    )
    rows: list[Milestone | MilestoneCreate] = list(zone.milestones)
    rows[position] = candidate
    errors = validation.errors_of_row(
        validation.check_milestones(zone.kind, rows), "milestones", position, milestone.kind
    )
    if errors:
        raise ValidationFailed(fields=errors)
    for name in changes:
        setattr(milestone, name, getattr(candidate, name))
    _touch(zone)
    _commit(session, actor, zone, "update", before)
    return milestone


def delete_milestone(session: Session, zone_id: int, milestone_id: int, actor: Actor) -> None:
    zone = get_zone(session, zone_id, actor, Action.change)
    milestone = next((m for m in zone.milestones if m.id == milestone_id), None)
    if milestone is None:
        raise NotFound("milestone.not_found", id=milestone_id)
    before = snapshot(zone)
    zone.milestones.remove(milestone)
    _touch(zone)
    _commit(session, actor, zone, "update", before)


def add_land(session: Session, zone_id: int, data: LandCreate, actor: Actor) -> ZoneLand:
    zone = get_zone(session, zone_id, actor, Action.change)
    before = snapshot(zone)
    rows: list[ZoneLand | LandCreate] = [*zone.land, data]
    errors = validation.errors_of_row(
        validation.check_land(rows, zone.planned_area_ha), "land", len(rows) - 1
    )
    if errors:
        raise ValidationFailed(fields=errors)
    row = ZoneLand(**data.model_dump())
    zone.land.append(row)
    _touch(zone)
    _commit(session, actor, zone, "update", before)
    session.refresh(row)
    return row


LAND_COLUMNS = (
    "as_of", "industrial_leasable_ha", "service_leasable_ha", "industrial_leased_ha",
    "service_leased_ha", "source", "is_demo",
)  # fmt: skip


def update_land(
    session: Session, zone_id: int, land_id: int, data: LandUpdate, actor: Actor
) -> ZoneLand:
    """Correct one land row; the rows are checked as a whole, as when one is added."""
    zone = get_zone(session, zone_id, actor, Action.change)
    row = next((r for r in zone.land if r.id == land_id), None)
    if row is None:
        raise NotFound("land.not_found", id=land_id)
    before = snapshot(zone)
    changes = data.model_dump(exclude_unset=True)
    for name in ("as_of", "is_demo", *LAND_COLUMNS[1:5]):
        if name in changes and changes[name] is None:
            raise ValidationFailed(fields=[FieldError(name, "field.required")])
    if changes.get("source", "") is None:
        changes["source"] = ""
    current = {name: getattr(row, name) for name in LAND_COLUMNS}
    candidate = LandCreate.model_validate({**current, **changes})
    # The corrected row last, so that an error it causes (a date another row has) is its own.
    rows: list[ZoneLand | LandCreate] = [r for r in zone.land if r is not row] + [candidate]
    errors = validation.errors_of_row(
        validation.check_land(rows, zone.planned_area_ha), "land", len(rows) - 1
    )
    if errors:
        raise ValidationFailed(fields=errors)
    for name in changes:
        setattr(row, name, getattr(candidate, name))
    _touch(zone)
    _commit(session, actor, zone, "update", before)
    return row


def delete_land(session: Session, zone_id: int, land_id: int, actor: Actor) -> None:
    zone = get_zone(session, zone_id, actor, Action.change)
    row = next((r for r in zone.land if r.id == land_id), None)
    if row is None:
        raise NotFound("land.not_found", id=land_id)
    before = snapshot(zone)
    zone.land.remove(row)
    _touch(zone)
    _commit(session, actor, zone, "update", before)


def _commit(
    session: Session, actor: Actor, zone: Zone, action: str, before: dict[str, Any] | None
) -> None:
    """The change and its audit record, or neither (see :func:`kcn.kit.resources.commit`)."""
    commit(session, actor, "zone", zone, action, before, snapshot, zone.name, "zone.stale_version")


# --- read by other domains ------------------------------------------------------------------


def infrastructure(
    session: Session, zone_id: int, as_of: date | None = None
) -> Infrastructure | None:
    """Power, water and wastewater capacity of a zone from its latest facts sheet on or
    before ``as_of`` (default: the latest), or None when the zone has published none."""
    stmt = select(ZoneFacts).where(ZoneFacts.zone_id == zone_id)
    if as_of is not None:
        stmt = stmt.where(ZoneFacts.as_of <= as_of)
    facts = session.scalar(stmt.order_by(ZoneFacts.as_of.desc(), ZoneFacts.id.desc()).limit(1))
    if facts is None:
        return None
    return Infrastructure(
        zone_id=zone_id,
        as_of=facts.as_of,
        power_kv=facts.power_kv,
        power_mva=facts.power_mva,
        water_m3_day=facts.water_m3_day,
        wastewater_m3_day=facts.wastewater_m3_day,
        is_demo="infrastructure" in facts.demo_fields,
    )
