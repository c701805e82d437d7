"""A zone's facts for investors: dated sheets of location, operator and contacts,
infrastructure, distances, rent and fees. Everyone reads them (they are what the province
publishes to investors); whoever may change a zone writes its facts — the zone board its parks,
within its scope, and an administrator — through :func:`kcn.kit.resources.commit` (audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator
from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.orm import Session, contains_eager

from kcn.audit.service import register_scope
from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, policy, restrict
from kcn.kit.resources import commit, update_changes
from kcn.models import Zone, ZoneFacts
from kcn.zones import service as zone_service
from kcn.zones.facts_schemas import FactsCreate, FactsRead, FactsUpdate
from kcn.zones.policy import in_scope
from kcn.zones.schemas import ZoneKind

COLUMNS = (
    "as_of", "location", "boundary", "operator", "operator_en", "contact_name", "contact_phone",
    "contact_email", "website", "power_kv", "power_mva", "water_m3_day", "wastewater_m3_day",
    "roads", "roads_en", "sectors", "sectors_en", "seaport_name", "seaport_km", "airport_name",
    "airport_km", "highway_exit_km", "border_gate_km", "rent_usd_m2", "rent_term", "rent_as_of",
    "management_fee_usd_m2_year", "sources", "demo_fields",
)  # fmt: skip
NOT_NULL = ("as_of", "roads", "roads_en", "sectors", "sectors_en", "sources", "demo_fields")
TEXT_DEFAULTS = {"roads": "", "roads_en": "", "sectors": "", "sectors_en": ""}


@policy(ZoneFacts)
def facts_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        return true()
    writable = restrict(select(Zone.id), Zone, actor, action)
    return ZoneFacts.zone_id.in_(writable)


# A user limited to some zones reads the audit records of those zones' facts.
register_scope(
    "zone_facts",
    lambda actor: select(ZoneFacts.id).where(
        ZoneFacts.zone_id.in_(select(Zone.id).where(in_scope(actor)))
    ),
)

SORT_KEYS: dict[str, Any] = {
    "zone": lambda f: Zone.code,
    "as_of": lambda f: ZoneFacts.as_of,
    "rent_usd_m2": lambda f: ZoneFacts.rent_usd_m2,
    "seaport_km": lambda f: ZoneFacts.seaport_km,
    "power_mva": lambda f: ZoneFacts.power_mva,
}


@dataclass
class FactsFilter:
    zone: str | None = None
    kind: str | None = None
    sort: str = "zone"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = (
            select(ZoneFacts)
            .join(Zone, Zone.id == ZoneFacts.zone_id)
            .options(contains_eager(ZoneFacts.zone))
        )
        stmt = restrict(stmt, ZoneFacts, actor, Action.view)
        if self.zone:
            stmt = stmt.where(func.upper(Zone.code) == self.zone.upper())
        if self.kind:
            stmt = stmt.where(Zone.kind == self.kind)
        return stmt

    def params(self) -> dict[str, str]:
        values = {"zone": self.zone, "kind": self.kind, "sort": self.sort}
        return {k: v for k, v in values.items() if v}


def facts_filter(
    zone: str | None = Query(None, max_length=40, description="Code of the zone."),
    kind: Annotated[
        ZoneKind | None,
        BeforeValidator(lambda v: v or None),
        Query(description="industrial_park or industrial_cluster"),
    ] = None,
    sort: str = Query("zone", max_length=40, description=f"One of {', '.join(SORT_KEYS)}."),
) -> FactsFilter:
    return FactsFilter(zone=zone or None, kind=kind or None, sort=sort)


def to_read(facts: ZoneFacts) -> FactsRead:
    values = {name: getattr(facts, name) for name in COLUMNS}
    return FactsRead(
        id=facts.id,
        zone=facts.zone.code,
        zone_id=facts.zone_id,
        zone_name=facts.zone.name,
        is_demo=facts.is_demo,
        version=facts.version,
        created_at=facts.created_at,
        updated_at=facts.updated_at,
        **values,
    )


def snapshot(facts: ZoneFacts) -> dict[str, Any]:
    """The facts as the audit trail keeps them."""
    return {"zone_id": facts.zone_id, **{n: getattr(facts, n) for n in COLUMNS}}


def get_facts(
    session: Session, facts_id: int, actor: Actor, action: Action = Action.view
) -> ZoneFacts:
    stmt = select(ZoneFacts).where(ZoneFacts.id == facts_id)
    facts = session.scalar(restrict(stmt, ZoneFacts, actor, Action.view))
    if facts is None:
        raise NotFound("zone_facts.not_found", id=facts_id)
    if action != Action.view:
        zone_service.get_zone(session, facts.zone_id, actor, action)
    return facts


def latest(session: Session, zone_id: int, as_of: date | None = None) -> ZoneFacts | None:
    """The zone's facts as published on or before ``as_of`` (default: the latest sheet)."""
    stmt = select(ZoneFacts).where(ZoneFacts.zone_id == zone_id)
    if as_of is not None:
        stmt = stmt.where(ZoneFacts.as_of <= as_of)
    return session.scalar(stmt.order_by(ZoneFacts.as_of.desc(), ZoneFacts.id.desc()).limit(1))


