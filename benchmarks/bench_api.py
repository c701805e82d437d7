"""Benchmark: the API and pages on the SYNTHETIC national registry under 50 concurrent clients,
against a bare FastAPI endpoint that returns the same bytes from memory.

For SQLite and PostgreSQL, the national data set (``kcn demo synth --scale national``: 34
synthetic provinces, 1,750 zones, 60,000 enterprises, 80,000 projects, ~800,000 quarterly
reports, 200,000 requests) is generated once and kept: SQLite in ``var/bench/api-national/``,
PostgreSQL in the database ``kcn_bench_api`` (``KCN_BENCH_POSTGRES_URL``); both are made again
when the generator's ``VERSION`` or the migrations' head changes. Then ``kcn serve --workers 2``
and the bare app (``benchmarks/bare_app.py``, same worker count) are loaded in turn with
``wrk`` (2 threads, 50 connections, ``KCN_BENCH_SECONDS``, default 10 s, per endpoint):

- the zone list (50 parks, a filter and a sort), a zone's page, the zone summary, the
  dashboard, the enterprise list (50 rows, a filter) and the investor search.

Printed per endpoint: requests/s, p50 and p99 latency of KCN and of the bare endpoint, their
throughput ratio, and the time of one request alone (median of 5). Goals: ratio ≥ 50 %, p99
< 100 ms, one request < 200 ms, the server's memory (all its processes) < 500 MB. A line
starting with ``WARNING`` names each missed goal. The rate limits are raised for the run (one
client address sends everything). The script always exits 0 (it is a report).

``KCN_BENCH_SCALE=province`` runs on one synthetic province instead (quicker).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from kcn.audit import service as _audit  # noqa: F401  (stores the audit trail)
from kcn.auth import service as auth_service
from kcn.config import Settings
from kcn.db import make_engine
from kcn.demo import national
from kcn.kit.permissions import system_actor
from kcn.models import User, Zone
from kcn.ops import schema

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BENCH = ROOT / "var" / "bench"
SCALE = os.environ.get("KCN_BENCH_SCALE", "national")
SECONDS = int(os.environ.get("KCN_BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("KCN_BENCH_WORKERS", "2"))
CONNECTIONS = 50
PG_URL = os.environ.get(
    "KCN_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/kcn_bench_api"
)
SECRET = "bench-secret-key"
RATIO_GOAL, P99_GOAL_MS, SINGLE_GOAL_MS, RSS_GOAL_MB = 0.5, 100.0, 200.0, 500.0


def fingerprint() -> str:
    return f"national v{national.VERSION} scale={SCALE} schema={schema.head()}"


def server_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "KCN_DATABASE_URL": url,
        "KCN_SECRET_KEY": SECRET,
        "KCN_RATE_LIMIT_AUTHENTICATED": "10000000/minute",
        "KCN_RATE_LIMIT_ANONYMOUS": "10000000/minute",
    }


def generate(url: str) -> float:
    """Migrate the empty database at ``url`` and fill it; the seconds it took."""
    started = time.perf_counter()
    env = server_env(url)
    subprocess.run([str(BIN / "kcn"), "db", "upgrade"], env=env, check=True)
    subprocess.run([str(BIN / "kcn"), "demo", "synth", "--scale", SCALE], env=env, check=True)
    return time.perf_counter() - started


def ensure_sqlite() -> tuple[str, float | None]:
    directory = BENCH / f"api-{SCALE}"
    marker, database = directory / ".complete", directory / "kcn.sqlite3"
    url = f"sqlite:///{database}"
    if marker.exists() and marker.read_text() == fingerprint() and database.exists():
        return url, None
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    print(f"generating the {SCALE} synthetic registry into {database} …", flush=True)
    seconds = generate(url)
    marker.write_text(fingerprint())
    return url, seconds


def ensure_postgres() -> tuple[str | None, float | None]:
    """The benchmark database on PostgreSQL (None when the server is unreachable)."""
    target = make_url(PG_URL)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    # One marker per database: it names the scale the database holds.
    marker = BENCH / "api-postgres.complete"
    try:
        with admin.connect() as conn:
            exists = conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
            )
            if exists and marker.exists() and marker.read_text() == f"{fingerprint()} {PG_URL}":
                return PG_URL, None
            print(f"generating the {SCALE} synthetic registry into {PG_URL} …", flush=True)
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    except Exception as exc:  # no PostgreSQL here: SQLite only
        print(f"WARNING: PostgreSQL unreachable ({str(exc).splitlines()[0]}): skipped")
        return None, None
    finally:
        admin.dispose()
    marker.unlink(missing_ok=True)
    seconds = generate(PG_URL)
    marker.write_text(f"{fingerprint()} {PG_URL}")
    return PG_URL, seconds


def token_and_zone(url: str) -> tuple[str, int]:
    """A fresh API token of the administrator ``bench``, and the first park's id."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            actor = system_actor("bench_api", "cli")
            user = session.scalar(select(User).where(User.username == "bench"))
            if user is None:
                data = auth_service.NewUser("bench", "bench password 42", "admin", "Bench", None)
                user = auth_service.create_user(session, data, actor)
            settings = Settings(database_url=url, secret_key=SECRET)
            _, token = auth_service.create_token(session, settings, user, "bench", None, actor)
            park = session.scalar(
                select(Zone.id).where(Zone.kind == "industrial_park").order_by(Zone.id)
            )
            assert park is not None
            return token, park
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(args: list[str], env: dict[str, str], log: Path, port: int) -> subprocess.Popen[bytes]:
    with log.open("ab") as handle:
        process = subprocess.Popen(
            args, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except (URLError, ConnectionError, OSError):
            if process.poll() is not None:
                break
            time.sleep(0.5)
    stop(process)
    raise RuntimeError(f"{args[0]} did not start (see {log})")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants (MB), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, ()))
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total / 1024


