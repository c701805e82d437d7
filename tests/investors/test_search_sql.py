"""The investor search narrows the zones in SQL (kind, land, seaport, rent) before it reads
them: it must find exactly what checking every zone's offer with ``Criteria.matches`` finds,
thresholds equal to the values held included (where floating point could round them away)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.investors.search import Criteria, Offer, find, offer
from kcn.models import Zone, ZoneFacts


def _expected(every: list[Offer], criteria: Criteria) -> list[Offer]:
    found = [o for o in every if criteria.matches(o)]
    return sorted(found, key=lambda o: (-(o.available_ha or 0), o.code))


def test_sql_narrowing_finds_what_matching_every_offer_finds(session: Session) -> None:
    codes = session.scalars(select(Zone.code).where(Zone.id.in_(select(ZoneFacts.zone_id))))
    every = [offer(session, code) for code in codes]
    assert len(every) >= 3
    areas = sorted({o.available_ha for o in every if o.available_ha is not None})
    rents = sorted({o.facts.rent_usd_m2 for o in every if o.facts and o.facts.rent_usd_m2})
    ports = sorted({o.facts.seaport_km for o in every if o.facts and o.facts.seaport_km})
    assert areas and rents and ports
    cases = [
        Criteria(),
        Criteria(kind="industrial_park"),
        Criteria(kind="industrial_cluster"),
        Criteria(area_ha=Decimal(0)),
        Criteria(area_ha=Decimal(100000)),
        Criteria(sector="dien tu"),
        *(Criteria(area_ha=a) for a in areas),
        *(Criteria(area_ha=a + Decimal("0.01")) for a in areas[-3:]),
        *(Criteria(max_rent=r) for r in rents),
        *(Criteria(max_rent=r - Decimal("0.01")) for r in rents[:3]),
        *(Criteria(max_port_km=k) for k in ports),
        Criteria(area_ha=areas[0], max_rent=rents[-1], max_port_km=ports[-1]),
    ]
    for criteria in cases:
        assert find(session, criteria) == _expected(every, criteria), criteria
