"""Registered vs actual per project and zone, idle land, expansion demand beside the land a
zone has left."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kcn.kit import metrics
from tests.enterprises.factories import PARK, lease_payload
from tests.monitoring.factories import report_payload
from tests.monitoring.test_reports import own_project

URL = "/api/v1/monitoring"


def test_registered_beside_reported(client: TestClient, session: Session) -> None:
    mine = own_project(client, session, 11, capital_usd="2000000.00", land_ha="3.00",
                       workers_planned=400)  # fmt: skip
    params = {"period": "2024-Q2", "zone": PARK, "as_of": "2024-08-01"}
    before = client.get(f"{URL}/registered-vs-actual", params=params).json()["total"]
    client.post("/api/v1/periodic-reports", json=report_payload(
        mine, "2024-Q2", capital_implemented_usd="500000.00", workers_vietnamese=120,
        workers_foreign=5))  # fmt: skip
    body = client.get(f"{URL}/registered-vs-actual", params=params).json()
    row = next(p for p in body["projects"] if p["project"] == mine)
    assert (row["capital_registered_usd"], row["capital_implemented_usd"]) == (
        "2000000.00", "500000.00")  # fmt: skip
    assert (row["land_registered_ha"], row["workers_registered"], row["workers_reported"]) == (
        "3.00", 400, 125)  # fmt: skip
    after = body["total"]
    delta = Decimal(after["capital_registered_usd_million"]) - Decimal(
        before["capital_registered_usd_million"])  # fmt: skip
    assert delta == 2
    assert Decimal(after["workers_reported"]) - Decimal(before["workers_reported"]) == 125
    assert Decimal(after["land_registered_ha"]) - Decimal(before["land_registered_ha"]) == 3
    (zone,) = body["zones"]
    assert zone["zone"] == PARK and zone["reports_filed"] == after["reports_filed"]
    pct = metrics.compute(session, "monitoring.capital_implementation_pct", **params).value
    assert zone["capital_implementation_pct"] == str(pct)


def test_idle_land_is_flagged_until_the_project_operates(
    client: TestClient, session: Session
) -> None:
    mine = own_project(client, session, 12, status="under_construction",
                       certificate_date="2019-01-10")  # fmt: skip
    lease = client.post("/api/v1/leases", json=lease_payload(mine, start_date="2019-03-01",
                                                               area_ha="1.50"))  # fmt: skip
    assert lease.status_code == 201, lease.text
    params = {"zone": PARK, "as_of": "2024-06-30"}
    idle = metrics.compute(session, "monitoring.idle_land_ha", **params).exact
    count = metrics.compute(session, "monitoring.idle_projects", **params).exact
    assert idle is not None and idle >= Decimal("1.50") and count is not None and count >= 1
    # Not yet idle with a longer grace period (the lease is 21 quarters old).
    later = metrics.compute(session, "monitoring.idle_land_ha", **params, quarters=22).exact
    assert later == idle - Decimal("1.50")
    # A report with revenue shows the project operates: no longer idle.
    client.post("/api/v1/periodic-reports", json=report_payload(mine, "2024-Q1"))
    assert metrics.compute(session, "monitoring.idle_land_ha", **params).exact == idle - Decimal(
        "1.50")  # fmt: skip


def test_expansion_demand_beside_the_land_left(client: TestClient, session: Session) -> None:
    mine = own_project(client, session, 13)
    plan = {"expansion_land_ha": "4.50", "expansion_workers": 200,
            "expansion_capital_usd": "3000000.00", "expansion_year": 2031}  # fmt: skip
    client.post("/api/v1/periodic-reports", json=report_payload(mine, "2024-Q2", **plan))
    body = client.get(
        f"{URL}/expansion-demand", params={"period": "2024-Q2", "as_of": "2024-06-30"}
    ).json()
    assert 2031 in body["years"]
    zone = next(z for z in body["zones"] if z["zone"] == PARK)
    year = next(y for y in zone["by_year"] if y["year"] == 2031)
    assert (year["expansion_land_ha"], year["expansion_workers"]) == ("4.50", "200")
    assert year["expansion_capital_usd_million"] == "3.00"
    left = metrics.compute(session, "monitoring.zone_available_ha", zone=PARK, as_of="2024-06-30")
    assert zone["available_ha"] == str(left.value) and left.value is not None and left.value > 0
    assert Decimal(zone["expansion_land_ha"]) >= Decimal("4.50")
