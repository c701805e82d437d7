"""The zone API under /api/v1/zones: create, read, update, delete; validation and the one error
shape; messages in the request's language; optimistic concurrency; the cluster size rule;
milestones and land; the list with its filters, sorting and pagination; the exports.

Every test runs on SQLite and on PostgreSQL (see tests/conftest.py) against the demo registry
of Bắc Giang (89 zones), inside a transaction that is rolled back afterwards.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.kit.text import fold
from kcn.models import AdminUnit, Zone
from kcn.zones.pipeline import MILESTONES
from tests.zones.factories import (
    API,
    H1,
    assert_error_shape,
    assert_invalid,
    cluster_payload,
    codes,
    counts,
    create,
    listing,
    park_payload,
    read,
    unfilled,
)

DEMO_ZONES = 89
DEMO_PARKS = 30
DEMO_CLUSTERS = 59
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _without(payload: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != key}


def in_text_order(values: list[str], descending: bool = False) -> bool:
    """Whether ``values`` are in order under byte-wise (C) collation or under a linguistic one
    that ignores punctuation and spaces (en_US.UTF-8, ICU): a database may use either."""
    bytewise = sorted(values, reverse=descending)
    linguistic = sorted(
        values, key=lambda v: re.sub(r"[^0-9a-z]", "", v.lower()), reverse=descending
    )
    return values in (bytewise, linguistic)


def _has_vietnamese_diacritics(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in text.lower() or any(unicodedata.combining(ch) for ch in decomposed)


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


# --- 2. validation: 422, one error shape, the field named, nothing written ------------------

_LAND_ROW = {"as_of": "2023-12-31", "industrial_leasable_ha": "10.00"}

CREATE_CASES = [
    pytest.param(_without(park_payload(), "code"), "code", "field.required", id="missing-code"),
    pytest.param(_without(park_payload(), "kind"), "kind", "field.required", id="missing-kind"),
    pytest.param(_without(park_payload(), "name"), "name", "field.required", id="missing-name"),
    pytest.param(park_payload(colour="red"), "colour", "field.unknown", id="unknown-field"),
    pytest.param(
        park_payload(milestones=[{"kind": "planning_task", "reached_on": "2019-01-01", "x": 1}]),
        "milestones.0.x",
        "field.unknown",
        id="unknown-nested-field",
    ),
    pytest.param(park_payload(kind="factory"), "kind", "field.choice", id="bad-kind"),
    pytest.param(park_payload(code="bad code!"), "code", "field.pattern", id="bad-code-pattern"),
    pytest.param(park_payload(code="-AB"), "code", "field.pattern", id="code-starts-with-dash"),
    pytest.param(park_payload(name="X"), "name", "field.too_short", id="name-too-short"),
    pytest.param(
        park_payload(planned_area_ha="-1.00"), "planned_area_ha", "field.min", id="negative-area"
    ),
    pytest.param(
        park_payload(planned_area_ha="120.505"),
        "planned_area_ha",
        "field.max_places",
        id="three-decimal-places",
    ),
    pytest.param(
        park_payload(planned_area_ha="lots"), "planned_area_ha", "field.number", id="not-number"
    ),
    pytest.param(
        park_payload(land=[{"as_of": "2023-12-31", "service_leasable_ha": "-0.01"}]),
        "land.0.service_leasable_ha",
        "field.min",
        id="negative-land",
    ),
    pytest.param(
        park_payload(land=[{"as_of": "2024-13-01"}]), "land.0.as_of", "field.date", id="bad-date"
    ),
    pytest.param(
        park_payload(land=[{**_LAND_ROW, "industrial_leased_ha": "10.01"}]),
        "land.0.industrial_leased_ha",
        "land.leased_over_leasable",
        id="industrial-leased-over-leasable",
    ),
    pytest.param(
        park_payload(
            land=[{"as_of": "2023-12-31", "service_leasable_ha": "2.00", "service_leased_ha": "3"}]
        ),
        "land.0.service_leased_ha",
        "land.leased_over_leasable",
        id="service-leased-over-leasable",
    ),
    pytest.param(
        park_payload(planned_area_ha="99.99"),  # the land row has 100.00 ha leasable
        "land.0.industrial_leasable_ha",
        "land.leasable_over_planned",
        id="leasable-over-planned",
    ),
    pytest.param(
        park_payload(land=[_LAND_ROW, {**_LAND_ROW, "industrial_leasable_ha": "20.00"}]),
        "land.1.as_of",
        "land.duplicate_date",
        id="duplicate-land-date",
    ),
    pytest.param(
        park_payload(milestones=[{"kind": "established", "reached_on": "2019-01-01"}]),
        "milestones.0.kind",
        "milestone.wrong_kind",
        id="cluster-milestone-on-park",
    ),
    pytest.param(
        cluster_payload(
            milestones=[
                {"kind": "planned", "reached_on": "2015-01-01"},
                {"kind": "policy_approved", "reached_on": "2016-01-01"},
            ]
        ),
        "milestones.1.kind",
        "milestone.wrong_kind",
        id="park-milestone-on-cluster",
    ),
    pytest.param(
        park_payload(milestones=[{"kind": "groundbreaking", "reached_on": "2019-01-01"}]),
        "milestones.0.kind",
        "field.choice",
        id="unknown-milestone",
    ),
    pytest.param(
        park_payload(
            milestones=[
                {"kind": "zoning_plan", "reached_on": "2019-01-01"},
                {"kind": "zoning_plan", "reached_on": "2019-02-01"},
            ]
        ),
        "milestones.1.kind",
        "milestone.duplicate",
        id="duplicate-milestone",
    ),
    pytest.param(
        park_payload(milestones=[{"kind": "zoning_plan", "document_number": "1/QĐ"}]),
        "milestones.0.reached_on",
        "milestone.needs_date",
        id="milestone-without-date",
    ),
    pytest.param(park_payload(admin_unit="999"), "admin_unit", "admin_unit.unknown", id="unit"),
    pytest.param(
        park_payload(parent="NO-SUCH-ZONE"), "parent", "zone.parent_unknown", id="unknown-parent"
    ),
    pytest.param(
        cluster_payload(parent="KCN-HOA-PHU"),
        "parent",
        "zone.parent_other_kind",
        id="parent-of-other-kind",
    ),
    pytest.param(
        park_payload(code="kcn-dinh-tram"), "code", "zone.code_taken", id="duplicate-code"
    ),
    pytest.param(
        park_payload(geometry={"type": "Circle", "coordinates": [106.1, 21.2]}),
        "geometry",
        "geometry.bad_type",
        id="geometry-wrong-type",
    ),
    pytest.param(
        park_payload(geometry={"type": "Polygon"}),
        "geometry",
        "geometry.no_coordinates",
        id="geometry-no-coordinates",
    ),
    pytest.param(
        park_payload(geometry={"type": "GeometryCollection", "coordinates": []}),
        "geometry",
        "geometry.no_coordinates",
        id="geometry-collection-without-geometries",
    ),
    pytest.param(
        park_payload(geometry="POINT (106.1 21.2)"),
        "geometry",
        "field.object",
        id="geometry-not-an-object",
    ),
]


@pytest.mark.parametrize(("payload", "field", "code"), CREATE_CASES)
def test_create_refuses_bad_input(
    client: TestClient, session: Session, payload: dict[str, Any], field: str, code: str
) -> None:
    before = counts(session)
    assert_invalid(client.post(API, json=payload), field, code)
    assert counts(session) == before


def test_create_refuses_milestones_dated_out_of_pipeline_order(
    client: TestClient, session: Session
) -> None:
    payload = park_payload(
        milestones=[
            {"kind": "policy_approved", "reached_on": "2020-01-01"},
            {"kind": "operating", "reached_on": "2019-06-01"},
        ]
    )
    before = counts(session)
    error = assert_error_shape(client.post(API, json=payload), 422, "validation_failed")
    assert [f["code"] for f in error["fields"]] == ["milestone.out_of_order"]
    field = error["fields"][0]["field"]
    assert field.startswith("milestones.") and field.endswith(".reached_on"), field
    assert counts(session) == before


def test_order_error_names_the_milestone_by_its_position_in_the_request(
    client: TestClient,
) -> None:
    """Field paths are positions in the request (``land.0.as_of``, ``milestones.1.kind``), so a
    client can put the message next to the input. The out-of-order error must follow suit:
    ``milestones.1.reached_on``, not ``milestones.operating.reached_on``."""
    payload = park_payload(
        milestones=[
            {"kind": "policy_approved", "reached_on": "2020-01-01"},
            {"kind": "operating", "reached_on": "2019-06-01"},
        ]
    )
    assert_invalid(client.post(API, json=payload), "milestones.1.reached_on")


def test_a_valid_list_of_milestones_in_any_list_order_is_accepted(client: TestClient) -> None:
    """Order is about dates along the pipeline, not positions in the list."""
    payload = park_payload(
        milestones=[
            {"kind": "policy_approved", "reached_on": "2021-01-01"},
            {"kind": "planning_task", "reached_on": "2018-01-01"},
            {"kind": "operating", "target_date": "2030-01-01"},
            {"kind": "zoning_plan", "reached_on": "2019-01-01"},
        ]
    )
    zone = create(client, payload)
    assert zone["stage"] == "policy_approved"


def test_several_problems_are_reported_together(client: TestClient, session: Session) -> None:
    before = counts(session)
    payload = park_payload(kind="factory", planned_area_ha="-1", colour="red")
    error = assert_error_shape(client.post(API, json=payload), 422, "validation_failed")
    assert {f["field"] for f in error["fields"]} >= {"kind", "planned_area_ha", "colour"}
    assert counts(session) == before


def test_malformed_json_gives_the_error_shape(client: TestClient, session: Session) -> None:
    before = counts(session)
    response = client.post(
        API, content=b'{"code": "X1", ', headers={"Content-Type": "application/json"}
    )
    error = assert_error_shape(response, 422, "validation_failed")
    assert "error.bad_json" in {f["code"] for f in error["fields"]}
    assert counts(session) == before


UPDATE_CASES = [
    pytest.param({"name": None}, "name", "field.required", id="name-null"),
    pytest.param({"code": None}, "code", "field.required", id="code-null"),
    pytest.param({"craft_village": None}, "craft_village", "field.required", id="craft-null"),
    pytest.param({"name": "X"}, "name", "field.too_short", id="name-too-short"),
    pytest.param({"code": "kcn-dinh-tram"}, "code", "zone.code_taken", id="duplicate-code"),
    pytest.param({"code": "bad code"}, "code", "field.pattern", id="bad-code-pattern"),
    pytest.param({"kind": "industrial_cluster"}, "kind", "field.unknown", id="kind-is-fixed"),
    pytest.param({"colour": "red"}, "colour", "field.unknown", id="unknown-field"),
    pytest.param({"planned_area_ha": "-5"}, "planned_area_ha", "field.min", id="negative-area"),
    pytest.param(
        {"planned_area_ha": "1.234"}, "planned_area_ha", "field.max_places", id="three-places"
    ),
    pytest.param(
        {"geometry": {"type": "Polygon"}},
        "geometry",
        "geometry.no_coordinates",
        id="geometry-no-coordinates",
    ),
    pytest.param(
        {"geometry": {"type": "Blob", "coordinates": []}},
        "geometry",
        "geometry.bad_type",
        id="geometry-wrong-type",
    ),
    pytest.param({"admin_unit": "nowhere"}, "admin_unit", "admin_unit.unknown", id="unit"),
    pytest.param({"parent": "NO-SUCH"}, "parent", "zone.parent_unknown", id="unknown-parent"),
    pytest.param({"parent": "test-park-1"}, "parent", "zone.parent_cycle", id="own-parent"),
    pytest.param({"parent": "CCN-DEMO-01"}, "parent", "zone.parent_other_kind", id="other-kind"),
    pytest.param({"version": 0}, "version", "field.min", id="version-zero"),
]


@pytest.mark.parametrize(("change", "field", "code"), UPDATE_CASES)
def test_update_refuses_bad_input(
    client: TestClient, session: Session, change: dict[str, Any], field: str, code: str
) -> None:
    zone = create(client, park_payload())
    before = read(client, zone["id"])
    counted = counts(session)
    assert_invalid(client.patch(f"{API}/{zone['id']}", json=change), field, code)
    assert read(client, zone["id"]) == before
    assert counts(session) == counted


def test_update_refuses_a_planned_area_below_the_leasable_land(client: TestClient) -> None:
    zone = create(client, park_payload())  # 100.00 ha leasable
    before = read(client, zone["id"])
    response = client.patch(f"{API}/{zone['id']}", json={"planned_area_ha": "99.00"})
    error = assert_error_shape(response, 422, "validation_failed")
    assert "land.leasable_over_planned" in {f["code"] for f in error["fields"]}
    assert read(client, zone["id"]) == before


def test_an_expansion_cannot_become_the_parent_of_its_parent(client: TestClient) -> None:
    parent = create(client, park_payload())
    create(
        client,
        park_payload(
            code="test-park-1-mr", name="KCN mở rộng", parent="TEST-PARK-1", milestones=[], land=[]
        ),
    )
    before = read(client, parent["id"])
    response = client.patch(f"{API}/{parent['id']}", json={"parent": "TEST-PARK-1-MR"})
    assert_invalid(response, "parent", "zone.parent_cycle")
    assert read(client, parent["id"]) == before


LIST_CASES = [
    pytest.param({"stage": "bogus"}, "stage", "field.choice", id="stage"),
    pytest.param({"reached": "bogus"}, "reached", "field.choice", id="reached"),
    pytest.param({"kind": "factory"}, "kind", "field.choice", id="kind"),
    pytest.param({"limit": "0"}, "limit", "field.min", id="limit-zero"),
    pytest.param({"limit": "501"}, "limit", "field.max", id="limit-too-big"),
    pytest.param({"offset": "-1"}, "offset", "field.min", id="offset-negative"),
    pytest.param({"offset": "two"}, "offset", "field.integer", id="offset-not-integer"),
    pytest.param({"as_of": "notadate"}, "as_of", "field.date", id="as-of"),
    pytest.param({"sort": "colour"}, "sort", "field.choice", id="sort"),
    pytest.param({"admin_unit": "nowhere"}, "admin_unit", "admin_unit.unknown", id="unit"),
]


@pytest.mark.parametrize(("params", "field", "code"), LIST_CASES)
def test_list_refuses_bad_query_parameters(
    client: TestClient, params: dict[str, str], field: str, code: str
) -> None:
    assert_invalid(client.get(API, params=params), field, code)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_refuses_bad_query_parameters(client: TestClient, fmt: str) -> None:
    assert_invalid(client.get(f"{API}/export.{fmt}", params={"stage": "bogus"}), "stage")


def test_export_refuses_an_unknown_format(client: TestClient) -> None:
    assert_invalid(client.get(f"{API}/export.pdf"), "fmt", "field.choice")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_message_has_its_placeholders_filled(client: TestClient, lang: str) -> None:
    """No message reaches the user with a raw ``{placeholder}`` in it, in either language."""
    headers = {"Accept-Language": lang}
    bad: list[tuple[str, str, str]] = []
    for case in CREATE_CASES:
        payload = case.values[0]
        error = client.post(API, json=payload, headers=headers).json()["error"]
        bad += [(str(case.id), f["field"], f["message"]) for f in error["fields"]]
    for case in LIST_CASES:
        error = client.get(API, params=case.values[0], headers=headers).json()["error"]
        bad += [(str(case.id), f["field"], f["message"]) for f in error["fields"]]
    assert [b for b in bad if unfilled(b[2])] == []


def test_the_minimum_is_named_in_the_message(client: TestClient) -> None:
    response = client.post(
        API, json=park_payload(planned_area_ha="-1"), headers={"Accept-Language": "en"}
    )
    error = assert_invalid(response, "planned_area_ha", "field.min")
    message = next(f["message"] for f in error["fields"] if f["field"] == "planned_area_ha")
    assert message == "Must be at least 0."


# --- 3. messages in the request's language ---------------------------------------------------


def test_messages_follow_the_request_language(client: TestClient) -> None:
    payload = park_payload(kind="factory", admin_unit="999")
    vi = assert_invalid(client.post(API, json=payload), "kind", "field.choice")
    en = assert_invalid(
        client.post(API, json=payload, headers={"Accept-Language": "en-GB,en;q=0.8"}),
        "kind",
        "field.choice",
    )
    en_query = assert_invalid(client.post(f"{API}?lang=en", json=payload), "kind")
    explicit_vi = assert_invalid(
        client.post(API, json=payload, headers={"Accept-Language": "vi"}), "kind"
    )
    assert vi["message"] != en["message"]
    assert _has_vietnamese_diacritics(vi["message"])
    assert vi["message"] == "Dữ liệu không hợp lệ; không có thay đổi nào được ghi."
    assert en["message"] == "The data is not valid; nothing was changed."
    assert en["message"].isascii()
    # Same fields and codes, different words.
    assert [(f["field"], f["code"]) for f in vi["fields"]] == [
        (f["field"], f["code"]) for f in en["fields"]
    ]
    for vi_field, en_field in zip(vi["fields"], en["fields"], strict=True):
        assert vi_field["message"] != en_field["message"]
        assert _has_vietnamese_diacritics(vi_field["message"])
    assert en_query == en
    assert explicit_vi == vi


def test_milestones_are_named_in_the_request_language(client: TestClient) -> None:
    """A Vietnamese message names milestones by their Vietnamese labels, not by API keys."""
    payload = park_payload(
        milestones=[
            {"kind": "policy_approved", "reached_on": "2020-01-01"},
            {"kind": "operating", "reached_on": "2019-06-01"},
        ]
    )
    error = assert_error_shape(client.post(API, json=payload), 422, "validation_failed")
    message = error["fields"][0]["message"]
    assert "operating" not in message and "policy_approved" not in message, message
    assert "Đang hoạt động" in message and "Đã chấp thuận chủ trương đầu tư" in message


def test_lang_parameter_wins_over_accept_language(client: TestClient) -> None:
    response = client.get(
        API, params={"stage": "bogus", "lang": "en"}, headers={"Accept-Language": "vi"}
    )
    assert assert_invalid(response, "stage")["message"] == (
        "The data is not valid; nothing was changed."
    )


def test_domain_errors_are_translated_too(client: TestClient) -> None:
    vi = assert_error_shape(client.get(f"{API}/987654"), 404, "not_found")
    en = assert_error_shape(client.get(f"{API}/987654?lang=en"), 404, "not_found")
    assert vi["message"] == "Không có khu, cụm công nghiệp số 987654."
    assert en["message"] == "No zone with id 987654."
    taken = park_payload(code="KCN-DINH-TRAM")
    code_vi = assert_invalid(client.post(API, json=taken), "code")
    english = {"Accept-Language": "en"}
    code_en = assert_invalid(client.post(API, json=taken, headers=english), "code")
    assert code_vi["fields"][0]["message"] == "Mã “KCN-DINH-TRAM” đã được dùng."
    assert code_en["fields"][0]["message"] == "The code “KCN-DINH-TRAM” is already used."


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


# --- 5. the cluster size rule (Decree 32/2024) -----------------------------------------------


@pytest.mark.parametrize(
    ("admin_unit", "area", "craft_village", "warned"),
    [
        pytest.param("223", "8.00", False, True, id="8ha-hiep-hoa"),
        pytest.param("220", "8.00", False, False, id="8ha-son-dong-mountain"),
        pytest.param("223", "80.00", False, True, id="80ha-hiep-hoa"),
        pytest.param("220", "80.00", False, True, id="80ha-son-dong"),
        pytest.param("220", "4.99", False, True, id="4.99ha-son-dong"),
        pytest.param("223", "10.00", False, False, id="10ha-hiep-hoa"),
        pytest.param("223", "75.00", False, False, id="75ha-hiep-hoa"),
        pytest.param("223", "8.00", True, False, id="8ha-craft-village"),
    ],
)
def test_cluster_size_warnings(
    client: TestClient, admin_unit: str, area: str, craft_village: bool, warned: bool
) -> None:
    payload = cluster_payload(
        admin_unit=admin_unit, planned_area_ha=area, craft_village=craft_village, land=[]
    )
    created = create(client, payload)  # a warning never refuses the zone
    for zone in (created, read(client, created["id"])):
        on_area = [w for w in zone["warnings"] if w["field"] == "planned_area_ha"]
        assert bool(on_area) == warned, zone["warnings"]
        assert all(w["message"] and not unfilled(w["message"]) for w in on_area)


def test_cluster_size_warning_follows_updates_and_language(client: TestClient) -> None:
    zone = create(client, cluster_payload(land=[]))
    assert zone["warnings"] == []
    response = client.patch(f"{API}/{zone['id']}?lang=en", json={"planned_area_ha": "80.00"})
    assert response.status_code == 200, response.text
    [warning] = response.json()["warnings"]
    assert warning["field"] == "planned_area_ha"
    assert "75" in warning["message"] and warning["message"].startswith("Above")
    vi = read(client, zone["id"])["warnings"][0]["message"]
    assert "75" in vi and _has_vietnamese_diacritics(vi)


def test_parks_have_no_cluster_size_warning(client: TestClient) -> None:
    zone = create(client, park_payload(planned_area_ha="8.00", land=[], admin_unit="223"))
    assert zone["warnings"] == []


# --- 6. milestones and land ------------------------------------------------------------------


def test_milestones_are_listed_in_pipeline_order(client: TestClient) -> None:
    zone = create(
        client,
        park_payload(
            milestones=[
                {"kind": "operating", "target_date": "2030-01-01"},
                {"kind": "policy_approved", "reached_on": "2021-01-01"},
                {"kind": "planning_task", "reached_on": "2018-01-01"},
                {"kind": "zoning_plan", "reached_on": "2019-01-01"},
            ]
        ),
    )
    response = client.get(f"{API}/{zone['id']}/milestones")
    assert response.status_code == 200, response.text
    expected = ["planning_task", "zoning_plan", "policy_approved", "operating"]
    assert [m["kind"] for m in response.json()] == expected
    assert [m["kind"] for m in read(client, zone["id"])["milestones"]] == expected


def test_add_milestone_advances_the_stage(client: TestClient, session: Session) -> None:
    zone = create(client, park_payload())
    _, milestones, _ = counts(session)
    response = client.post(
        f"{API}/{zone['id']}/milestones",
        json={
            "kind": "construction_plan_approved",
            "reached_on": "2021-02-01",
            "document_number": "45/QĐ-UBND",
            "issuing_body": "UBND tỉnh Bắc Giang",
        },
    )
    assert response.status_code == 201, response.text
    added = response.json()
    assert added["kind"] == "construction_plan_approved"
    assert added["reached_on"] == "2021-02-01"
    assert added["document_number"] == "45/QĐ-UBND"
    assert isinstance(added["id"], int)
    assert counts(session)[1] == milestones + 1
    again = read(client, zone["id"])
    assert again["stage"] == "construction_plan_approved"
    assert again["stage_reached_on"] == "2021-02-01"
    listed = client.get(f"{API}/{zone['id']}/milestones").json()
    assert [m["kind"] for m in listed] == [
        "planning_task",
        "zoning_plan",
        "construction_plan_approved",
        "policy_approved",
    ]


MILESTONE_CASES = [
    pytest.param(
        {"kind": "construction_plan_approved", "reached_on": "2019-01-01"},  # before zoning_plan
        "reached_on",
        "milestone.out_of_order",
        id="out-of-order-after",
    ),
    pytest.param(
        {"kind": "land_clearance_started", "reached_on": "2020-01-01"},  # before zoning_plan
        "reached_on",
        "milestone.out_of_order",
        id="out-of-order-gap",
    ),
    pytest.param(
        {"kind": "zoning_plan", "reached_on": "2021-01-01"},
        "kind",
        "milestone.duplicate",
        id="duplicate",
    ),
    pytest.param(
        {"kind": "established", "reached_on": "2021-01-01"},
        "kind",
        "milestone.wrong_kind",
        id="other-pipeline",
    ),
    pytest.param(
        {"kind": "groundbreaking", "reached_on": "2021-01-01"},
        "kind",
        "field.choice",
        id="unknown-kind",
    ),
    pytest.param(
        {"kind": "operating", "reached_on": "2021-02-30"}, "reached_on", "field.date", id="date"
    ),
    pytest.param(
        {"kind": "operating", "reached_on": "2030-01-01", "colour": "x"},
        "colour",
        "field.unknown",
        id="unknown-field",
    ),
    pytest.param(
        {"kind": "operating", "document_number": "1/QĐ"},
        "reached_on",
        "milestone.needs_date",
        id="no-date",
    ),
]


@pytest.mark.parametrize(("milestone", "field", "code"), MILESTONE_CASES)
def test_add_milestone_refuses_bad_input(
    client: TestClient, session: Session, milestone: dict[str, Any], field: str, code: str
) -> None:
    zone = create(client, park_payload())
    before = read(client, zone["id"])
    counted = counts(session)
    assert_invalid(client.post(f"{API}/{zone['id']}/milestones", json=milestone), field, code)
    assert counts(session) == counted
    assert read(client, zone["id"]) == before


def test_update_milestone(client: TestClient, session: Session) -> None:
    zone = create(client, park_payload())
    ids = {m["kind"]: m["id"] for m in zone["milestones"]}
    url = f"{API}/{zone['id']}/milestones"

    response = client.patch(f"{url}/{ids['zoning_plan']}", json={"reached_on": "2020-06-01"})
    assert response.status_code == 200, response.text
    assert response.json()["reached_on"] == "2020-06-01"
    assert response.json()["document_number"] == "123/QĐ-UBND"  # untouched
    assert read(client, zone["id"])["stage_reached_on"] == "2020-06-01"

    # Reaching a planned milestone moves the stage.
    response = client.patch(f"{url}/{ids['policy_approved']}", json={"reached_on": "2022-01-01"})
    assert response.status_code == 200, response.text
    assert read(client, zone["id"])["stage"] == "policy_approved"

    before = read(client, zone["id"])
    counted = counts(session)
    # Dated after a later step: refused.
    response = client.patch(f"{url}/{ids['zoning_plan']}", json={"reached_on": "2023-01-01"})
    assert_invalid(response, "reached_on", "milestone.out_of_order")
    # Neither a date reached nor a target: refused.
    response = client.patch(f"{url}/{ids['planning_task']}", json={"reached_on": None})
    assert_invalid(response, "reached_on", "milestone.needs_date")
    # Unknown fields and the kind cannot be patched.
    response = client.patch(f"{url}/{ids['planning_task']}", json={"kind": "zoning_plan"})
    assert_invalid(response, "kind", "field.unknown")
    assert read(client, zone["id"]) == before
    assert counts(session) == counted


def test_milestones_of_another_zone_or_unknown_are_404(client: TestClient) -> None:
    zone = create(client, park_payload())
    other = create(client, cluster_payload())
    foreign = other["milestones"][0]["id"]
    url = f"{API}/{zone['id']}/milestones"
    assert_error_shape(client.patch(f"{url}/{foreign}", json={"note": "x"}), 404, "not_found")
    assert_error_shape(client.delete(f"{url}/{foreign}"), 404, "not_found")
    assert_error_shape(client.delete(f"{url}/987654"), 404, "not_found")
    assert len(read(client, other["id"])["milestones"]) == 3


def test_delete_milestone_moves_the_stage_back(client: TestClient, session: Session) -> None:
    zone = create(client, park_payload())
    assert zone["stage"] == "zoning_plan"
    ids = {m["kind"]: m["id"] for m in zone["milestones"]}
    _, milestones, _ = counts(session)
    response = client.delete(f"{API}/{zone['id']}/milestones/{ids['zoning_plan']}")
    assert response.status_code == 204, response.text
    again = read(client, zone["id"])
    assert again["stage"] == "planning_task"
    assert again["stage_reached_on"] == "2019-03-01"
    assert [m["kind"] for m in again["milestones"]] == ["planning_task", "policy_approved"]
    assert counts(session)[1] == milestones - 1
    deleted_again = client.delete(f"{API}/{zone['id']}/milestones/{ids['zoning_plan']}")
    assert_error_shape(deleted_again, 404, "not_found")
    # Removing the last reached milestone leaves no stage.
    assert client.delete(f"{API}/{zone['id']}/milestones/{ids['planning_task']}").status_code == 204
    assert read(client, zone["id"])["stage"] is None


def test_add_land_row(client: TestClient, session: Session) -> None:
    zone = create(client, park_payload())
    response = client.post(
        f"{API}/{zone['id']}/land",
        json={
            "as_of": "2024-06-30",
            "industrial_leasable_ha": "95.00",
            "service_leasable_ha": "10.00",
            "industrial_leased_ha": "80.50",
            "service_leased_ha": "6.00",
        },
    )
    assert response.status_code == 201, response.text
    row = response.json()
    assert row["as_of"] == "2024-06-30"
    assert row["leasable_ha"] == "105.00"
    assert row["leased_ha"] == "86.50"
    listed = client.get(f"{API}/{zone['id']}/land").json()
    assert [r["as_of"] for r in listed] == ["2023-12-31", "2024-06-30"]
    now = read(client, zone["id"])
    assert now["land"]["as_of"] == "2024-06-30"
    assert now["occupancy_pct"] == "82.38"  # 86.50 / 105.00
    then = read(client, zone["id"], as_of="2024-01-01")
    assert then["land"]["as_of"] == "2023-12-31"
    assert then["occupancy_pct"] == "65.25"


LAND_CASES = [
    pytest.param(
        {"as_of": "2024-06-30", "industrial_leasable_ha": "10.00", "industrial_leased_ha": "12"},
        "industrial_leased_ha",
        "land.leased_over_leasable",
        id="industrial-leased-over-leasable",
    ),
    pytest.param(
        {"as_of": "2024-06-30", "service_leasable_ha": "1.00", "service_leased_ha": "1.01"},
        "service_leased_ha",
        "land.leased_over_leasable",
        id="service-leased-over-leasable",
    ),
    pytest.param(
        {"as_of": "2024-06-30", "industrial_leasable_ha": "115.00", "service_leasable_ha": "6"},
        "industrial_leasable_ha",
        "land.leasable_over_planned",
        id="leasable-over-planned",
    ),
    pytest.param({"as_of": "2023-12-31"}, "as_of", "land.duplicate_date", id="duplicate-date"),
    pytest.param({"industrial_leasable_ha": "1"}, "as_of", "field.required", id="no-date"),
    pytest.param(
        {"as_of": "2024-06-30", "service_leased_ha": "-1"},
        "service_leased_ha",
        "field.min",
        id="negative",
    ),
    pytest.param(
        {"as_of": "2024-06-30", "industrial_leasable_ha": "1.001"},
        "industrial_leasable_ha",
        "field.max_places",
        id="three-places",
    ),
    pytest.param(
        {"as_of": "2024-06-30", "industrial_leasable_ha": "many"},
        "industrial_leasable_ha",
        "field.number",
        id="not-a-number",
    ),
]


@pytest.mark.parametrize(("row", "field", "code"), LAND_CASES)
def test_add_land_refuses_bad_input(
    client: TestClient, session: Session, row: dict[str, Any], field: str, code: str
) -> None:
    zone = create(client, park_payload())
    before = read(client, zone["id"])
    counted = counts(session)
    assert_invalid(client.post(f"{API}/{zone['id']}/land", json=row), field, code)
    assert counts(session) == counted
    assert read(client, zone["id"]) == before
    assert len(client.get(f"{API}/{zone['id']}/land").json()) == 1


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
