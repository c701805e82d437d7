"""The permission matrix: each role and anonymous × each endpoint family → expected status.
A user who may not see an object gets 404 and never sees it listed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.auth import service as auth_service
from kcn.kit.permissions import system_actor
from kcn.models import Zone
from tests.conftest import PASSWORD, TEST_SECRET
from tests.zones.factories import cluster_payload, park_payload

ROLES = [None, "admin", "zone_board", "industry_trade", "investment", "statistics", "viewer",
         "enterprise"]  # fmt: skip
INTERNAL = {"admin", "zone_board", "industry_trade", "investment", "statistics", "viewer"}
ClientAs = Callable[[str | None], TestClient]


def zone_id(session: Session, code: str) -> int:
    found = session.scalar(select(Zone.id).where(Zone.code == code))
    assert found is not None
    return found


def expected(role: str | None, allowed: set[str], anonymous: int = 401) -> int:
    if role is None:
        return anonymous
    return 0 if role in allowed else 403


FIGURE = {
    "key": "test.figure", "label_vi": "Số thử", "label_en": "Test figure", "value": "1.5",
    "unit": "pct", "period": "2024-H1", "as_of": "2024-06-30", "source": "test",
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_reads_open_to_everyone(client_as: ClientAs, session: Session, role: str | None) -> None:
    c = client_as(role)
    park = zone_id(session, "KCN-DINH-TRAM")
    assert c.get("/api/v1/zones").status_code == 200
    assert c.get(f"/api/v1/zones/{park}").status_code == 200
    assert c.get("/api/v1/zones/summary").status_code == 200
    assert c.get("/api/v1/published-figures").status_code == 200
    assert c.get("/api/v1/published-figures/reconciliation").status_code == 200
    assert c.get("/api/v1/admin-units").status_code == 200
    assert c.get("/zones").status_code == 200
    assert c.get(f"/zones/{park}").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_write_parks(client_as: ClientAs, session: Session, role: str | None) -> None:
    c = client_as(role)
    allowed = {"admin", "zone_board"}
    response = c.post("/api/v1/zones", json=park_payload())
    assert response.status_code == (expected(role, allowed) or 201), response.text
    park = zone_id(session, "KCN-YEN-LU")
    response = c.patch(f"/api/v1/zones/{park}", json={"developer": "X"})
    assert response.status_code == (expected(role, allowed) or 200)
    response = c.post(f"/api/v1/zones/{park}/land", json={"as_of": "2024-12-31"})
    assert response.status_code == (expected(role, allowed) or 201)


@pytest.mark.parametrize("role", ROLES)
def test_write_clusters(client_as: ClientAs, session: Session, role: str | None) -> None:
    c = client_as(role)
    allowed = {"admin", "industry_trade"}
    response = c.post("/api/v1/zones", json=cluster_payload())
    assert response.status_code == (expected(role, allowed) or 201), response.text
    cluster = zone_id(session, "CCN-DEMO-01")
    response = c.delete(f"/api/v1/zones/{cluster}")
    assert response.status_code == (expected(role, allowed) or 204)


@pytest.mark.parametrize("role", ROLES)
def test_write_published_figures(client_as: ClientAs, role: str | None) -> None:
    c = client_as(role)
    response = c.post("/api/v1/published-figures", json=FIGURE)
    assert response.status_code == (expected(role, {"admin", "statistics"}) or 201)


@pytest.mark.parametrize("role", ROLES)
def test_audit_is_internal(client_as: ClientAs, session: Session, role: str | None) -> None:
    c = client_as(role)
    park = zone_id(session, "KCN-DINH-TRAM")
    status = expected(role, INTERNAL) or 200
    assert c.get("/api/v1/audit").status_code == status
    assert c.get("/api/v1/audit/export.xlsx").status_code == status
    assert c.get(f"/api/v1/zones/{park}/history").status_code == status
    page = c.get("/audit")
    assert page.status_code == status
    assert ("/audit" in c.get("/zones").text) == (role in INTERNAL)


@pytest.mark.parametrize("role", ROLES)
def test_accounts(client_as: ClientAs, role: str | None) -> None:
    c = client_as(role)
    assert c.get("/api/v1/users").status_code == (expected(role, {"admin"}) or 200)
    assert c.get("/api/v1/users/me").status_code == (401 if role is None else 200)
    assert c.get("/api/v1/tokens").status_code == (401 if role is None else 200)


@pytest.mark.parametrize("role", ROLES)
def test_internal_notes_are_not_public(
    client_as: ClientAs, session: Session, role: str | None
) -> None:
    admin = client_as("admin")
    park = zone_id(session, "KCN-DINH-TRAM")
    assert admin.patch(f"/api/v1/zones/{park}", json={"notes": "Ghi chú nội bộ"}).status_code == 200
    c = client_as(role)
    notes = c.get(f"/api/v1/zones/{park}").json()["notes"]
    listed = c.get("/api/v1/zones", params={"q": "dinh tram"}).json()["items"][0]["notes"]
    page = c.get(f"/zones/{park}").text
    internal = role in INTERNAL
    assert (notes == "Ghi chú nội bộ") == internal
    assert (listed == "Ghi chú nội bộ") == internal
    assert ("Ghi chú nội bộ" in page) == internal


def test_unknown_zone_is_404_for_writers_and_readers(client: TestClient, anon: TestClient) -> None:
    assert client.patch("/api/v1/zones/999999", json={"name": "Khu X"}).status_code == 404
    assert anon.get("/api/v1/zones/999999").status_code == 404


def test_a_bad_token_is_refused(anon: TestClient) -> None:
    response = anon.get("/api/v1/zones", headers={"Authorization": "Bearer kcn_forged"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def _scoped_board_user(session: Session, **scope: tuple[str, ...]) -> str:
    actor = system_actor("test", "cli")
    data = auth_service.NewUser("scoped", PASSWORD, "zone_board", **scope)  # type: ignore[arg-type]
    user = auth_service.create_user(session, data, actor)
    from kcn.config import Settings

    settings = Settings(secret_key=TEST_SECRET)
    return auth_service.create_token(session, settings, user, "t", None, actor)[1]


def test_scope_by_2024_district(client: TestClient, session: Session) -> None:
    token = _scoped_board_user(session, admin_units=("222",))  # Thị xã Việt Yên
    headers = {"Authorization": f"Bearer {token}"}
    inside = zone_id(session, "KCN-DINH-TRAM")  # Việt Yên
    outside = zone_id(session, "KCN-HOA-PHU")  # Hiệp Hòa
    assert (
        client.patch(
            f"/api/v1/zones/{inside}", json={"developer": "A"}, headers=headers
        ).status_code
        == 200
    )
    refused = client.patch(f"/api/v1/zones/{outside}", json={"developer": "A"}, headers=headers)
    assert refused.status_code == 403
    # Creating a park outside the scope is refused too; inside it is allowed.
    assert (
        client.post(
            "/api/v1/zones", json=park_payload(admin_unit="221"), headers=headers
        ).status_code
        == 403
    )
    assert client.post("/api/v1/zones", json=park_payload(), headers=headers).status_code == 201
    # The audit trail shows the scoped user only the history of zones in scope.
    audited = client.get("/api/v1/audit", headers=headers, params={"limit": 500}).json()
    ids = {r["object_id"] for r in audited["items"]}
    assert inside in ids and outside not in ids


def test_scope_by_2025_commune_covers_the_old_district(
    client: TestClient, session: Session
) -> None:
    successors = client.get("/api/v1/admin-units/district:222/successors").json()
    commune = next(u for u in successors if u["name"] == "Phường Nếnh")
    token = _scoped_board_user(session, admin_units=(commune["key"],))
    headers = {"Authorization": f"Bearer {token}"}
    inside = zone_id(session, "KCN-DINH-TRAM")  # registered under the 2024 district
    assert (
        client.patch(
            f"/api/v1/zones/{inside}", json={"developer": "B"}, headers=headers
        ).status_code
        == 200
    )


def test_anonymous_api_writes_get_401_before_any_validation(anon: TestClient) -> None:
    response = anon.post("/api/v1/zones", json={"not": "a zone"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_scoped_users_cannot_write_province_wide_figures(
    client: TestClient, session: Session
) -> None:
    actor = system_actor("test", "cli")
    data = auth_service.NewUser("scoped.stats", PASSWORD, "statistics", admin_units=("222",))
    user = auth_service.create_user(session, data, actor)
    from kcn.config import Settings

    token = auth_service.create_token(
        session, Settings(secret_key=TEST_SECRET), user, "t", None, actor
    )[1]
    response = client.post(
        "/api/v1/published-figures", json=FIGURE, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403


def test_a_zone_with_scoped_users_cannot_be_deleted(client: TestClient, session: Session) -> None:
    actor = system_actor("test", "cli")
    data = auth_service.NewUser("only.one", PASSWORD, "industry_trade", zones=("CCN-DEMO-03",))
    auth_service.create_user(session, data, actor)
    response = client.delete(f"/api/v1/zones/{zone_id(session, 'CCN-DEMO-03')}")
    assert response.status_code == 409
    assert response.json()["error"]["message"].startswith("Không thể xóa")


def test_a_scoped_user_cannot_move_a_zone_out_of_scope(
    client: TestClient, session: Session
) -> None:
    token = _scoped_board_user(session, admin_units=("222",))
    headers = {"Authorization": f"Bearer {token}"}
    inside = zone_id(session, "KCN-DINH-TRAM")
    for unit in (None, "221"):
        response = client.patch(
            f"/api/v1/zones/{inside}", json={"admin_unit": unit}, headers=headers
        )
        assert response.status_code == 403, unit
