"""A busy database: concurrent writers and readers through a real server get no 5xx.

On SQLite every transaction used to start with ``BEGIN IMMEDIATE``, so readers queued behind
writers and timed out with "database is locked" (HTTP 500), and a write that had committed
could still answer 500 while re-reading. Each test is bounded in requests and in time.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import Backend
from tests.ops.live import Live, prepare, serve
from tests.zones.factories import park_payload

WRITERS = 4
READERS = 4
WRITE_SECONDS = 6.0
LIST_READERS = 50
LIST_READS_EACH = 4


@pytest.fixture
def live(backend_kind: str, tmp_path: Path) -> Iterator[Live]:
    backend = Backend(backend_kind, tmp_path)
    try:
        settings, token = prepare(backend, tmp_path / "var")
        with serve(settings) as url:
            yield Live(url, token, backend, settings)
    finally:
        backend.drop()


def _writer(
    live: Live, index: int, stop: float, statuses: Counter[int], lock: threading.Lock
) -> None:
    headers = {"Authorization": f"Bearer {live.token}"}
    with httpx.Client(base_url=live.url, headers=headers, timeout=30) as http:
        n = 0
        while time.monotonic() < stop:
            n += 1
            code = f"busy-{index}-{n}"
            created = http.post("/api/v1/zones", json=park_payload(code=code))
            seen = [created.status_code]
            if created.status_code == 201:
                body = created.json()
                patch = {"version": body["version"], "developer": f"Công ty {n}"}
                seen.append(http.patch(f"/api/v1/zones/{body['id']}", json=patch).status_code)
            with lock:
                statuses.update(seen)


def _reader(live: Live, stop: float, statuses: Counter[int], lock: threading.Lock) -> None:
    with httpx.Client(base_url=live.url, timeout=30) as http:
        while time.monotonic() < stop:
            status = http.get("/api/v1/zones", params={"limit": 20}).status_code
            with lock:
                statuses[status] += 1


def _run(threads: list[threading.Thread], limit: float) -> None:
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + limit
    for thread in threads:
        thread.join(max(0.1, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "requests did not finish in time"


def test_concurrent_writers_and_readers_get_no_5xx(live: Live) -> None:
    writes: Counter[int] = Counter()
    reads: Counter[int] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + WRITE_SECONDS
    threads = [
        threading.Thread(target=_writer, args=(live, i, stop, writes, lock)) for i in range(WRITERS)
    ] + [threading.Thread(target=_reader, args=(live, stop, reads, lock)) for _ in range(READERS)]
    _run(threads, WRITE_SECONDS + 15)
    print(f"\n{live.backend.kind}: writes {dict(writes)}, reads {dict(reads)}")
    assert sum(n for s, n in (writes + reads).items() if s >= 500) == 0, (writes, reads)
    assert writes[201] >= WRITERS and writes[200] >= WRITERS  # every writer got through
    assert set(writes) <= {200, 201} and set(reads) == {200}
    # What the writers were told matches what the database holds.
    with httpx.Client(base_url=live.url) as http:
        total = http.get("/api/v1/zones", params={"q": "busy-", "limit": 1}).json()["total"]
    assert total == writes[201]


def test_fifty_concurrent_readers_of_the_zone_list(live: Live) -> None:
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def read() -> None:
        with httpx.Client(base_url=live.url, timeout=30) as http:
            for _ in range(LIST_READS_EACH):
                status = http.get("/api/v1/zones").status_code
                with lock:
                    statuses[status] += 1

    started = time.monotonic()
    _run([threading.Thread(target=read) for _ in range(LIST_READERS)], 20)
    elapsed = time.monotonic() - started
    print(f"\n{live.backend.kind}: {dict(statuses)} in {elapsed:.1f} s")
    assert statuses == Counter({200: LIST_READERS * LIST_READS_EACH})
