"""A land row corrected or deleted through the API: the same checks as adding one, and one
audit entry holding the old and new values."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from tests.zones.factories import API, create, park_payload, read


def _land_id(client: TestClient, zone_id: int) -> int:
    return int(client.get(f"{API}/{zone_id}/land").json()[0]["id"])


def test_a_land_row_is_corrected_and_audited(client: TestClient) -> None:
    zone = create(client, park_payload())
    land_id = _land_id(client, zone["id"])
    response = client.patch(
        f"{API}/{zone['id']}/land/{land_id}", json={"industrial_leased_ha": "70.5"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["industrial_leased_ha"] == "70.50"
    assert response.json()["industrial_leasable_ha"] == "90.00"  # untouched
    trail = client.get(f"{API}/{zone['id']}/history").json()
    before, after = trail[0]["before"]["land"][0], trail[0]["after"]["land"][0]
    old, new = before["industrial_leased_ha"], after["industrial_leased_ha"]
    assert (Decimal(old), Decimal(new)) == (Decimal("60.25"), Decimal("70.5"))


def test_a_correction_is_checked_like_a_new_row(client: TestClient) -> None:
    zone = create(client, park_payload())
    land_id = _land_id(client, zone["id"])
    response = client.patch(
        f"{API}/{zone['id']}/land/{land_id}", json={"industrial_leased_ha": "95"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "industrial_leased_ha"
    other = client.post(
        f"{API}/{zone['id']}/land", json={"as_of": "2024-06-30", "industrial_leasable_ha": "1"}
    )
    assert other.status_code == 201
    clash = client.patch(f"{API}/{zone['id']}/land/{land_id}", json={"as_of": "2024-06-30"})
    assert clash.status_code == 422
    assert clash.json()["error"]["fields"][0]["field"] == "as_of"


def test_a_land_row_is_deleted(client: TestClient) -> None:
    zone = create(client, park_payload())
    land_id = _land_id(client, zone["id"])
    assert client.delete(f"{API}/{zone['id']}/land/{land_id}").status_code == 204
    assert read(client, zone["id"])["land"] is None
    assert client.delete(f"{API}/{zone['id']}/land/{land_id}").status_code == 404


def test_only_writers_correct_land(client: TestClient, anon: TestClient) -> None:
    zone = create(client, park_payload())
    land_id = _land_id(client, zone["id"])
    url = f"{API}/{zone['id']}/land/{land_id}"
    assert anon.patch(url, json={"source": "x"}).status_code == 401
    assert anon.delete(url).status_code == 401
