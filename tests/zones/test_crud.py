"""Zones through the API: create, read, update, delete, optimistic concurrency, 404 and
exports."""

from __future__ import annotations

import csv
import io
import unicodedata

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.zones.factories import (
    API,
    DEMO_PARKS,
    DEMO_ZONES,
    H1,
    XLSX,
    assert_error_shape,
    cluster_payload,
    codes,
    counts,
    create,
    listing,
    park_payload,
    read,
)

# --- 1. create, read, update, delete --------------------------------------------------------


def test_create_park_and_read_it_back(client: TestClient) -> None:
    created = create(client, park_payload())
    zone = read(client, created["id"])

    assert zone["code"] == "TEST-PARK-1"
    assert zone["kind"] == "industrial_park"
    assert zone["name"] == "Khu công nghiệp Thử Nghiệm"
    assert zone["name_en"] == "Test Industrial Park"
    assert zone["admin_unit"]["code"] == "222"
    assert zone["parent"] is None
    # Decimals come back exact, as strings with their two places.
    assert zone["planned_area_ha"] == "120.50"
    # The stage is the latest *reached* milestone; a target date alone does not count.
    assert zone["stage"] == "zoning_plan"
    assert zone["stage_reached_on"] == "2020-05-15"
    milestones = {m["kind"]: m for m in zone["milestones"]}
    assert milestones["zoning_plan"]["document_number"] == "123/QĐ-UBND"
    assert milestones["zoning_plan"]["issuing_body"] == "UBND tỉnh Bắc Giang"
    assert milestones["policy_approved"]["reached_on"] is None
    assert milestones["policy_approved"]["target_date"] == "2099-12-31"
    land = zone["land"]
    assert land["as_of"] == "2023-12-31"
    assert land["industrial_leasable_ha"] == "90.00"
    assert land["service_leasable_ha"] == "10.00"
    assert land["industrial_leased_ha"] == "60.25"
    assert land["service_leased_ha"] == "5.00"
    assert land["leasable_ha"] == "100.00"
    assert land["leased_ha"] == "65.25"
    # (60.25 + 5.00) / (90.00 + 10.00) = 65.25 %
    assert zone["occupancy_pct"] == "65.25"
    assert zone["warnings"] == []
    assert zone["version"] == 1
    assert zone["is_demo"] is False
    # The create response is the same object as the read.
    assert {k: created[k] for k in ("code", "stage", "occupancy_pct", "planned_area_ha")} == {
        k: zone[k] for k in ("code", "stage", "occupancy_pct", "planned_area_ha")
    }


def test_read_as_of_an_earlier_date(client: TestClient) -> None:
    zone = create(client, park_payload())
    earlier = read(client, zone["id"], as_of="2019-12-31")
    assert earlier["stage"] == "planning_task"
    assert earlier["stage_reached_on"] == "2019-03-01"
    assert earlier["land"] is None
    assert earlier["occupancy_pct"] is None
    assert read(client, zone["id"], as_of="2018-01-01")["stage"] is None


def test_create_cluster_and_read_it_back(client: TestClient) -> None:
    created = create(client, cluster_payload())
    zone = read(client, created["id"])
    assert zone["code"] == "TEST-CCN-1"
    assert zone["kind"] == "industrial_cluster"
    assert zone["admin_unit"]["code"] == "223"
    assert zone["planned_area_ha"] == "40.00"
    assert zone["stage"] == "operating"
    assert zone["stage_reached_on"] == "2019-09-30"
    assert [m["kind"] for m in zone["milestones"]] == ["planned", "established", "operating"]
    assert zone["land"]["leasable_ha"] == "32.00"
    assert zone["occupancy_pct"] == "37.50"  # 12 / 32
    assert zone["warnings"] == []  # 40 ha is within 10–75 ha


def test_name_is_stored_nfc_and_code_upper_case(client: TestClient) -> None:
    nfc = "Khu công nghiệp Hoà Thử Nghiệm"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    created = create(client, park_payload(code="test-nfc.1", name=f"  {nfd}  "))
    zone = read(client, created["id"])
    assert zone["name"] == nfc
    assert unicodedata.is_normalized("NFC", zone["name"])
    assert zone["code"] == "TEST-NFC.1"
    assert "TEST-NFC.1" in codes(listing(client, q="hoa thu nghiem"))


