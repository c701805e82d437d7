"""``/healthz`` answers without the database; ``/readyz`` only when the database answers and
is migrated to the head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from fastapi.testclient import TestClient

from kcn.app import create_app
from kcn.cli import alembic_config
from kcn.config import Settings
from kcn.ops import schema
from tests.conftest import TEST_SECRET


def _client(url: str) -> TestClient:
    return TestClient(create_app(Settings(database_url=url, secret_key=TEST_SECRET)))


def test_ready_only_when_migrated_to_the_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'health.sqlite3'}"
    with _client(url) as http:
        empty = http.get("/readyz", headers={"Accept-Language": "en"})
        assert empty.status_code == 503 and empty.headers["retry-after"]
        assert empty.json()["error"]["code"] == "not_ready"
        assert "kcn db upgrade" in empty.json()["error"]["message"]
        command.upgrade(alembic_config(url), "0002")
        assert http.get("/readyz").status_code == 503
        command.upgrade(alembic_config(url), "head")
        ready = http.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["revision"] == schema.head()
        assert http.get("/healthz").json()["status"] == "ok"


def test_not_ready_when_the_database_is_unreachable() -> None:
    with _client("postgresql+psycopg://postgres@127.0.0.1:9/test?connect_timeout=2") as http:
        assert http.get("/healthz").status_code == 200
        response = http.get("/readyz")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "not_ready"


def test_standing_of_revisions() -> None:
    assert schema.standing(schema.head()) is schema.Standing.current
    assert schema.standing("0001") is schema.Standing.older
    assert schema.standing("9999_from_the_future") is schema.Standing.newer
    assert schema.standing(None) is schema.Standing.empty
