"""Long work as jobs: a large import answers 202 at once, runs in a thread with progress kept
in the ``job`` table, and the server goes on answering others meanwhile."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from alembic import command
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kcn.app import create_app
from kcn.auth import service as auth_service
from kcn.cli import alembic_config
from kcn.db import make_engine
from kcn.geo import service as geo_service
from kcn.jobs.cli import follow
from kcn.kit.jobs import JobFailed, JobRunner, progress_line, terminal_progress
from kcn.kit.permissions import system_actor
from tests import conftest
from tests.conftest import PASSWORD, Backend
from tests.live import live_server


@pytest.fixture(scope="module")
def fresh(
    backend_kind: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    """A database of its own (jobs commit from their threads): units, and a token per user."""
    backend = Backend(backend_kind, tmp_path_factory.mktemp("jobs"))
    command.upgrade(alembic_config(backend.url), "head")
    engine: Engine = make_engine(backend.url)
    tokens: dict[str, str] = {}
    with Session(engine) as session:
        geo_service.load_catalog(session)
        session.commit()
        actor = system_actor("test setup", "cli")
        for role in ("statistics", "viewer"):
            data = auth_service.NewUser(role, PASSWORD, role, role, None)
            user = auth_service.create_user(session, data, actor)
            settings = conftest.test_settings(backend.url)
            _, tokens[role] = auth_service.create_token(session, settings, user, "t", None, actor)
    engine.dispose()
    yield backend.url, tokens
    backend.drop()


def _csv(rows: int, bad: bool = False, first_year: int = 2100) -> bytes:
    lines = ["indicator,period,vsic,admin_unit,value,status,source"]
    for i in range(rows):
        year, month = first_year + i // 12, 1 + i % 12
        value = "x" if bad and i == rows - 1 else str(i + 1)
        lines.append(f"production_value,{year}-{month:02d},,,{value},official,test")
    return ("\n".join(lines) + "\n").encode()


def _import(client: httpx.Client, content: bytes, token: str) -> httpx.Response:
    files = {"file": ("big.csv", io.BytesIO(content), "text/csv")}
    headers = {"Authorization": f"Bearer {token}"}
    return client.post("/api/v1/stats/import", files=files, headers=headers)


def _wait(client: httpx.Client, url: str, token: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(url, headers={"Authorization": f"Bearer {token}"}).json()
        if job["state"] in ("succeeded", "failed"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def test_a_large_import_is_a_job_and_the_server_keeps_answering(
    fresh: tuple[str, dict[str, str]],
) -> None:
    url, tokens = fresh
    settings = conftest.test_settings(url).model_copy(update={"import_job_bytes": 2_000})
    app = create_app(settings)
    rows = 1200  # large enough to be seen running now that an import is a few batched queries
    content = _csv(rows, first_year=2000)  # 2000-01 … 2099-12
    with live_server(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        small = _import(client, _csv(3, first_year=2190), tokens["statistics"])
        assert small.status_code == 200 and small.json()["created"] == 3  # small: at once
        assert client.get("/api/v1/zones?limit=1").status_code == 200  # warm, as in use
        started = time.perf_counter()
        accepted = _import(client, content, tokens["statistics"])
        assert accepted.status_code == 202, accepted.text
        body = accepted.json()
        assert accepted.headers["Location"] == body["url"] == f"/api/v1/jobs/{body['job_id']}"
        page = client.get(body["page_url"], headers={"Authorization": ""})
        try:
            job, slowest, answered = _poll_while_reading(client, body["url"], tokens["statistics"])
        finally:
            app.state.jobs.wait(body["job_id"], 120)  # never leave it running for the next test
        took = time.perf_counter() - started
        print(
            f"\nimport job, {rows} rows: {took:.1f} s; /zones {answered}x, slowest {slowest:.3f} s"
        )
        assert job["state"] == "succeeded", job
        assert job["result"]["created"] == rows
        assert job["done"] == job["total"] == rows
        assert job["finished_at"].endswith("Z")
        assert slowest < 1.0
        # Not done in the request: the answer came while the job was still waiting or running
        # (polling may see it only once it has finished, when the machine is fast or busy).
        assert body["state"] in ("queued", "running"), body
        # Only its owner (or an admin) may read it; others are told it does not exist.
        other = client.get(body["url"], headers={"Authorization": f"Bearer {tokens['viewer']}"})
        assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
        assert client.get(body["url"]).status_code == 404
    # Anonymous, the page of someone's job says it does not exist; the owner's page refreshes.
    assert page.status_code == 404


def _poll_while_reading(
    client: httpx.Client, url: str, token: str
) -> tuple[dict[str, Any], float, int]:
    """Read the zone list while the job runs: the finished job, the slowest read, reads."""
    slowest, answered = 0.0, 0
    deadline = time.monotonic() + 120
    while True:
        job: dict[str, Any] = client.get(url, headers={"Authorization": f"Bearer {token}"}).json()
        t0 = time.perf_counter()
        zones = client.get("/api/v1/zones?limit=1")
        slowest = max(slowest, time.perf_counter() - t0)
        assert zones.status_code == 200
        answered += 1
        if job["state"] in ("succeeded", "failed"):
            return job, slowest, answered
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_failed_import_job_keeps_its_report(fresh: tuple[str, dict[str, str]]) -> None:
    url, tokens = fresh
    app = create_app(conftest.test_settings(url).model_copy(update={"import_job_bytes": 0}))
    with live_server(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        accepted = _import(client, _csv(5, bad=True, first_year=2180), tokens["statistics"])
        assert accepted.status_code == 202
        job = _wait(client, accepted.json()["url"], tokens["statistics"])
        assert job["state"] == "failed"
        assert job["result"]["errors"][0]["row"] == 6
        assert job["result"]["created"] == 0
        page = client.get(
            accepted.json()["page_url"] + "?lang=en",
            headers={"Authorization": f"Bearer {tokens['statistics']}"},
        )
        # The page of a finished job shows its outcome and no longer refreshes itself.
        assert page.status_code == 200 and "Failed" in page.text
        assert "Refresh" not in page.headers
        # Anyone refused to import gets the refusal now, not a failed job later.
        refused = _import(client, _csv(5), tokens["viewer"])
        assert refused.status_code == 403


class _Store:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def started(self, job_id: str) -> None:
        self.calls.append(("started", job_id))

    def progressed(self, job_id: str, done: int, total: int) -> None:
        self.calls.append(("progressed", done, total))

    def succeeded(self, job_id: str, result: dict[str, Any]) -> None:
        self.calls.append(("succeeded", result))

    def failed(self, job_id: str, result: Any, error: BaseException | None) -> None:
        self.calls.append(("failed", result, type(error).__name__ if error else None))


def test_the_runner_reports_progress_throttled_and_outcomes() -> None:
    store = _Store()
    runner = JobRunner(2, store, min_interval=10)
    gate = threading.Event()

    def work(progress: Any) -> dict[str, Any]:
        for i in range(1, 101):
            progress(i, 100)
        gate.wait(5)
        return {"n": 100}

    runner.submit("a", work)
    assert runner.running("a")
    gate.set()
    runner.wait("a", 5)
    assert store.calls[0] == ("started", "a")
    progressed = [c for c in store.calls if c[0] == "progressed"]
    assert progressed == [("progressed", 1, 100), ("progressed", 100, 100)]  # throttled
    assert store.calls[-1] == ("succeeded", {"n": 100})

    def bad(progress: Any) -> dict[str, Any]:
        raise JobFailed({"errors": [1]})

    def broken(progress: Any) -> dict[str, Any]:
        raise RuntimeError("boom")

    runner.submit("b", bad).result(5)
    runner.submit("c", broken).result(5)
    assert ("failed", {"errors": [1]}, None) in store.calls
    assert ("failed", None, "RuntimeError") in store.calls
    runner.shutdown(wait=True)


def test_the_cli_progress_bar() -> None:
    assert progress_line(3, 10, width=10) == "[###.......]  30%  3/10"
    out = io.StringIO()
    show = terminal_progress(out)
    show(5, 10)
    show(10, 10)
    assert out.getvalue().endswith("100%  10/10\n")


def test_the_cli_follows_a_job(fresh: tuple[str, dict[str, str]], monkeypatch: Any) -> None:
    url, tokens = fresh
    monkeypatch.setenv("KCN_DATABASE_URL", url)
    from kcn.config import get_settings

    get_settings.cache_clear()
    app = create_app(conftest.test_settings(url).model_copy(update={"import_job_bytes": 0}))
    with live_server(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        accepted = _import(client, _csv(4, first_year=2170), tokens["statistics"])
        out = io.StringIO()
        job = follow(accepted.json()["job_id"], terminal_progress(out), interval=0.1)
    get_settings.cache_clear()
    assert job.state == "succeeded"
    assert out.getvalue().endswith("100%  4/4\n")