def fetch(url: str, token: str) -> tuple[int, bytes, str, float]:
    request = Request(url, headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urlopen(request, timeout=600) as response:
        body = response.read()
        seconds = time.perf_counter() - started
        return response.status, body, response.headers.get("content-type", ""), seconds


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, token: str) -> Load:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s",
         "-H", f"Authorization: Bearer {token}", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    output = result.stdout
    with (BENCH / "wrk.log").open("a") as log:
        log.write(f"$ wrk … {url}\n{output}\n")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors = 0
    if (done := re.search(r"(\d+) requests in", output)) and int(done.group(1)) == 0:
        return Load(0.0, float("nan"), float("nan"), 1)
    if found := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(found.group(1))
    if found := re.search(r"Socket errors:.*timeout (\d+)", output):
        errors += int(found.group(1))
    return Load(rps, p50, p99, errors)


def endpoints(zone_id: int) -> dict[str, str]:
    return {
        "zone list": "/api/v1/zones?kind=industrial_park&sort=-area&limit=50",
        "zone page": f"/zones/{zone_id}",
        "summary": "/api/v1/zones/summary",
        "dashboard": "/dashboard",
        "enterprise list": "/api/v1/enterprises?ownership=fdi&sort=name&limit=50",
        "investor search": "/investors?area_ha=5",
    }


