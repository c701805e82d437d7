"""Benchmark: importing 100,000 SYNTHETIC project rows, against reading the same file alone.

Reference (the floor): reading every cell of the same XLSX with openpyxl in read_only mode.
Goal: the KCN import (read, check every row, write every project with its audit record in one
transaction) reaches ≥ 50 % of the floor's rows/s. The import reads with calamine (Rust), so
it may come close to the floor or pass it.

The database is a fresh SQLite file (and a fresh PostgreSQL schema when
``KCN_TEST_POSTGRES_URL``, default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``,
answers), migrated and holding the demo zones; the enterprises the projects name
(``rows // 10``) are imported first, through the same import. ``KCN_BENCH_IMPORT_ROWS``
overrides the row count, ``KCN_BENCH_BACKENDS`` the databases (``sqlite,postgresql``);
``KCN_BENCH_PROFILE=1`` prints a cProfile of the project import.
The script always exits 0 (it is a report). A line starting with ``WARNING`` says that the
goal was missed.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import resource
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session
from stdnum.vn import mst

from kcn.cli import alembic_config
from kcn.db import make_engine
from kcn.demo.loader import load_demo
from kcn.enterprises import imports, spreadsheets
from kcn.kit.i18n import translate
from kcn.kit.permissions import system_actor
from kcn.models import Zone

ROWS = int(os.environ.get("KCN_BENCH_IMPORT_ROWS", "100000"))
PROFILE = os.environ.get("KCN_BENCH_PROFILE") == "1"
POSTGRES_URL = os.environ.get(
    "KCN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = os.environ.get("KCN_BENCH_BACKENDS", "sqlite,postgresql").split(",")
GOAL = 0.5
PROJECT_KEYS = ("certificate_number", "certificate_date", "enterprise", "zone", "name",
                "vsic_code", "capital_usd", "exchange_rate", "land_ha", "workers_vietnamese",
                "status", "is_demo")  # fmt: skip
VSIC = ("2610", "2630", "2640", "2710", "2930", "1410", "2220", "2599", "2821")


def tax_codes(count: int) -> list[str]:
    """``count`` distinct valid tax codes (check digit right), starting 09 (no demo clash)."""
    codes: list[str] = []
    n = 0
    while len(codes) < count:
        base = f"09{n:07d}"
        n += 1
        code = base + mst.calc_check_digit(base)
        if mst.is_valid(code):
            codes.append(code)
    return codes


def workbook(header: list[str], rows: Iterator[list[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def project_file(count: int, firms: list[str], zones: list[str]) -> bytes:
    header = [translate(f"project.column.{key}", "vi") for key in PROJECT_KEYS]

    def rows() -> Iterator[list[Any]]:
        for i in range(count):
            yield [f"B{i:09d}", "2024-03-15", firms[i % len(firms)], zones[i % len(zones)],
                   f"Dự án tổng hợp số {i}", VSIC[i % len(VSIC)], 1_000_000 + i,
                   24_500, 0.5, 50 + i % 400, "operating", "x"]  # fmt: skip

    return workbook(header, rows())


def enterprise_file(firms: list[str]) -> bytes:
    keys = ("tax_code", "name", "ownership", "countries", "legal_form", "is_demo")
    header = [translate(f"enterprise.column.{key}", "vi") for key in keys]
    rows = ([code, f"Công ty TNHH Tổng Hợp {i}", "fdi", "KR", "TNHH", "x"]
            for i, code in enumerate(firms))  # fmt: skip
    return workbook(header, rows)


def read_only_floor(content: bytes) -> float:
    """Seconds to read every cell of the file with openpyxl alone (read_only)."""
    start = time.perf_counter()
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert count == ROWS + 1
    return time.perf_counter() - start


def kcn_import(engine: Engine, kind: str, content: bytes) -> tuple[float, imports.Report]:
    """Seconds for the whole import as the CLI runs it: read, check, write, commit."""
    actor = system_actor("benchmark", "import")
    start = time.perf_counter()
    cells = spreadsheets.read_cells(f"{kind}.xlsx", content)
    rows = spreadsheets.rows_of(cells, imports.KINDS[kind].columns)
    with Session(engine) as session:
        report = imports.import_rows(session, kind, rows, actor, "vi")
    elapsed = time.perf_counter() - start
    if report.problems:
        raise SystemExit(f"{kind}: {len(report.problems)} problems, first {report.problems[0]}")
    return elapsed, report


@contextmanager
def database(kind: str, folder: Path) -> Iterator[Engine | None]:
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        schema = None
    else:
        try:
            probe = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
            with probe.begin() as conn:
                schema = f"kcn_bench_{uuid.uuid4().hex[:10]}"
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            probe.dispose()
        except Exception as exc:  # no PostgreSQL here: say so and go on
            print(f"postgresql: skipped ({str(exc).strip().splitlines()[0]})")
            yield None
            return
        sep = "&" if "?" in POSTGRES_URL else "?"
        url = f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    try:
        command.upgrade(alembic_config(url), "head")
        engine = make_engine(url)
        with Session(engine) as session:
            load_demo(session)
        yield engine
        engine.dispose()
    finally:
        if schema:
            admin = create_engine(POSTGRES_URL)
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def main() -> None:
    firms = tax_codes(max(1, ROWS // 10))
    print(f"import benchmark: {ROWS:,} project rows, {len(firms):,} enterprises (synthetic)")
    for kind in BACKENDS:
        with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as engine:
            if engine is None:
                continue
            with Session(engine) as session:
                zones = list(
                    session.scalars(select(Zone.code).where(Zone.kind == "industrial_park"))
                )
            firm_seconds, _ = kcn_import(engine, "enterprises", enterprise_file(firms))
            content = project_file(ROWS, firms, zones)
            floor = min(read_only_floor(content) for _ in range(2))  # best of two: a busy machine
            profiler = cProfile.Profile() if PROFILE else None
            if profiler:
                profiler.enable()
            seconds, report = kcn_import(engine, "projects", content)
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
            assert report.created == ROWS
            again, report = kcn_import(engine, "projects", content)
            assert report.unchanged == ROWS
            ratio = floor / seconds
            print(f"{kind}: openpyxl read_only read (floor) {ROWS / floor:,.0f} rows/s; "
                  f"KCN import {ROWS / seconds:,.0f} rows/s ({ratio:.0%} of the floor, goal "
                  f"{GOAL:.0%}); re-import (unchanged) {ROWS / again:,.0f} rows/s; "
                  f"enterprises {len(firms) / firm_seconds:,.0f} rows/s")  # fmt: skip
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{kind}: peak memory of the benchmark process so far {peak:,.0f} MB")
            if ratio < GOAL:
                print(f"WARNING {kind}: the import is below {GOAL:.0%} of the read floor")


if __name__ == "__main__":
    main()