def latest_by_zone(session: Session, zone_ids: list[int] | None = None) -> dict[int, ZoneFacts]:
    """Every zone's latest facts sheet (one query), by zone id."""
    newest = (
        select(ZoneFacts.zone_id, func.max(ZoneFacts.as_of).label("as_of"))
        .group_by(ZoneFacts.zone_id)
        .subquery()
    )
    stmt = select(ZoneFacts).join(
        newest, (newest.c.zone_id == ZoneFacts.zone_id) & (newest.c.as_of == ZoneFacts.as_of)
    )
    if zone_ids is not None:
        stmt = stmt.where(ZoneFacts.zone_id.in_(zone_ids))
    return {f.zone_id: f for f in session.scalars(stmt)}


def _zone_by_code(session: Session, code: str) -> Zone | None:
    return session.scalar(select(Zone).where(func.upper(Zone.code) == code.upper()))


def _check_date(session: Session, zone_id: int, as_of: date, own_id: int | None) -> None:
    stmt = select(ZoneFacts.id).where(ZoneFacts.zone_id == zone_id, ZoneFacts.as_of == as_of)
    other = session.scalar(stmt)
    if other is not None and other != own_id:
        raise ValidationFailed(fields=[FieldError("as_of", "zone_facts.date_taken")])


def create_facts(session: Session, data: FactsCreate, actor: Actor) -> ZoneFacts:
    zone = _zone_by_code(session, data.zone)
    if zone is None:
        raise ValidationFailed(
            fields=[FieldError("zone", "zone_facts.zone_unknown", {"ref": data.zone})]
        )
    zone_service.get_zone(session, zone.id, actor, Action.change)
    _check_date(session, zone.id, data.as_of, None)
    values = data.model_dump(exclude={"zone"})
    values = {k: v for k, v in values.items() if v is not None}
    facts = ZoneFacts(zone_id=zone.id, zone=zone, **{**TEXT_DEFAULTS, **values})
    facts.sources = {str(k): v for k, v in (data.sources or {}).items()}
    facts.demo_fields = list(data.demo_fields or [])
    session.add(facts)
    _commit(session, actor, facts, "create", None)
    return facts


def update_facts(
    session: Session, facts_id: int, data: FactsUpdate, actor: Actor, expected: int | None = None
) -> ZoneFacts:
    facts = get_facts(session, facts_id, actor, Action.change)
    changes, errors = update_changes(
        facts.version, data, expected, NOT_NULL, (), "zone_facts.stale_version"
    )
    if errors:
        raise ValidationFailed(fields=errors)
    if "as_of" in changes:
        _check_date(session, facts.zone_id, changes["as_of"], facts.id)
    before = snapshot(facts)
    for name, value in changes.items():
        setattr(facts, name, value)
    _commit(session, actor, facts, "update", before)
    return facts


def delete_facts(
    session: Session, facts_id: int, actor: Actor, expected: int | None = None
) -> None:
    facts = get_facts(session, facts_id, actor, Action.delete)
    update_changes(facts.version, FactsUpdate(), expected, (), (), "zone_facts.stale_version")
    before = snapshot(facts)
    session.delete(facts)
    _commit(session, actor, facts, "delete", before)


def _commit(
    session: Session, actor: Actor, facts: ZoneFacts, action: str, before: dict[str, Any] | None
) -> None:
    label = facts.zone.name if facts.zone is not None else str(facts.zone_id)
    commit(session, actor, "zone_facts", facts, action, before, snapshot, label,
           "zone_facts.stale_version")  # fmt: skip
