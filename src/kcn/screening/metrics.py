"""Derived figures of the screening domain, registered in :mod:`kcn.kit.metrics`: each
zone's available land and occupancy (for land matching), the screening score of a lead, and
the investor pipeline's funnel (leads by stage reached, conversion, overdue follow-ups)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.metrics import Context, Metric, Param, Reading, register
from kcn.models import Zone, ZoneLand
from kcn.zones.metrics import lease_totals
from kcn.zones.service import occupancy_pct

ZERO = Decimal(0)


def _today(_session: Session, _params: dict[str, Any]) -> date:
    return date.today()


AS_OF = Param("as_of", date, "Date the land is read on (default: today).", default_from=_today)
ZONE = Param("zone", str, "Zone code.", required=True)


def zone_land(context: Context, as_of: date) -> dict[int, tuple[Decimal, Decimal, bool]]:
    """Per zone id: (leasable, leased, any demo figure) from the zone's latest land row on or
    before ``as_of``; leased is the sum of its leases in force when it has any (the same rule
    as ``zones.leased_ha``, zone by zone)."""

    def load() -> dict[int, tuple[Decimal, Decimal, bool]]:
        latest = (
            select(ZoneLand.zone_id, func.max(ZoneLand.as_of).label("as_of"))
            .where(ZoneLand.as_of <= as_of)
            .group_by(ZoneLand.zone_id)
            .subquery()
        )
        stmt = select(
            ZoneLand.zone_id,
            ZoneLand.industrial_leasable_ha + ZoneLand.service_leasable_ha,
            ZoneLand.industrial_leased_ha + ZoneLand.service_leased_ha,
            ZoneLand.is_demo,
        ).join(latest, (latest.c.zone_id == ZoneLand.zone_id) & (latest.c.as_of == ZoneLand.as_of))
        leases = lease_totals(context, as_of)
        out = {}
        for zone_id, leasable, leased, demo in context.session.execute(stmt):
            if zone_id in leases:
                leased, lease_demo = leases[zone_id]
                demo = demo or lease_demo
            out[zone_id] = (Decimal(leasable or 0), Decimal(leased or 0), bool(demo))
        return out

    result: dict[int, tuple[Decimal, Decimal, bool]] = context.memo(("screening.land", as_of), load)
    return result


def _zone_id(context: Context, code: str) -> int:
    found = context.memo(
        ("screening.zone", code),
        lambda: context.session.scalar(select(Zone.id).where(Zone.code == code)),
    )
    if found is None:
        raise ValidationFailed(
            fields=[FieldError("zone", "screening.unknown_zone", {"value": code})]
        )
    return int(found)


def _land_reading(context: Context, params: dict[str, Any], which: str) -> Reading:
    row = zone_land(context, params["as_of"]).get(_zone_id(context, params["zone"]))
    if row is None:
        return Reading(None, 0)
    leasable, leased, demo = row
    flags = frozenset({"demo"}) if demo else frozenset()
    value = leasable - leased if which == "available" else occupancy_pct(leased, leasable)
    return Reading(value, 1, flags)


def _available(context: Context, params: dict[str, Any]) -> Reading:
    return _land_reading(context, params, "available")


def _occupancy(context: Context, params: dict[str, Any]) -> Reading:
    return _land_reading(context, params, "occupancy")


LAND_INPUTS = (
    "zone_land.as_of",
    "zone_land.*_leasable_ha",
    "zone_land.*_leased_ha",
    "lease.area_ha",
    "lease.start_date",
    "lease.end_date",
)

METRICS = [
    Metric(
        "screening.zone_available_ha",
        "ha",
        2,
        "Quỹ đất còn trống của một khu/cụm: có thể cho thuê mà chưa cho thuê (số liệu mới nhất "
        "của khu; đã cho thuê là tổng các hợp đồng thuê còn hiệu lực nếu có).",
        "A zone's available land: leasable and not yet leased (its latest figures; leased is "
        "the sum of its leases in force when it has any).",
        "leasable − leased, for one zone",
        LAND_INPUTS,
        _available,
        (ZONE, AS_OF),
    ),
    Metric(
        "screening.zone_occupancy_pct",
        "pct",
        2,
        "Tỷ lệ lấp đầy của một khu/cụm: đã cho thuê chia có thể cho thuê.",
        "A zone's occupancy: land leased over land leasable.",
        "leased / leasable × 100, for one zone",
        LAND_INPUTS,
        _occupancy,
        (ZONE, AS_OF),
    ),
]

for _metric in METRICS:
    register(_metric)
