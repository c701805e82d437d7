"""``kcn demo synth``: the synthetic national registry, at the tiny scale, on both databases."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kcn.app import create_app
from kcn.auth import service as auth_service
from kcn.cli import alembic_config, app
from kcn.config import Settings, get_settings
from kcn.db import Base, make_engine
from kcn.demo.national import SCALES, generate
from kcn.kit.permissions import system_actor
from kcn.models import (
    AdminUnit,
    Enterprise,
    Lease,
    Observation,
    PeriodicReport,
    Project,
    SupportRequest,
    Zone,
)
from tests.conftest import Backend

runner = CliRunner()
TINY = SCALES["tiny"]


@pytest.fixture
def synth_url(empty_backend: Backend, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty migrated database, filled by ``kcn demo synth --scale tiny``."""
    command.upgrade(alembic_config(empty_backend.url), "head")
    monkeypatch.setenv("KCN_DATABASE_URL", empty_backend.url)
    get_settings.cache_clear()
    result = runner.invoke(app, ["demo", "synth", "--scale", "tiny", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Synthetic data:" in result.stdout
    yield empty_backend.url
    get_settings.cache_clear()


def test_synth_fills_an_empty_database_with_rows_marked_synthetic(synth_url: str) -> None:
    engine = make_engine(synth_url)
    try:
        with Session(engine) as session:
            count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
            synthetic = select(func.count()).where(AdminUnit.key.startswith("SYN:"))
            assert session.scalar(synthetic) == TINY.provinces
            assert count(Zone) == TINY.parks + TINY.clusters
            assert count(Enterprise) == TINY.enterprises
            assert count(Project) == TINY.projects
            assert count(SupportRequest) == TINY.requests
            assert count(Lease) > 0 and count(PeriodicReport) > 0
            # Each province: 12 months × (production value of 4 sections and in all + IIP).
            assert count(Observation) == TINY.provinces * 12 * TINY.stat_years * 6
            zones = session.scalars(select(Zone)).all()
            assert all(z.name.startswith("Tổng hợp") and z.name_is_demo for z in zones)
            units = session.scalars(select(AdminUnit).where(AdminUnit.key.startswith("SYN:")))
            assert all(u.name.startswith("Tỉnh tổng hợp") for u in units)
            for model in (Enterprise, Project, Lease, PeriodicReport, SupportRequest, Observation):
                assert session.scalar(select(func.count()).where(model.is_demo.is_(False))) == 0
            names = session.scalars(select(Enterprise.name)).all()
            assert all(n.startswith("SYN") for n in names)
            # Ids were given by the generator: the sequences must have moved past them.
            actor = system_actor("test", "cli")
            user = auth_service.create_user(
                session, auth_service.NewUser("boss", "correct horse battery", "admin", "B", None),
                actor,
            )  # fmt: skip
            settings = Settings(database_url=synth_url, secret_key="test-secret-key")
            _, token = auth_service.create_token(session, settings, user, "t", None, actor)
        client = TestClient(create_app(settings), headers={"Authorization": f"Bearer {token}"})
        with client:
            for path in ("zones", "enterprises", "projects", "leases", "periodic-reports",
                         "support-requests"):  # fmt: skip
                response = client.get(f"/api/v1/{path}", params={"limit": 5})
                assert response.status_code == 200, (path, response.text)
                assert response.json()["total"] > 0
            summary = client.get("/api/v1/zones/summary")
            assert summary.status_code == 200, summary.text
            for page in ("/zones", "/dashboard", "/investors"):
                assert client.get(page).status_code == 200, page
            created = client.post(
                "/api/v1/enterprises",
                json={"tax_code": "0100109106", "name": "Công ty mới", "ownership": "domestic"},
            )
            assert created.status_code == 201, created.text
    finally:
        engine.dispose()


def test_synth_refuses_a_registry_that_holds_zones(synth_url: str) -> None:
    result = runner.invoke(app, ["demo", "synth", "--scale", "tiny"])
    assert result.exit_code == 2
    assert "empty database" in result.stderr


def test_synth_refuses_an_unknown_scale() -> None:
    result = runner.invoke(app, ["demo", "synth", "--scale", "planet"])
    assert result.exit_code == 2
    assert "--scale" in result.stderr


def _digest(seed: int) -> str:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        generate(session, TINY, seed)
        digest = hashlib.sha256()
        for table in Base.metadata.sorted_tables:
            if table.name == "data_version":  # a random stamp, not generated data
                continue
            for row in session.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    engine.dispose()
    return digest.hexdigest()


def test_same_seed_same_rows() -> None:
    assert _digest(3) == _digest(3)
    assert _digest(3) != _digest(4)
