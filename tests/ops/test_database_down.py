"""A lost database answers 503 with Retry-After (not 500), and the server recovers by itself
when the database is back."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from kcn.app import create_app
from kcn.config import Settings
from tests.conftest import POSTGRES_URL, TEST_SECRET, Backend
from tests.ops.live import prepare, serve

UNREACHABLE = {
    # Nothing listens on port 9 of this machine: the connection is refused at once.
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:9/test?connect_timeout=2",
    "sqlite": "sqlite:////nonexistent-kcn-dir/kcn.sqlite3",
}


@pytest.mark.parametrize("kind", sorted(UNREACHABLE))
def test_unreachable_database_gives_503_with_retry_after(kind: str) -> None:
    settings = Settings(database_url=UNREACHABLE[kind], secret_key=TEST_SECRET)
    with TestClient(create_app(settings), raise_server_exceptions=False) as http:
        api = http.get("/api/v1/zones", headers={"Accept-Language": "en"})
        page = http.get("/zones")
        health = http.get("/healthz")
    assert api.status_code == 503, api.text
    assert api.headers["retry-after"] == str(settings.retry_after_seconds)
    error = api.json()["error"]
    assert error["code"] == "unavailable" and "database" in error["message"]
    assert error["request_id"] == api.headers["x-request-id"]
    assert page.status_code == 503 and page.headers["retry-after"]
    assert "Cơ sở dữ liệu tạm thời không truy cập được" in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert health.status_code == 200  # the process itself is fine


def test_server_recovers_when_its_connections_are_killed(tmp_path: Path) -> None:
    backend = Backend("postgresql", tmp_path)
    name = f"kcn-recovery-{uuid.uuid4().hex[:8]}"
    try:
        prepare(backend, tmp_path / "var")
        url = f"{backend.url}&application_name={name}"
        live = Settings(database_url=url, secret_key=TEST_SECRET, var_dir=tmp_path / "var")
        with serve(live) as base, httpx.Client(base_url=base, timeout=10) as http:
            assert http.get("/api/v1/zones").status_code == 200
            admin = create_engine(POSTGRES_URL)
            with admin.begin() as conn:
                killed = conn.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = :name"
                    ),
                    {"name": name},
                ).scalar()
            admin.dispose()
            assert killed and killed >= 1  # the server's pooled connection is gone
            statuses = [http.get("/api/v1/zones").status_code for _ in range(3)]
            assert statuses == [200, 200, 200]
    finally:
        backend.drop()
