"""Security headers on every response (500s and error pages included), HSTS behind HTTPS,
no caching of personal pages, request ids in error bodies and logs, CSRF bound to the
session."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kcn.app import create_app
from tests.auth.test_login import csrf_of, login
from tests.conftest import test_settings as make_settings


def _boom() -> None:
    raise RuntimeError("boom")


def _assert_hardened(response: Any) -> None:
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-request-id"]


@pytest.mark.parametrize("path", ["/api/v1/boom", "/boom"])
def test_500_carries_the_security_headers_and_request_id(app: Any, path: str, caplog: Any) -> None:
    app.add_api_route(path, _boom)
    with TestClient(app, raise_server_exceptions=False) as http:
        response = http.get(path, headers={"X-Request-ID": "abc123"})
    assert response.status_code == 500
    _assert_hardened(response)
    assert response.json()["error"]["request_id"] == "abc123"
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert records and records[-1].request_id == "abc123"  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/zones/999999999", "/api/v1/zones/999999999", "/nowhere"])
def test_error_pages_carry_the_headers(anon: TestClient, path: str) -> None:
    response = anon.get(path)
    assert response.status_code == 404
    _assert_hardened(response)


def test_request_id_in_the_header_of_every_error(anon: TestClient) -> None:
    # Client errors keep the pinned shape {code, message, fields}; the id is in the header.
    response = anon.get("/api/v1/zones/999999999")
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert response.headers["x-request-id"]


def test_hsts_only_when_the_public_url_is_https(engine: Any, session: Any) -> None:
    url = engine.url.render_as_string(hide_password=False)
    for public, expected in (("https://kcn.example.vn", True), ("http://10.0.0.1", False)):
        settings = make_settings(url).model_copy(update={"public_url": public})
        with TestClient(create_app(settings)) as http:
            response = http.get("/healthz")
        assert ("strict-transport-security" in response.headers) is expected
        if expected:
            assert "max-age=31536000" in response.headers["strict-transport-security"]


def test_personal_pages_are_not_cached(anon: TestClient) -> None:
    assert "no-store" not in anon.get("/zones").headers.get("cache-control", "")
    assert anon.get("/login").headers["cache-control"] == "no-store"
    assert login(anon, "viewer").status_code == 303
    for path in ("/account", "/zones", "/audit", "/api/v1/users/me"):
        assert anon.get(path).headers["cache-control"] == "no-store", path


def test_csrf_token_is_bound_to_the_session(app: Any) -> None:
    with TestClient(app) as alice, TestClient(app) as bob:
        assert login(alice, "viewer").status_code == 303
        assert login(bob, "statistics").status_code == 303
        alice_token = csrf_of(alice, "/account")
        bob_token = csrf_of(bob, "/account")
        assert alice_token != bob_token
        assert alice_token != alice.cookies.get("kcn_csrf")  # not the anonymous cookie
        # Bob's own token, or the double-submit cookie value, do not work for Alice.
        for token in (bob_token, alice.cookies.get("kcn_csrf")):
            refused = alice.post("/account/tokens", data={"name": "x", "csrf_token": token})
            assert refused.status_code == 403
        ok = alice.post("/account/tokens", data={"name": "x", "csrf_token": alice_token})
        assert ok.status_code == 200
        # Signing in again gives a new session, and the old token is worth nothing.
        old = alice_token
        assert login(alice, "viewer").status_code == 303
        stale = alice.post("/account/tokens", data={"name": "y", "csrf_token": old})
        assert stale.status_code == 403


def test_anonymous_forms_keep_the_double_submit_cookie(anon: TestClient) -> None:
    token = csrf_of(anon)
    assert token == anon.cookies.get("kcn_csrf")
