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

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.text import fold
from kcn.models import Zone, ZoneFacts
from kcn.zones import facts as zone_facts
from kcn.zones import service as zone_service
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


def _offers(session: Session, zones: list[Zone]) -> list[Offer]:
    today = date.today()
    sheets = zone_facts.latest_by_zone(session, [z.id for z in zones])
    out = []
    for z in zones:
        land = zone_service.latest_land(z, today)
        sheet = sheets.get(z.id)
        location = None
        if sheet is not None and sheet.location:
            lon, lat = sheet.location["coordinates"][:2]
            location = (float(lon), float(lat))
        out.append(
            Offer(
                id=z.id,
                code=z.code,
                kind=z.kind,
                name=z.name,
                name_en=z.name_en,
                unit=z.admin_unit.name if z.admin_unit else None,
                unit_en=z.admin_unit.name_en if z.admin_unit else None,
                planned_area_ha=z.planned_area_ha,
                available_ha=land.available_ha if land else None,
                land_as_of=land.as_of if land else None,
                land_is_demo=bool(land and land.is_demo),
                name_is_demo=z.name_is_demo,
                facts=zone_facts.to_read(sheet) if sheet is not None else None,
                location=location,
            )
        )
    return out


def _zones(session: Session) -> list[Zone]:
    stmt = (
        select(Zone)
        .where(Zone.id.in_(select(ZoneFacts.zone_id)))
        .options(selectinload(Zone.admin_unit), selectinload(Zone.land))
        .order_by(Zone.kind, Zone.code)
    )
    return list(session.scalars(stmt))


def find(session: Session, criteria: Criteria) -> list[Offer]:
    """The zones with published facts that meet ``criteria``, most land available first."""
    found = [o for o in _offers(session, _zones(session)) if criteria.matches(o)]
    return sorted(found, key=lambda o: (-(o.available_ha or 0), o.code))


def offer(session: Session, code: str) -> Offer:
    zone = session.scalar(
        select(Zone)
        .where(Zone.code == code.upper())
        .options(selectinload(Zone.admin_unit), selectinload(Zone.land))
    )
    if zone is None:
        raise NotFound("zone.not_found", id=code)
    return _offers(session, [zone])[0]


def compare(session: Session, codes: list[str]) -> list[Offer]:
    """Up to four zones side by side, in the order asked; more is a field error."""
    codes = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    if len(codes) > MAX_COMPARE:
        raise ValidationFailed(
            fields=[FieldError("zone", "investors.compare_too_many", {"max": MAX_COMPARE})]
        )
    return [offer(session, code) for code in codes]