def run(label: str, url: str) -> list[str]:
    """Load KCN and the bare app on one database; the report's lines."""
    token, zone_id = token_and_zone(url)
    paths = endpoints(zone_id)
    kcn_port, bare_port = free_port(), free_port()
    log = BENCH / f"serve-{label.lower()}.log"
    log.write_text("")
    server = start(
        [str(BIN / "kcn"), "serve", "--host", "127.0.0.1", "--port", str(kcn_port),
         "--workers", str(WORKERS)],
        server_env(url), log, kcn_port,
    )  # fmt: skip
    lines: list[str] = []
    bare: subprocess.Popen[bytes] | None = None
    try:
        kcn = f"http://127.0.0.1:{kcn_port}"
        single: dict[str, float] = {}
        responses: dict[str, dict[str, str]] = {}
        for name, path in paths.items():
            status, body, media_type, _ = fetch(kcn + path, token)
            if status != 200:
                raise RuntimeError(f"{name}: {path} answered {status}")
            times = [fetch(kcn + path, token)[3] * 1000 for _ in range(5)]
            single[name] = statistics.median(times)
            responses[name] = {"media_type": media_type, "body": body.decode("utf-8")}
        bodies = BENCH / f"bare-{label.lower()}.json"
        bodies.write_text(json.dumps(responses), "utf-8")
        bare = start(
            [sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(ROOT / "benchmarks"),
             "--host", "127.0.0.1", "--port", str(bare_port), "--workers", str(WORKERS),
             "--log-level", "warning"],
            {**os.environ, "KCN_BARE_RESPONSES": str(bodies)}, log, bare_port,
        )  # fmt: skip
        rss = tree_rss_mb(server.pid)
        lines.append(
            f"{label}: kcn serve --workers {WORKERS} vs bare FastAPI ({WORKERS} workers); "
            f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s per endpoint"
        )
        lines.append(
            f"  {'endpoint':<16} {'kcn req/s':>9} {'p50 ms':>7} {'p99 ms':>7}   "
            f"{'bare req/s':>10} {'p50 ms':>7} {'p99 ms':>7}   {'ratio':>6} {'1 req ms':>8}"
        )
        warnings: list[str] = []
        for name, path in paths.items():
            ours = wrk(kcn + path, token)
            rss = max(rss, tree_rss_mb(server.pid))
            # wrk leaves requests queued in the server: wait until it has served them, so
            # that they do not slow the next measurement (a request waits behind them).
            fetch(kcn + path, token)
            ref = wrk(f"http://127.0.0.1:{bare_port}/bare/{name.replace(' ', '%20')}", token)
            ratio = ours.rps / ref.rps if ref.rps else 0.0
            lines.append(
                f"  {name:<16} {ours.rps:>9.1f} {ours.p50_ms:>7.1f} {ours.p99_ms:>7.1f}   "
                f"{ref.rps:>10.1f} {ref.p50_ms:>7.1f} {ref.p99_ms:>7.1f}   "
                f"{ratio:>6.1%} {single[name]:>8.1f}"
            )
            if ratio < RATIO_GOAL:
                warnings.append(f"{name}: {ratio:.1%} of the bare endpoint's throughput")
            if ours.p99_ms >= P99_GOAL_MS:
                warnings.append(f"{name}: p99 {ours.p99_ms:.0f} ms")
            if single[name] >= SINGLE_GOAL_MS:
                warnings.append(f"{name}: one request takes {single[name]:.0f} ms")
            if ours.errors:
                warnings.append(f"{name}: {ours.errors} non-2xx responses or timeouts (10 s)")
        lines.append(f"  server memory (all {WORKERS + 1} processes): {rss:.0f} MB")
        if rss >= RSS_GOAL_MB:
            warnings.append(f"server memory {rss:.0f} MB")
        goals = (
            f"goals: ≥ {RATIO_GOAL:.0%} of bare, p99 < {P99_GOAL_MS:.0f} ms, one request "
            f"< {SINGLE_GOAL_MS:.0f} ms, memory < {RSS_GOAL_MB:.0f} MB"
        )
        lines.append(f"  {goals}")
        lines += [f"WARNING: {label}: {w}" for w in warnings]
    finally:
        if bare is not None:
            stop(bare)
        stop(server)
    return lines


def main() -> None:
    if shutil.which("wrk") is None:
        print("WARNING: bench_api skipped: wrk is not installed (apt-get install wrk)")
        return
    BENCH.mkdir(parents=True, exist_ok=True)
    (BENCH / "wrk.log").write_text("")
    databases: list[tuple[str, str]] = []
    sqlite_url, seconds = ensure_sqlite()
    if seconds is not None:
        print(f"  SQLite: generated in {seconds:.0f} s")
    databases.append(("SQLite", sqlite_url))
    pg_url, seconds = ensure_postgres()
    if pg_url is not None:
        if seconds is not None:
            print(f"  PostgreSQL: generated in {seconds:.0f} s")
        databases.append(("PostgreSQL", pg_url))
    print(f"bench_api: SYNTHETIC {SCALE} registry ({fingerprint()}), {os.cpu_count()} CPUs")
    for label, url in databases:
        for line in run(label, url):
            print(line, flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a report: say what failed, never fail `make bench`
        print(f"WARNING: bench_api failed: {exc!r}")
    sys.exit(0)
