"""Faults: PostgreSQL restarted in the middle of the load, and an import killed with SIGKILL
midway.

The restart uses a private PostgreSQL cluster (tests/pgcluster.py), never the machine's shared
one: the server recovers by itself (answers 503 while the database is away, never 500) and
no acknowledged write is lost. The killed import leaves every table exactly as before (row
counts and a checksum of every row), on SQLite and on PostgreSQL; the same import then runs
to completion.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from kcn.db import Base, make_engine
from kcn.enterprises import imports
from kcn.kit.permissions import system_actor
from kcn.models import Enterprise
from tests.conftest import TEST_SECRET, Backend
from tests.enterprises.factories import tax_code
from tests.ops.live import prepare
from tests.ops.load import Tally, kcn_server, missing_writes, prepare_database, run_load, server_log
from tests.pgcluster import private_cluster

RESTART_LOAD_SECONDS = 12.0
WRITES_BEFORE = 20  # acknowledged writes before the restart
WRITES_AFTER = 10  # ... after it
LOAD_CAP_SECONDS = 150  # the load goes on until both counts are reached, at most this long
IMPORT_ROWS = 3_000
ACTOR = system_actor("test setup", "import")
pytestmark = pytest.mark.timeout(300)  # each test, whatever hangs


def test_postgres_restart_mid_load(tmp_path: Path) -> None:
    with private_cluster() as cluster:
        token = prepare_database(cluster.url, demo=False)
        tally = Tally()
        restarted: list[float] = []  # when the restart began, when it ended

        def restart() -> None:
            # Counted in writes, not seconds: a busy machine acknowledges fewer per second.
            deadline = time.monotonic() + LOAD_CAP_SECONDS / 2
            while len(tally.acknowledged_at) < WRITES_BEFORE and time.monotonic() < deadline:
                time.sleep(0.05)
            restarted.append(time.monotonic())
            cluster.restart()
            restarted.append(time.monotonic())

        with kcn_server(cluster.url, tmp_path / "var") as base:
            thread = threading.Thread(target=restart, daemon=True)
            thread.start()
            run_load(base, token, RESTART_LOAD_SECONDS, tally=tally)
            cap = time.monotonic() + LOAD_CAP_SECONDS
            while time.monotonic() < cap and (  # go on until enough writes after the restart
                len(restarted) < 2
                or sum(t > restarted[1] for t in list(tally.acknowledged_at)) < WRITES_AFTER
            ):
                run_load(base, token, 5, tally=tally)
            thread.join(30)
            ready = httpx.get(f"{base}/readyz", timeout=10).status_code
        print(f"\nPostgreSQL restarted mid-load ({restarted[1] - restarted[0]:.1f} s): "
              f"{tally.summary()}")  # fmt: skip
        assert len(restarted) == 2, "PostgreSQL was not restarted during the load"
        log = server_log(tmp_path / "var")
        assert not {k: n for k, n in tally.server_errors().items() if k[1] != 503}, (
            tally.summary(), log)  # fmt: skip
        assert not tally.errors, tally.summary()  # every request got an answer
        before = [t for t in tally.acknowledged_at if t < restarted[0]]
        after = [t for t in tally.acknowledged_at if t > restarted[1]]
        assert len(before) >= WRITES_BEFORE and len(after) >= WRITES_AFTER, (
            "writes did not go on after the restart", tally.summary())  # fmt: skip
        assert ready == 200
        assert not missing_writes(cluster.url, tally)


def _workbook(path: Path, start: int, rows: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["tax_code", "name", "ownership", "countries"])
    for n in range(start, start + rows):
        sheet.append([tax_code(n), f"Công ty TNHH Nhập {n}", "fdi", "KR, JP"])
    book.save(path)


def _fingerprint(engine: Engine) -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows in key order."""
    found = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            digest = hashlib.sha256()
            rows = conn.execute(select(table).order_by(*table.primary_key.columns))
            count = 0
            for row in rows:
                digest.update(repr(tuple(row)).encode())
                count += 1
            found[table.name] = (count, digest.hexdigest())
    return found


def _writing(backend: Backend) -> bool:
    """Whether another connection is writing to the enterprises (has not committed yet)."""
    if backend.kind == "sqlite":
        path = backend.url.removeprefix("sqlite:///")
        conn = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")  # refused while a writer holds the lock
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()
    engine = make_engine(backend.url)
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = :table AND c.relnamespace = CAST(:schema AS regnamespace) "
                "AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()"
            ), {"schema": backend.schema, "table": Enterprise.__tablename__}).scalar())  # fmt: skip
    finally:
        engine.dispose()


def _import(backend: Backend, file: Path, var_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KCN_DATABASE_URL": backend.url, "KCN_SECRET_KEY": TEST_SECRET,
           "KCN_VAR_DIR": str(var_dir)}  # fmt: skip
    kcn = Path(sys.executable).parent / "kcn"
    return subprocess.Popen([str(kcn), "import", "enterprises", str(file)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def test_import_killed_midway_leaves_the_data_as_before(backend_kind: str, tmp_path: Path) -> None:
    backend = Backend(backend_kind, tmp_path)
    var_dir = tmp_path / "var"
    try:
        prepare(backend, var_dir)
        engine = make_engine(backend.url)
        with Session(engine) as session:  # some enterprises already there
            rows = [(n, {"tax_code": tax_code(n), "name": f"Công ty TNHH Có Sẵn {n}",
                         "ownership": "domestic"}) for n in range(10_000, 10_050)]  # fmt: skip
            assert imports.import_rows(session, "enterprises", rows, ACTOR, "vi").created == 50
        before = _fingerprint(engine)
        big = tmp_path / "big.xlsx"
        _workbook(big, 20_000, IMPORT_ROWS)

        started = time.monotonic()
        process = _import(backend, big, var_dir)
        deadline = time.monotonic() + 60
        while not _writing(backend):
            assert process.poll() is None, ("the import ended before it was killed",
                                            process.communicate())  # fmt: skip
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        killed = time.monotonic() - started
        assert process.wait(10) == -signal.SIGKILL
        process.communicate()

        assert _fingerprint(engine) == before
        started = time.monotonic()
        again = _import(backend, big, var_dir)
        _out, err = again.communicate(timeout=120)
        print(
            f"\n{backend_kind}: import of {IMPORT_ROWS} rows killed once writing, after "
            f"{killed:.1f} s; the whole import took {time.monotonic() - started:.1f} s"
        )
        assert again.returncode == 0, err.decode()
        with engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(Enterprise)).scalar()
        assert count == before[Enterprise.__tablename__][0] + IMPORT_ROWS
        engine.dispose()
    finally:
        backend.drop()
