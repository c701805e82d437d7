"""Signing in and out, CSRF on every form post, throttling, tokens, security headers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.conftest import PASSWORD, all_routes


def csrf_of(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, page.text[:300]
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/summary"},
        follow_redirects=False,
    )


def test_login_sets_a_safe_session_cookie_and_logout_ends_it(anon: TestClient) -> None:
    response = login(anon, "viewer")
    assert response.status_code == 303
    assert response.headers["location"] == "/summary"
    cookie = response.headers["set-cookie"]
    assert "kcn_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here; set on HTTPS
    assert anon.get("/api/v1/users/me").json()["username"] == "viewer"
    assert "Test viewer" in anon.get("/zones").text
    out = anon.post("/logout", data={"csrf_token": csrf_of(anon, "/zones")}, follow_redirects=False)
    assert out.status_code == 303
    assert anon.get("/api/v1/users/me").status_code == 401


def test_secure_cookie_over_https(app: Any) -> None:
    with TestClient(app, base_url="https://testserver") as secure:
        response = login(secure, "viewer")
        assert "Secure" in response.headers["set-cookie"]


def test_wrong_password_is_refused(anon: TestClient) -> None:
    response = login(anon, "viewer", "wrong password!")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text
    assert anon.get("/api/v1/users/me").status_code == 401


def test_the_throttle_trips_after_five_failures(anon: TestClient, caplog: Any) -> None:
    for _ in range(5):
        assert login(anon, "statistics", "wrong password!").status_code == 401
    refused = login(anon, "statistics")  # even the right password, for a while
    assert refused.status_code == 429
    assert "thử lại sau 15 phút" in refused.text
    assert any("login failed" in r.getMessage() for r in caplog.records)


def test_form_posts_without_csrf_are_refused(anon: TestClient, app: Any) -> None:
    csrf_of(anon)  # the visitor has a CSRF cookie, but the form does not carry it
    posts = [p for p, methods in all_routes(app) if "POST" in methods and not p.startswith("/api/")]
    assert {"/login", "/logout", "/account/tokens"} <= set(posts)
    for path in posts:
        path = path.replace("{token_id}", "1").replace("{zone_id}", "1")
        response = anon.post(path, data={"username": "viewer", "password": PASSWORD})
        assert response.status_code == 403, path
        assert "Biểu mẫu đã hết hạn" in response.text
        wrong = anon.post(path, data={"csrf_token": "forged", "username": "viewer"})
        assert wrong.status_code == 403, path


def test_api_writes_never_ride_on_the_cookie(anon: TestClient) -> None:
    assert login(anon, "admin").status_code == 303
    assert anon.get("/api/v1/users/me").status_code == 200  # reading with the cookie is fine
    response = anon.post("/api/v1/tokens", json={"name": "from a cookie"})
    assert response.status_code == 401


def test_tokens_are_shown_once_and_revocable(anon: TestClient, session: Session) -> None:
    assert login(anon, "investment").status_code == 303
    page = anon.post(
        "/account/tokens", data={"name": "bảng tính", "csrf_token": csrf_of(anon, "/account")}
    )
    assert page.status_code == 200
    token = re.search(r'<code class="token">([^<]+)</code>', page.text)
    assert token
    bearer = {"Authorization": f"Bearer {token.group(1)}"}
    assert anon.get("/api/v1/users/me", headers=bearer).json()["username"] == "investment"
    listing = anon.get("/account").text
    assert token.group(1) not in listing  # never shown again
    tokens = anon.get("/api/v1/tokens", headers=bearer).json()
    mine = next(t for t in tokens if t["name"] == "bảng tính")
    assert "token" not in mine
    revoke = anon.post(
        f"/account/tokens/{mine['id']}/revoke",
        data={"csrf_token": csrf_of(anon, "/account")},
        follow_redirects=False,
    )
    assert revoke.status_code == 303
    assert anon.get("/api/v1/users/me", headers=bearer).status_code == 401


def test_a_user_cannot_touch_another_users_token(client_as: Any) -> None:
    owner = client_as("viewer")
    created = owner.post("/api/v1/tokens", json={"name": "mine"}).json()
    other = client_as("enterprise")
    assert other.delete(f"/api/v1/tokens/{created['id']}").status_code == 404
    assert all(t["id"] != created["id"] for t in other.get("/api/v1/tokens").json())
    assert owner.delete(f"/api/v1/tokens/{created['id']}").status_code == 204


def test_expired_token_is_refused(client_as: Any) -> None:
    c = client_as("viewer")
    past = c.post("/api/v1/tokens", json={"name": "old", "expires_at": "2020-01-01T00:00:00Z"})
    assert past.status_code == 422
    assert past.json()["error"]["fields"][0]["field"] == "expires_at"


@pytest.mark.parametrize("path", ["/zones", "/api/v1/zones", "/docs"])
def test_security_headers(anon: TestClient, path: str) -> None:
    response = anon.get(path)
    csp = response.headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-request-id"]


def test_api_docs_are_served_offline(anon: TestClient) -> None:
    page = anon.get("/docs")
    assert page.status_code == 200
    assert "<script>" not in page.text  # no inline script
    assert not re.search(r"""(src|href)=["']https?://""", page.text)
    assert anon.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert anon.get("/static/docs-init.js").status_code == 200
