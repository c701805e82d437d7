"""Read replicas (``KCN_DATABASE_REPLICA_URL``): anonymous reads of the public pages go to the
replica, everything else (writes, the API, signed-in visitors) to the primary; a session on
the replica refuses to write; with no replica everything uses the primary.

The routing is shown first with two separate SQLite databases that differ on purpose (no
server needed), then against a real PostgreSQL streaming replica of a private cluster
(``pg_basebackup -R``, tests/pgcluster.py), with its replay paused to show which database a
page was read from.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kcn.app import create_app
from kcn.config import Settings
from kcn.db import make_engine
from kcn.kit.permissions import system_actor
from kcn.models import Zone
from kcn.zones import service as zone_service
from kcn.zones.schemas import ZoneCreate
from tests.conftest import TEST_SECRET, Backend
from tests.ops.live import serve
from tests.ops.load import prepare_database
from tests.pgcluster import private_cluster
from tests.zones.factories import park_payload

ACTOR = system_actor("test setup", "cli")
CATCH_UP_SECONDS = 20
pytestmark = pytest.mark.timeout(180)  # each test, whatever hangs


def _add_zone(url: str, code: str, name: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        data = ZoneCreate.model_validate(park_payload(code=code, name=name))
        zone_service.create_zone(session, data, ACTOR)
        session.commit()
    engine.dispose()


def test_no_replica_everything_uses_the_primary(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kcn.sqlite3'}"
    app = create_app(Settings(database_url=url, secret_key=TEST_SECRET))
    assert app.state.read_sessionmaker is app.state.sessionmaker
    assert not hasattr(app.state, "replica_engine")


def test_anonymous_public_reads_go_to_the_replica(tmp_path: Path) -> None:
    """Two databases that differ: a zone only on the "replica" is seen only by anonymous
    visitors of the public pages; the primary serves the rest."""
    primary, replica = Backend("sqlite", tmp_path), Backend("sqlite", tmp_path)
    token = prepare_database(primary.url, demo=False)
    prepare_database(replica.url, demo=False)
    _add_zone(replica.url, "CHI-BAN-SAO", "Khu công nghiệp Chỉ Bản Sao")
    settings = Settings(database_url=primary.url, database_replica_url=replica.url,
                        secret_key=TEST_SECRET, var_dir=tmp_path / "var")  # fmt: skip
    app = create_app(settings)
    with TestClient(app) as anon, TestClient(app, headers=_bearer(token)) as staff:
        assert anon.get("/investors/zones/CHI-BAN-SAO").status_code == 200
        assert "Chỉ Bản Sao" in anon.get("/investors/zones/CHI-BAN-SAO").text
        for path in ("/investors", "/investors/figures", "/map", "/summary"):
            assert anon.get(path).status_code == 200, path  # pages that never write
        assert staff.get("/investors/zones/CHI-BAN-SAO").status_code == 404  # primary
        assert anon.get("/api/v1/zones", params={"q": "CHI-BAN-SAO"}).json()["total"] == 0
        # A write goes to the primary, and the replica does not see it.
        created = staff.post("/api/v1/zones", json=park_payload(code="CHI-CHINH"))
        assert created.status_code == 201, created.text
        assert anon.get("/investors/zones/CHI-CHINH").status_code == 404
        assert staff.get("/investors/zones/CHI-CHINH").status_code == 200
    _refuses_writes(app.state.read_sessionmaker)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _refuses_writes(maker: Callable[[], Session]) -> None:
    with maker() as session, pytest.raises(DBAPIError, match=r"(?i)read.only|readonly"):
        session.execute(update(Zone).values(developer="Không được ghi"))
        session.commit()


def test_read_only_engine_refuses_writes_on_postgresql(tmp_path: Path) -> None:
    """A replica URL that points at a database which is not a standby still refuses writes."""
    backend = Backend("postgresql", tmp_path)
    try:
        prepare_database(backend.url, demo=False)
        engine = make_engine(backend.url, read_only=True)
        try:
            _refuses_writes(lambda: Session(engine))
        finally:
            engine.dispose()
    finally:
        backend.drop()


def _until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + CATCH_UP_SECONDS
    while not check():
        assert time.monotonic() < deadline, f"{what}: not within {CATCH_UP_SECONDS} s"
        time.sleep(0.1)


def test_streaming_replica_serves_the_public_pages(tmp_path: Path) -> None:
    with private_cluster() as cluster:
        token = prepare_database(cluster.url, demo=False)
        standby = cluster.replica("replica")
        settings = Settings(database_url=cluster.url, database_replica_url=standby.url,
                            secret_key=TEST_SECRET, var_dir=tmp_path / "var")  # fmt: skip
        replica_admin = create_engine(standby.url, isolation_level="AUTOCOMMIT")
        with (
            serve(settings) as base,
            httpx.Client(base_url=base, timeout=10) as anon,
            httpx.Client(base_url=base, timeout=10, headers=_bearer(token)) as staff,
        ):
            payload = park_payload(code="SAO-CHEP", name="Khu công nghiệp Sao Chép")
            created = staff.post("/api/v1/zones", json=payload)
            assert created.status_code == 201, created.text
            page = "/investors/zones/SAO-CHEP"
            _until(lambda: anon.get(page).status_code == 200, "the replica caught up")

            # Replay paused: the public page, read from the replica, keeps the old name while
            # the primary (a signed-in visitor's page) has the new one.
            with replica_admin.connect() as conn:
                conn.execute(text("SELECT pg_wal_replay_pause()"))

                def paused() -> bool:  # a pause is requested, then takes effect
                    state = text("SELECT pg_get_wal_replay_pause_state()")
                    return conn.execute(state).scalar() == "paused"

                _until(paused, "the replay paused")
            body = created.json()
            patch = {"version": body["version"], "name": "Khu công nghiệp Sao Chép Mới"}
            assert staff.patch(f"/api/v1/zones/{body['id']}", json=patch).status_code == 200
            assert "Sao Chép Mới" in staff.get(page).text
            assert "Sao Chép Mới" not in anon.get(page).text
            with replica_admin.connect() as conn:
                conn.execute(text("SELECT pg_wal_replay_resume()"))
            _until(lambda: "Sao Chép Mới" in anon.get(page).text, "the replica caught up")
        replica_admin.dispose()
        app = create_app(settings)
        try:
            _refuses_writes(app.state.read_sessionmaker)  # a standby refuses
        finally:
            app.state.replica_engine.dispose()
            app.state.engine.dispose()