def test_update_name_and_area(client: TestClient) -> None:
    zone = create(client, park_payload())
    response = client.patch(
        f"{API}/{zone['id']}",
        json={"version": 1, "name": "Khu công nghiệp Đồng Xoài Mới", "planned_area_ha": "150.75"},
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["name"] == "Khu công nghiệp Đồng Xoài Mới"
    assert updated["planned_area_ha"] == "150.75"
    assert updated["version"] == 2
    again = read(client, zone["id"])
    assert again["name"] == "Khu công nghiệp Đồng Xoài Mới"
    assert again["planned_area_ha"] == "150.75"
    assert again["version"] == 2
    # Untouched fields stay.
    assert again["name_en"] == "Test Industrial Park"
    assert again["admin_unit"]["code"] == "222"
    assert again["stage"] == "zoning_plan"
    # The search key follows the new name, and no longer the old one.
    assert "TEST-PARK-1" in codes(listing(client, q="dong xoai moi"))
    assert "TEST-PARK-1" in codes(listing(client, q="Đồng Xoài"))
    assert "TEST-PARK-1" not in codes(listing(client, q="thu nghiem"))
    # Without a version the update is unconditional; the version still goes up.
    response = client.patch(f"{API}/{zone['id']}", json={"developer": "Công ty Mới"})
    assert response.status_code == 200, response.text
    assert response.json()["version"] == 3
    assert response.json()["developer"] == "Công ty Mới"


def test_update_stores_the_new_name_nfc(client: TestClient) -> None:
    zone = create(client, park_payload())
    nfc = "Khu công nghiệp Quế Võ Thử"
    response = client.patch(
        f"{API}/{zone['id']}", json={"name": unicodedata.normalize("NFD", nfc) + "  "}
    )
    assert response.status_code == 200, response.text
    assert read(client, zone["id"])["name"] == nfc
    assert "TEST-PARK-1" in codes(listing(client, q="que vo thu"))


def test_update_can_clear_optional_fields(client: TestClient) -> None:
    zone = create(client, park_payload())
    response = client.patch(
        f"{API}/{zone['id']}", json={"admin_unit": None, "planned_area_ha": None, "name_en": None}
    )
    assert response.status_code == 200, response.text
    again = read(client, zone["id"])
    assert again["admin_unit"] is None
    assert again["planned_area_ha"] is None
    assert again["name_en"] is None


def test_delete_then_404(client: TestClient, session: Session) -> None:
    zone = create(client, park_payload())
    zones, milestones, land = counts(session)
    response = client.delete(f"{API}/{zone['id']}")
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert_error_shape(client.get(f"{API}/{zone['id']}"), 404, "not_found")
    # Its milestones and land figures go with it.
    assert counts(session) == (zones - 1, milestones - 3, land - 1)
    assert_error_shape(client.delete(f"{API}/{zone['id']}"), 404, "not_found")


def test_delete_zone_with_expansion_is_refused(client: TestClient, session: Session) -> None:
    parent = create(client, park_payload())
    expansion = create(
        client,
        park_payload(
            code="test-park-1-mr",
            name="Khu công nghiệp Thử Nghiệm mở rộng",
            parent="test-park-1",
            milestones=[],
            land=[],
        ),
    )
    assert expansion["parent"]["code"] == "TEST-PARK-1"
    before = counts(session)
    assert_error_shape(client.delete(f"{API}/{parent['id']}"), 409, "conflict")
    assert counts(session) == before
    assert read(client, parent["id"])["code"] == "TEST-PARK-1"
    # The expansion itself can go, and then the parent can too.
    assert client.delete(f"{API}/{expansion['id']}").status_code == 204
    assert client.delete(f"{API}/{parent['id']}").status_code == 204


def test_demo_park_with_expansion_cannot_be_deleted(client: TestClient, session: Session) -> None:
    hoa_phu = [z for z in listing(client, q="hoa phu")["items"] if z["parent"] is None]
    assert len(hoa_phu) == 1
    before = counts(session)
    assert_error_shape(client.delete(f"{API}/{hoa_phu[0]['id']}"), 409, "conflict")
    assert counts(session) == before


# --- 4. optimistic concurrency ---------------------------------------------------------------


def test_stale_version_is_refused_and_nothing_changes(client: TestClient) -> None:
    zone = create(client, park_payload())
    first = client.patch(
        f"{API}/{zone['id']}", json={"version": 1, "name": "Khu công nghiệp Phiên Bản Hai"}
    )
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 2
    current = read(client, zone["id"])

    stale = client.patch(
        f"{API}/{zone['id']}",
        json={"version": 1, "name": "Khu công nghiệp Ghi Đè", "planned_area_ha": "130.00"},
        headers={"Accept-Language": "en"},
    )
    error = assert_error_shape(stale, 409, "conflict")
    assert error["message"] == "Someone else changed this record; reload it and try again."
    assert read(client, zone["id"]) == current
    assert "TEST-PARK-1" not in codes(listing(client, q="ghi de"))
    # A version from the future is just as stale.
    assert_error_shape(client.patch(f"{API}/{zone['id']}", json={"version": 7}), 409, "conflict")
    # With the current version the update goes through.
    ok = client.patch(f"{API}/{zone['id']}", json={"version": 2, "planned_area_ha": "130.00"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["version"] == 3


# --- 8. not found and exports ----------------------------------------------------------------


def test_unknown_zone_is_404_everywhere(client: TestClient) -> None:
    url = f"{API}/987654"
    milestone = {"kind": "planning_task", "reached_on": "2020-01-01"}
    for response in (
        client.get(url),
        client.patch(url, json={"notes": "x"}),
        client.delete(url),
        client.get(f"{url}/milestones"),
        client.post(f"{url}/milestones", json=milestone),
        client.get(f"{url}/land"),
        client.post(f"{url}/land", json={"as_of": "2024-06-30"}),
    ):
        error = assert_error_shape(response, 404, "not_found")
        assert error["fields"] == []
        assert "987654" in error["message"]
    # An id that is not a number names no zone: no route matches it.
    assert_error_shape(client.get(f"{API}/abc"), 404, "http_404")


def test_export_csv(client: TestClient) -> None:
    response = client.get(f"{API}/export.csv", params={"kind": "industrial_park", "as_of": H1})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert ".csv" in response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["Mã", "Tên"]
    assert len(header) == 12 and all(len(row) == 12 for row in body)
    assert len(body) == DEMO_PARKS
    names = {row[1] for row in body}
    assert "Khu công nghiệp Đình Trám" in names
    assert "Khu công nghiệp Yên Lư" in names
    assert all(row[0].startswith("KCN-") for row in body)
    english = client.get(f"{API}/export.csv", params={"lang": "en", "q": "dinh tram"})
    english_rows = list(csv.reader(io.StringIO(english.content.decode("utf-8-sig"))))
    assert english_rows[0][:2] == ["Code", "Name"]
    assert [r[0] for r in english_rows[1:]] == ["KCN-DINH-TRAM"]


def test_export_xlsx(client: TestClient) -> None:
    params = {"stage": "policy_dossier_submitted", "as_of": H1}
    response = client.get(f"{API}/export.xlsx", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert ".xlsx" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    listed = listing(client, **params)
    assert len(rows) == 1 + listed["total"] == 13
    assert all(isinstance(cell, str) and cell for cell in rows[0])
    assert {r[0] for r in rows[1:]} == codes(listed)
    assert {r[1] for r in rows[1:]} == {z["name"] for z in listed["items"]}
    areas = [r[5] for r in rows[1:] if r[5] is not None]
    assert areas and all(isinstance(a, int | float) for a in areas)


def test_export_xlsx_of_everything(client: TestClient) -> None:
    response = client.get(f"{API}/export.xlsx")
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.max_row == 1 + DEMO_ZONES
