"""A zone's milestones and land figures through the API."""

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
    park_payload,
    read,
)

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
