"""Blocking work never runs on the event loop (issue 9): while a large check runs, the server
still answers other requests within a second."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine

from kcn.app import create_app
from tests import conftest

ROWS = 60_000


@pytest.fixture
def server(engine: Engine, backend_kind: str) -> Iterator[str]:
    """The app served by uvicorn on a free local port, in a background thread."""
    if backend_kind != "sqlite":
        pytest.skip("the event loop does not depend on the database")
    app = create_app(conftest.test_settings(engine.url.render_as_string(hide_password=False)))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    port = uvicorn_server.servers[0].sockets[0].getsockname()[1]
    # The server shares this process (and its GIL) with the test's own client threads: let
    # the threads take turns more often, as they would if the server had a process of its own.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        sys.setswitchinterval(interval)
        uvicorn_server.should_exit = True
        thread.join(timeout=20)


def test_the_server_answers_while_a_large_check_runs(server: str) -> None:
    figures = "key,value\n" + "".join(f"part{i}.total.value,{i}\n" for i in range(ROWS))
    finished: list[float] = []

    def check() -> None:
        with httpx.Client(base_url=server, timeout=120) as client:
            response = client.post(
                "/api/v1/stats/check", files={"file": ("figures.csv", figures.encode())}
            )
        assert response.status_code == 200, response.text
        finished.append(time.monotonic())

    with httpx.Client(base_url=server, timeout=30) as client:
        client.get("/api/v1/zones", params={"limit": 1})  # warm: the first request compiles
    worker = threading.Thread(target=check)
    worker.start()
    waits: list[tuple[float, float]] = []
    with httpx.Client(base_url=server, timeout=30) as client:
        time.sleep(0.5)  # the upload is in and the check has started
        while worker.is_alive() and len(waits) < 20:
            started = time.monotonic()
            response = client.get("/api/v1/zones", params={"limit": 1})
            assert response.status_code == 200
            waits.append((started, time.monotonic() - started))
            time.sleep(0.1)
    worker.join()
    assert finished, "the check failed"
    during = [wait for started, wait in waits if started < finished[0]]
    assert during, "the check ended before any other request was made: make it larger"
    assert max(during) < 1, str([(round(s - finished[0], 2), round(w, 2)) for s, w in waits])
