"""Test fixtures: every data-layer test runs on SQLite and on PostgreSQL.

Each backend gets a fresh database (a temporary SQLite file; a schema of its own in the
PostgreSQL database ``KCN_TEST_POSTGRES_URL``), migrated with Alembic and loaded with the demo
data once. Each test then runs inside a transaction that is rolled back, so tests never see
each other's writes. When PostgreSQL is unreachable its tests are skipped with a loud notice,
unless ``KCN_REQUIRE_POSTGRES=1`` (set by CI), which makes them fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from kcn.app import create_app
from kcn.auth import service as auth_service
from kcn.cli import alembic_config
from kcn.config import Settings
from kcn.db import make_engine
from kcn.demo.loader import load_demo
from kcn.kit.http import get_session
from kcn.kit.permissions import system_actor
from kcn.models.auth import ROLES

POSTGRES_URL = os.environ.get(
    "KCN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("KCN_REQUIRE_POSTGRES") == "1"
_postgres_problem: list[str] = []


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means: not available
        return str(exc).strip().splitlines()[0]
    return None


def require_postgres() -> None:
    problem = postgres_available()
    if problem is None:
        return
    message = f"PostgreSQL unreachable at {POSTGRES_URL}: {problem}"
    if REQUIRE_POSTGRES:
        pytest.fail(message + " (KCN_REQUIRE_POSTGRES=1)")
    _postgres_problem.append(message)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _postgres_problem:
        terminalreporter.write_sep("!", "POSTGRESQL TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(_postgres_problem[0], red=True, bold=True)
        terminalreporter.write_line("Start PostgreSQL or set KCN_TEST_POSTGRES_URL.", red=True)


class Backend:
    """A fresh, empty database of one kind: its URL and a way to drop it."""

    def __init__(self, kind: str, tmp: Path) -> None:
        self.kind = kind
        if kind == "sqlite":
            self.url = f"sqlite:///{tmp / f'kcn-{uuid.uuid4().hex[:8]}.sqlite3'}"
            self.schema = None
        else:
            require_postgres()
            self.schema = f"kcn_test_{uuid.uuid4().hex[:10]}"
            admin = create_engine(POSTGRES_URL)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            admin.dispose()
            sep = "&" if "?" in POSTGRES_URL else "?"
            self.url = f"{POSTGRES_URL}{sep}options=-csearch_path%3D{self.schema}"

    def drop(self) -> None:
        if self.schema:
            admin = create_engine(POSTGRES_URL)
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_backend(backend_kind: str, tmp_path: Path) -> Iterator[Backend]:
    """A new empty database for tests of the schema itself (migrations)."""
    backend = Backend(backend_kind, tmp_path)
    yield backend
    backend.drop()


TEST_SECRET = "test-secret-key"
ENTERPRISE_TAX_CODE = "2400123458"  # check digit right (stdnum.vn.mst)
PASSWORD = "correct horse battery"


def test_settings(url: str) -> Settings:
    return Settings(database_url=url, secret_key=TEST_SECRET)


@pytest.fixture(scope="session")
def engine(backend_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database with the demo data and one user (and API token) per role, shared
    by the tests of one backend."""
    backend = Backend(backend_kind, tmp_path_factory.mktemp(backend_kind))
    command.upgrade(alembic_config(backend.url), "head")
    engine = make_engine(backend.url)
    with Session(engine) as session:
        load_demo(session)
        _make_users(session, test_settings(backend.url))
    yield engine
    engine.dispose()
    backend.drop()


def _make_users(session: Session, settings: Settings) -> None:
    actor = system_actor("test setup", "cli")
    for role in ROLES:
        tax = ENTERPRISE_TAX_CODE if role == "enterprise" else None
        data = auth_service.NewUser(role, PASSWORD, role, f"Test {role}", tax)
        user = auth_service.create_user(session, data, actor)
        _, clear = auth_service.create_token(session, settings, user, "tests", None, actor)
        TOKENS[role] = clear


TOKENS: dict[str, str] = {}


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits stay inside one transaction, rolled back after the test."""
    connection = engine.connect()
    transaction = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield db
    db.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def app(engine: Engine, session: Session) -> Any:
    application = create_app(test_settings(engine.url.render_as_string(hide_password=False)))
    application.dependency_overrides[get_session] = lambda: session
    return application


def auth_header(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[role]}"}


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    """A client acting as an administrator through an API token."""
    with TestClient(app, headers=auth_header("admin")) as test_client:
        yield test_client


@pytest.fixture
def anon(app: Any) -> Iterator[TestClient]:
    """A client with no credentials: an anonymous visitor."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def client_as(app: Any) -> Iterator[Callable[[str | None], TestClient]]:
    """``client_as(role)``: a client with that role's API token (None: anonymous)."""
    clients: list[TestClient] = []

    def make(role: str | None) -> TestClient:
        test_client = TestClient(app, headers=auth_header(role) if role else {})
        clients.append(test_client)
        return test_client

    yield make
    for test_client in clients:
        test_client.close()


def all_routes(app: Any) -> list[tuple[str, set[str]]]:
    """Every route of the app as (path, methods), looking inside included routers."""
    found: list[tuple[str, set[str]]] = []

    def walk(routes: list[Any]) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                walk(list(inner.routes))
            elif getattr(route, "methods", None):
                found.append((route.path, set(route.methods)))

    walk(list(app.routes))
    return found
