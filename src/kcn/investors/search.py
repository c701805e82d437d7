"""What the public investor view shows: zones with land to lease, found by the area needed,
sector, distance to a seaport and rent; zones side by side; a zone's public facts.

Only public fields are read: the zone's name, kind, unit, planned area and available land, and
its facts sheet. Nothing internal — notes, milestones and dossier status, land clearance,
enterprises' requests — is ever put in what this module returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.text import fold
from kcn.models import Zone, ZoneFacts, ZoneLand
from kcn.zones import facts as zone_facts
from kcn.zones.facts_schemas import FactsRead

MAX_COMPARE = 4


@dataclass(frozen=True)
class Offer:
    """A zone as an investor sees it."""

    id: int
    code: str
    kind: str
    name: str
    name_en: str | None
    unit: str | None
    unit_en: str | None
    planned_area_ha: Decimal | None
    available_ha: Decimal | None
    land_as_of: date | None
    land_is_demo: bool
    name_is_demo: bool
    facts: FactsRead | None
    location: tuple[float, float] | None


@dataclass
class Criteria:
    area_ha: Decimal | None = None  # at least this much land still to lease
    sector: str | None = None
    max_port_km: Decimal | None = None
    max_rent: Decimal | None = None  # USD/m²
    kind: str | None = None

    def matches(self, offer: Offer) -> bool:
        f = offer.facts
        if self.kind and offer.kind != self.kind:
            return False
        if self.area_ha is not None and (offer.available_ha or 0) < self.area_ha:
            return False
        if self.sector:
            text = fold(" ".join([f.sectors, f.sectors_en])) if f else ""
            if fold(self.sector) not in text:
                return False
        if self.max_port_km is not None and (
            f is None or f.seaport_km is None or f.seaport_km > self.max_port_km
        ):
            return False
        return self.max_rent is None or (
            f is not None and f.rent_usd_m2 is not None and f.rent_usd_m2 <= self.max_rent
        )


# A little under the figure asked, so that the database's arithmetic (floating point on
# SQLite) never drops a zone that :meth:`Criteria.matches` keeps; matches() has the last word.
_SLACK = Decimal("0.01")


def _latest_facts() -> Any:
    """Each zone's newest facts sheet: (zone_id, as_of)."""
    return (
        select(ZoneFacts.zone_id, func.max(ZoneFacts.as_of).label("as_of"))
        .group_by(ZoneFacts.zone_id)
        .subquery("latest_facts")
    )


def _latest_land(today: date) -> Any:
    """Each zone's newest land sheet up to ``today``: (zone_id, as_of)."""
    return (
        select(ZoneLand.zone_id, func.max(ZoneLand.as_of).label("as_of"))
        .where(ZoneLand.as_of <= today)
        .group_by(ZoneLand.zone_id)
        .subquery("latest_land")
    )


def _rows(
    session: Session, today: date, criteria: Criteria | None = None, code: str | None = None
) -> list[tuple[Zone, ZoneFacts | None, ZoneLand | None]]:
    """Zones with their newest facts and land sheets, in one query. With ``criteria``: only
    zones with facts, narrowed in SQL by the criteria (all but the sector, whose folded text
    match is checked in Python); with ``code``: that zone, facts or not."""
    facts, land = _latest_facts(), _latest_land(today)
    stmt = (
        select(Zone, ZoneFacts, ZoneLand)
        .outerjoin(facts, facts.c.zone_id == Zone.id)
        .outerjoin(ZoneFacts, (ZoneFacts.zone_id == Zone.id) & (ZoneFacts.as_of == facts.c.as_of))
        .outerjoin(land, land.c.zone_id == Zone.id)
        .outerjoin(ZoneLand, (ZoneLand.zone_id == Zone.id) & (ZoneLand.as_of == land.c.as_of))
        .options(selectinload(Zone.admin_unit))
    )
    if code is not None:
        stmt = stmt.where(Zone.code == code)
    if criteria is not None:
        stmt = stmt.where(ZoneFacts.id.is_not(None))
        if criteria.kind:
            stmt = stmt.where(Zone.kind == criteria.kind)
        if criteria.area_ha is not None:
            available = (
                ZoneLand.industrial_leasable_ha
                + ZoneLand.service_leasable_ha
                - ZoneLand.industrial_leased_ha
                - ZoneLand.service_leased_ha
            )
            stmt = stmt.where(func.coalesce(available, 0) >= criteria.area_ha - _SLACK)
        if criteria.max_port_km is not None:
            stmt = stmt.where(ZoneFacts.seaport_km <= criteria.max_port_km + _SLACK)
        if criteria.max_rent is not None:
            stmt = stmt.where(ZoneFacts.rent_usd_m2 <= criteria.max_rent + _SLACK)
    return [(z, f, land_row) for z, f, land_row in session.execute(stmt).all()]


def _offer(zone: Zone, sheet: ZoneFacts | None, land: ZoneLand | None) -> Offer:
    location = None
    if sheet is not None and sheet.location:
        lon, lat = sheet.location["coordinates"][:2]
        location = (float(lon), float(lat))
    return Offer(
        id=zone.id,
        code=zone.code,
        kind=zone.kind,
        name=zone.name,
        name_en=zone.name_en,
        unit=zone.admin_unit.name if zone.admin_unit else None,
        unit_en=zone.admin_unit.name_en if zone.admin_unit else None,
        planned_area_ha=zone.planned_area_ha,
        available_ha=land.available_ha if land else None,
        land_as_of=land.as_of if land else None,
        land_is_demo=bool(land and land.is_demo),
        name_is_demo=zone.name_is_demo,
        facts=zone_facts.to_read(sheet) if sheet is not None else None,
        location=location,
    )


def find(session: Session, criteria: Criteria) -> list[Offer]:
    """The zones with published facts that meet ``criteria``, most land available first.

    The database narrows the zones (kind, land, seaport, rent); only those are read and
    turned into offers, then :meth:`Criteria.matches` checks each exactly (and the sector)."""
    rows = _rows(session, date.today(), criteria)
    found = [o for o in (_offer(*row) for row in rows) if criteria.matches(o)]
    return sorted(found, key=lambda o: (-(o.available_ha or 0), o.code))


def offer(session: Session, code: str) -> Offer:
    rows = _rows(session, date.today(), code=code.upper())
    if not rows:
        raise NotFound("zone.not_found", id=code)
    return _offer(*rows[0])


def compare(session: Session, codes: list[str]) -> list[Offer]:
    """Up to four zones side by side, in the order asked; more is a field error."""
    codes = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    if len(codes) > MAX_COMPARE:
        raise ValidationFailed(
            fields=[FieldError("zone", "investors.compare_too_many", {"max": MAX_COMPARE})]
        )
    return [offer(session, code) for code in codes]
