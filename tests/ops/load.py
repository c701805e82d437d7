"""Mixed load on a real server: ``kcn serve`` in a process of its own, and many clients (async
httpx tasks) reading lists and pages and writing zones and enterprises through the API.

Every write the server acknowledged (2xx) is remembered with its value, and ``check_writes``
then finds each in the database. A write that got no answer, or an error, may or may not have
happened (the server can commit and lose the connection before answering): its value is
accepted in the database too, but never required.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.auth import service as auth_service
from kcn.cli import alembic_config
from kcn.config import Settings
from kcn.db import make_engine
from kcn.demo.loader import load_demo
from kcn.geo import service as geo_service
from kcn.kit.permissions import system_actor
from kcn.models import Enterprise, Zone
from tests.conftest import PASSWORD, TEST_SECRET
from tests.enterprises.factories import enterprise_payload
from tests.ops.live import free_port
from tests.zones.factories import park_payload

CLIENTS = 50
SECONDS = float(os.environ.get("KCN_LOAD_SECONDS", "60"))
READS = ("/api/v1/zones?limit=20", "/api/v1/zones?kind=industrial_park&sort=-available_ha",
         "/api/v1/zones/summary", "/api/v1/enterprises?limit=20", "/zones", "/summary",
         "/investors", "/investors/figures", "/healthz")  # fmt: skip
# Share of each operation in a client's loop; reads dominate, as for real officials.
OPERATIONS = {"read": 10, "read_own": 2, "create_zone": 2, "update_zone": 3, "enterprise": 1}


def prepare_database(url: str, demo: bool = True) -> str:
    """Migrate, load the demo data (else only the administrative units) and add an
    administrator; return its API token."""
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    actor = system_actor("test setup", "cli")
    settings = Settings(database_url=url, secret_key=TEST_SECRET)
    with Session(engine) as session:
        if demo:
            load_demo(session)
        else:
            geo_service.load_catalog(session)
            session.commit()
        data = auth_service.NewUser("admin", PASSWORD, "admin", "Admin")
        user = auth_service.create_user(session, data, actor)
        _, token = auth_service.create_token(session, settings, user, "load", None, actor)
    engine.dispose()
    return token


@contextmanager
def kcn_server(url: str, var_dir: Path) -> Iterator[str]:
    """``kcn serve`` on a free port over ``url`` until the block ends; yields its base URL.
    Its log goes to ``var_dir/serve.log``."""
    var_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "KCN_DATABASE_URL": url,
        "KCN_SECRET_KEY": TEST_SECRET,
        "KCN_VAR_DIR": str(var_dir),
        "KCN_RATE_LIMIT_ANONYMOUS": "1000000/minute",  # the load is one address
        "KCN_RATE_LIMIT_AUTHENTICATED": "1000000/minute",
        "KCN_RETRY_AFTER_SECONDS": "1",
    }
    kcn = Path(sys.executable).parent / "kcn"
    log = (var_dir / "serve.log").open("w")
    process = subprocess.Popen(
        [str(kcn), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"kcn serve stopped: {server_log(var_dir)}"
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"kcn serve did not start: {server_log(var_dir)}"
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()


def server_log(var_dir: Path, lines: int = 40) -> str:
    path = var_dir / "serve.log"
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class Written:
    """What one record should hold: the value last acknowledged, and values whose write got
    no clear answer (they may be there instead)."""

    acknowledged: str | None = None
    maybe: set[str] = field(default_factory=set)
    id: int | None = None
    version: int | None = None


@dataclass
class Tally:
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    zones: dict[str, Written] = field(default_factory=dict)
    enterprises: dict[str, Written] = field(default_factory=dict)
    stale_reads: list[str] = field(default_factory=list)
    acknowledged_at: list[float] = field(default_factory=list)  # monotonic time of 2xx writes
    runs: int = 0  # loads counted into this tally: each run's clients get new numbers

    def server_errors(self) -> dict[tuple[str, int], int]:
        return {k: n for k, n in self.statuses.items() if k[1] >= 500}

    def summary(self) -> str:
        by_status = Counter[int]()
        for (_op, status), n in self.statuses.items():
            by_status[status] += n
        writes = sum(1 for w in self.zones.values() if w.acknowledged is not None)
        return (f"{sum(by_status.values())} answers {dict(sorted(by_status.items()))}, "
                f"transport errors {dict(self.errors)}, {writes} zones and "
                f"{len([e for e in self.enterprises.values() if e.acknowledged])} enterprises "
                "acknowledged")  # fmt: skip


class Client:
    def __init__(self, index: int, http: httpx.AsyncClient, tally: Tally) -> None:
        self.index = index
        self.http = http
        self.tally = tally
        self.rng = random.Random(index)
        self.n = 0
        self.mine: list[str] = []  # codes of zones this client created

    async def run(self, stop: float) -> None:
        names, weights = list(OPERATIONS), list(OPERATIONS.values())
        while time.monotonic() < stop:
            operation = self.rng.choices(names, weights)[0]
            if operation in ("read_own", "update_zone") and not self.mine:
                operation = "create_zone"
            self.n += 1
            try:
                await getattr(self, operation)()
            except httpx.HTTPError as exc:
                self.tally.errors[f"{type(exc).__name__} ({operation})"] += 1
                await asyncio.sleep(0.05)

    def _seen(self, operation: str, response: httpx.Response) -> httpx.Response:
        self.tally.statuses[(operation, response.status_code)] += 1
        return response

    async def read(self) -> None:
        path = self.rng.choice(READS)
        self._seen("read", await self.http.get(path))

    async def read_own(self) -> None:
        code = self.rng.choice(self.mine)
        written = self.tally.zones[code]
        response = self._seen("read_own", await self.http.get(f"/api/v1/zones/{written.id}"))
        # Read your writes: the primary answers with the last acknowledged value.
        ok = response.status_code == 200 and not written.maybe
        if ok and response.json()["developer"] != written.acknowledged:
            self.tally.stale_reads.append(code)

    async def create_zone(self) -> None:
        code = f"LOAD-{self.index}-{self.n}"  # codes are stored in capitals
        developer = f"Công ty Tải {self.index}-{self.n}"
        written = self.tally.zones[code] = Written(maybe={developer})
        response = await self._post("create_zone", "/api/v1/zones",
                                    park_payload(code=code, developer=developer))  # fmt: skip
        if response.status_code == 201:
            body = response.json()
            written.acknowledged, written.maybe = developer, set()
            written.id, written.version = body["id"], body["version"]
            self.mine.append(code)
            self.tally.acknowledged_at.append(time.monotonic())

    async def update_zone(self) -> None:
        code = self.rng.choice(self.mine)
        written = self.tally.zones[code]
        developer = f"Công ty Sửa {self.index}-{self.n}"
        if written.maybe:  # an earlier update got no answer: learn the version first
            current = self._seen("read_own", await self.http.get(f"/api/v1/zones/{written.id}"))
            if current.status_code != 200:
                return
            written.version = current.json()["version"]
        written.maybe.add(developer)
        patch = {"version": written.version, "developer": developer}
        answer = await self.http.patch(f"/api/v1/zones/{written.id}", json=patch)
        response = self._seen("update_zone", answer)
        if response.status_code == 200:
            written.acknowledged, written.maybe = developer, set()
            written.version = response.json()["version"]
            self.tally.acknowledged_at.append(time.monotonic())
        elif response.status_code < 500:  # refused: it did not happen
            written.maybe.discard(developer)

    async def enterprise(self) -> None:
        number = self.index * 1000 + self.n % 1000
        payload = enterprise_payload(60_000 + number, name=f"Công ty TNHH Tải {self.n}")
        tax = payload["tax_code"]
        if tax in self.tally.enterprises:
            return
        written = self.tally.enterprises[tax] = Written(maybe={payload["name"]})
        response = await self._post("enterprise", "/api/v1/enterprises", payload)
        if response.status_code == 201:
            written.acknowledged, written.maybe = payload["name"], set()
            self.tally.acknowledged_at.append(time.monotonic())
        elif response.status_code < 500:
            written.maybe = set()

    async def _post(self, operation: str, path: str, payload: dict[str, Any]) -> httpx.Response:
        return self._seen(operation, await self.http.post(path, json=payload))


def run_load(
    base: str, token: str, seconds: float, clients: int = CLIENTS, tally: Tally | None = None
) -> Tally:
    """``clients`` clients for ``seconds`` against ``base``, counting into ``tally`` (a new one
    by default); bounded: cancelled at seconds + 60."""
    tally = tally or Tally()

    async def main() -> None:
        # Idle connections are dropped well before uvicorn closes them (after 5 s): a request
        # sent on a connection the server is closing at that moment would get no answer.
        limits = httpx.Limits(
            max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=2
        )
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits,
                                     timeout=httpx.Timeout(30, connect=5)) as http:  # fmt: skip
            stop = time.monotonic() + seconds
            first = tally.runs * clients  # codes stay unique when a tally is loaded again
            tally.runs += 1
            workers = [Client(first + i, http, tally).run(stop) for i in range(clients)]
            await asyncio.wait_for(asyncio.gather(*workers), seconds + 60)

    asyncio.run(main())
    return tally


def missing_writes(url: str, tally: Tally) -> list[str]:
    """Every acknowledged write that the database does not hold as acknowledged (or as one
    of the later writes that got no clear answer)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            query = select(Zone.code, Zone.developer).where(Zone.code.like("LOAD-%"))
            zones = {code: developer for code, developer in session.execute(query)}
            query = select(Enterprise.tax_code, Enterprise.name)
            firms = {tax: name for tax, name in session.execute(query)}
    finally:
        engine.dispose()
    problems = []
    for stored, expected, what in ((zones, tally.zones, "zone"),
                                   (firms, tally.enterprises, "enterprise")):  # fmt: skip
        for key, written in expected.items():
            allowed = written.maybe | ({written.acknowledged} if written.acknowledged else set())
            if written.acknowledged is None:
                if key in stored and stored[key] not in allowed:
                    problems.append(f"{what} {key}: {stored[key]!r}, never written")
            elif stored.get(key) not in allowed:
                problems.append(f"{what} {key}: {stored.get(key)!r}, acknowledged {allowed}")
    return problems
