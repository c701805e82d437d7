"""A real server for tests that need concurrency: uvicorn on 127.0.0.1 and a free port, in a
thread, over a database of its own (a SQLite file or a PostgreSQL schema) with the
administrative units and one administrator with an API token."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from alembic import command
from sqlalchemy.orm import Session

from kcn.app import create_app
from kcn.auth import service as auth_service
from kcn.cli import alembic_config
from kcn.config import Settings
from kcn.db import make_engine
from kcn.geo import service as geo_service
from kcn.kit.permissions import system_actor
from tests.conftest import PASSWORD, TEST_SECRET, Backend


@dataclass
class Live:
    url: str  # http://127.0.0.1:port
    token: str  # an administrator's API token
    backend: Backend
    settings: Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(backend: Backend, var_dir: Path) -> tuple[Settings, str]:
    """Migrate the backend's database, load the units, add an admin; return its token."""
    command.upgrade(alembic_config(backend.url), "head")
    settings = Settings(database_url=backend.url, secret_key=TEST_SECRET, var_dir=var_dir)
    engine = make_engine(backend.url)
    actor = system_actor("test setup", "cli")
    with Session(engine) as session:
        geo_service.load_catalog(session)
        session.commit()
        data = auth_service.NewUser("admin", PASSWORD, "admin", "Admin")
        user = auth_service.create_user(session, data, actor)
        _, token = auth_service.create_token(session, settings, user, "tests", None, actor)
    engine.dispose()
    return settings, token


@contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """Run the app on a free port of 127.0.0.1 until the block ends; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        settings_engine_dispose(config)


def settings_engine_dispose(config: uvicorn.Config) -> None:
    app = config.app
    for name in ("engine", "replica_engine"):
        engine = getattr(getattr(app, "state", None), name, None)
        if engine is not None:
            engine.dispose()
