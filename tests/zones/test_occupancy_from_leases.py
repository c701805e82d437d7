"""The zone list, page and API read occupancy from the metric (a zone's leases when it has
any), as the summary does, not from the zone's own land row; the list sorts by the same."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.models import Lease, Project, Zone
from kcn.zones.service import latest_land, occupancy_pct
from tests.enterprises.factories import PARK


def test_list_page_and_api_show_the_lease_based_occupancy(
    client: TestClient, session: Session
) -> None:
    zone = session.scalars(select(Zone).where(Zone.code == PARK)).one()
    project = session.scalars(select(Project).where(Project.zone_id == zone.id)).first()
    assert project is not None
    session.add(Lease(project=project, zone_id=zone.id, contract_number="OCC-1",
                      land_kind="industrial", area_ha=Decimal("7.25"),
                      start_date=date(2020, 1, 1)))  # fmt: skip
    session.commit()
    land = latest_land(zone, date.today())
    assert land is not None
    from_land_row = occupancy_pct(land.leased_ha, land.leasable_ha)
    expected = metrics.compute(session, "zones.occupancy_pct", zone=PARK).value
    assert expected is not None and expected != from_land_row

    listed = client.get("/api/v1/zones", params={"q": PARK, "limit": 5}).json()["items"]
    assert [Decimal(z["occupancy_pct"]) for z in listed if z["code"] == PARK] == [expected]
    one = client.get(f"/api/v1/zones/{zone.id}").json()
    assert Decimal(one["occupancy_pct"]) == expected

    page = client.get("/zones", params={"q": PARK, "lang": "en"}).text
    rows = re.findall(r"<tr>\s*<td(?:(?!</tr>).)*</tr>", page, re.S)
    row = [r for r in rows if f">{PARK}<" in r or f'/{zone.id}"' in r]
    assert len(row) == 1 and f"{expected:.1f}%" in row[0], rows[:2]

    ordered = client.get("/api/v1/zones", params={"sort": "-occupancy_pct", "limit": 200}).json()
    values = [Decimal(z["occupancy_pct"]) for z in ordered["items"] if z["occupancy_pct"]]
    assert values == sorted(values, reverse=True)
