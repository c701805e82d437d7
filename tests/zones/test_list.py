"""The zone list: filters, search, paging, sorting, dates and both eras of units."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.kit.text import fold
from kcn.models import AdminUnit, Zone
from kcn.zones.pipeline import MILESTONES
from tests.zones.factories import (
    API,
    DEMO_CLUSTERS,
    DEMO_PARKS,
    DEMO_ZONES,
    H1,
    codes,
    create,
    in_text_order,
    listing,
    park_payload,
    read,
)

# --- 7. the list -----------------------------------------------------------------------------


def test_list_paginates(client: TestClient) -> None:
    everything = listing(client)
    assert everything["total"] == DEMO_ZONES
    assert len(everything["items"]) == DEMO_ZONES

    default = client.get(API)
    assert (default.json()["limit"], default.json()["offset"]) == (50, 0)
    assert len(default.json()["items"]) == 50
    assert 'rel="next"' in default.headers["link"] and 'rel="prev"' not in default.headers["link"]

    seen: list[str] = []
    for offset in range(0, 90, 10):
        response = client.get(API, params={"limit": "10", "offset": str(offset)})
        body = response.json()
        assert (body["total"], body["limit"], body["offset"]) == (DEMO_ZONES, 10, offset)
        assert len(body["items"]) == (10 if offset < 80 else 9)
        assert ('rel="next"' in response.headers["link"]) == (offset < 80)
        seen += [z["code"] for z in body["items"]]
    assert seen == [z["code"] for z in everything["items"]]
    assert len(set(seen)) == DEMO_ZONES
    beyond = client.get(API, params={"limit": "10", "offset": "90"}).json()
    assert beyond["items"] == [] and beyond["total"] == DEMO_ZONES


def test_list_sorts(client: TestClient) -> None:
    by_code = [z["code"] for z in listing(client)["items"]]
    assert in_text_order(by_code)
    assert [z["code"] for z in listing(client, sort="-code")["items"]] == by_code[::-1]

    descending = listing(client, sort="-area")["items"]
    areas = [Decimal(z["planned_area_ha"]) for z in descending if z["planned_area_ha"]]
    assert len(areas) > 50
    assert areas == sorted(areas, reverse=True)
    assert areas[0] > areas[-1]
    ascending = listing(client, sort="area")["items"]
    up = [Decimal(z["planned_area_ha"]) for z in ascending if z["planned_area_ha"]]
    assert up == sorted(up)
    by_name = [fold(z["name"]) for z in listing(client, sort="-name")["items"]]
    assert in_text_order(by_name, descending=True)
    order = MILESTONES["industrial_park"]
    by_stage = listing(client, sort="stage", kind="industrial_park", as_of=H1)["items"]
    stages = [order.index(z["stage"]) for z in by_stage if z["stage"]]
    assert stages == sorted(stages) and stages[0] < stages[-1]
    # Zones without an area come last either way.
    for items in (descending, ascending):
        flags = [z["planned_area_ha"] is None for z in items]
        assert flags == sorted(flags)


def test_list_filters_by_kind(client: TestClient) -> None:
    parks = listing(client, kind="industrial_park")
    assert parks["total"] == DEMO_PARKS
    assert {z["kind"] for z in parks["items"]} == {"industrial_park"}
    clusters = listing(client, kind="industrial_cluster")
    assert clusters["total"] == DEMO_CLUSTERS
    assert {z["kind"] for z in clusters["items"]} == {"industrial_cluster"}


def test_stage_filter_is_exclusive(client: TestClient) -> None:
    page = listing(client, stage="policy_dossier_submitted", as_of=H1)
    assert page["total"] == 12
    assert len(page["items"]) == 12
    assert {z["stage"] for z in page["items"]} == {"policy_dossier_submitted"}
    assert {z["kind"] for z in page["items"]} == {"industrial_park"}
    # The stage in the list is the stage on as_of, as the detail gives it.
    first = page["items"][0]
    assert read(client, first["id"], as_of=H1)["stage"] == "policy_dossier_submitted"


def test_reached_filter_is_cumulative(client: TestClient) -> None:
    approved = listing(client, reached="policy_approved", as_of=H1)
    assert approved["total"] == 9
    order = MILESTONES["industrial_park"]
    assert all(order.index(z["stage"]) >= order.index("policy_approved") for z in approved["items"])
    assert sum(Decimal(z["planned_area_ha"]) for z in approved["items"]) == Decimal("2238.00")
    # Reached "dossier submitted" counts the pending dossiers and the approved parks.
    submitted = listing(client, reached="policy_dossier_submitted", as_of=H1)
    assert submitted["total"] == 12 + 9
    assert codes(approved) < codes(submitted)
    assert listing(client, reached="policy_approved", as_of="1990-01-01")["total"] == 0


def test_filter_by_2024_district(client: TestClient, session: Session) -> None:
    page = listing(client, admin_unit="222")
    expected = session.scalar(
        select(func.count())
        .select_from(Zone)
        .join(AdminUnit, Zone.admin_unit_id == AdminUnit.id)
        .where(AdminUnit.code == "222")
    )
    assert 0 < page["total"] == expected < DEMO_ZONES
    assert {z["admin_unit"]["code"] for z in page["items"]} == {"222"}
    assert "KCN-DINH-TRAM" in codes(page)
    assert "KCN-SONG-KHE-NOI-HOANG" not in codes(page)  # Yên Dũng (221)
    assert listing(client, admin_unit="222", as_of=H1)["total"] == expected


def test_filter_by_new_province_follows_the_2025_merger(client: TestClient) -> None:
    today = listing(client, admin_unit="province:24@2025-07-01")
    assert today["total"] == DEMO_ZONES
    assert listing(client, admin_unit="province:24@2025-07-01", as_of=H1)["total"] == 0
    # The old province lists them all in 2024.
    assert listing(client, admin_unit="province:24", as_of=H1)["total"] == DEMO_ZONES


def test_search_ignores_diacritics_and_case(client: TestClient) -> None:
    yen_lu = listing(client, q="yen lu")
    assert "Khu công nghiệp Yên Lư" in {z["name"] for z in yen_lu["items"]}
    hoa_phu = {"Khu công nghiệp Hòa Phú", "Khu công nghiệp Hòa Phú mở rộng"}
    for query in ("hoa phu", "Hòa Phú", "Hoà Phú", "HOA PHU", "  hoa   phu "):
        assert {z["name"] for z in listing(client, q=query)["items"]} == hoa_phu, query
    dinh_tram = listing(client, q="dinh tram")["items"]
    assert "Khu công nghiệp Đình Trám" in {z["name"] for z in dinh_tram}
    # LIKE wildcards in the query are literal.
    assert listing(client, q="%")["total"] == 0
    assert listing(client, q="_")["total"] == 0


def test_search_finds_a_zone_by_its_code(client: TestClient) -> None:
    """The filter searches codes as well as names; codes contain dashes."""
    assert codes(listing(client, q="kcn-dinh-tram")) == {"KCN-DINH-TRAM"}
    assert "KCN-DINH-TRAM" in codes(listing(client, q="KCN-DINH"))
    assert "CCN-DEMO-01" in codes(listing(client, q="ccn-demo-01"))


def test_search_finds_a_name_stored_with_the_old_tone_placement(client: TestClient) -> None:
    zone = create(client, park_payload(name="Khu công nghiệp Hoà Thử", milestones=[], land=[]))
    assert zone["name"] == "Khu công nghiệp Hoà Thử"  # stored as typed (NFC), not respelled
    for query in ("hòa thử", "hoa thu", "Hoà Thử", "HOA THU"):
        assert "TEST-PARK-1" in codes(listing(client, q=query)), query


def test_filters_combine(client: TestClient) -> None:
    page = listing(client, kind="industrial_park", admin_unit="222", as_of=H1, q="khu")
    assert page["total"] > 0
    assert {z["kind"] for z in page["items"]} == {"industrial_park"}
    assert {z["admin_unit"]["code"] for z in page["items"]} == {"222"}
