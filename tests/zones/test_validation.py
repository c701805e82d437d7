"""Zone validation: 422 in one error shape naming the field, nothing written; the cluster
size rule (Decree 32/2024)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.zones.factories import (
    API,
    assert_error_shape,
    assert_invalid,
    cluster_payload,
    counts,
    create,
    has_vietnamese_diacritics,
    park_payload,
    read,
    unfilled,
    without,
)

# --- 2. validation: 422, one error shape, the field named, nothing written ------------------

_LAND_ROW = {"as_of": "2023-12-31", "industrial_leasable_ha": "10.00"}

CREATE_CASES = [
    pytest.param(without(park_payload(), "code"), "code", "field.required", id="missing-code"),
    pytest.param(without(park_payload(), "kind"), "kind", "field.required", id="missing-kind"),
    pytest.param(without(park_payload(), "name"), "name", "field.required", id="missing-name"),
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
    assert "75" in vi and has_vietnamese_diacritics(vi)


def test_parks_have_no_cluster_size_warning(client: TestClient) -> None:
    zone = create(client, park_payload(planned_area_ha="8.00", land=[], admin_unit="223"))
    assert zone["warnings"] == []
