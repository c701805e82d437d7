"""Benchmark: the full IIP over SYNTHETIC national micro-data, against one GROUP BY of it.

Reference (the floor): one ``GROUP BY province, product, year, month`` of the same Parquet
file, materialised. The IIP scans the micro-data once, to that same aggregate, and computes
everything else from it. Goals: IIP time ≤ 1.5 × the floor; peak RSS < 4 GB, with DuckDB
limited to ``memory_limit = '4GB'`` and 2 threads.

The data (40,000,000 rows: 34 provinces, 10 years, monthly; ``KCN_BENCH_ROWS`` overrides
the count) is generated once by :func:`kcn.demo.synthetic.generate` into
``var/bench/iip-<rows>/``, in a child process so that its memory does not count here. It is
generated again only when missing or when the generator has changed. ``KCN_BENCH_REPEAT``
(default 3) sets how many times each query runs (the two alternate); the best time counts.
The script always exits 0 (it is a report). A line starting with ``WARNING`` says that a
goal was missed.
"""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from kcn.demo import synthetic
from kcn.demo.synthetic import INDUSTRY_WEIGHTS_FILE, MICRO_FILE, PRODUCT_WEIGHTS_FILE, generate
from kcn.stats.iip import compute_iip, source_sql

ROOT = Path(__file__).resolve().parents[1]
FULL_ROWS = 40_000_000
ROWS = int(os.environ.get("KCN_BENCH_ROWS", str(FULL_ROWS)))
REPEAT = max(1, int(os.environ.get("KCN_BENCH_REPEAT", "3")))
PROVINCES = 34
YEARS = 10
BASE_YEAR = 2015
THREADS = 2
MEMORY_LIMIT = "4GB"
RATIO_GOAL = 1.5
RSS_GOAL_GB = 4.0
DONE = ".complete"


def data_dir(rows: int) -> Path:
    return ROOT / "var" / "bench" / f"iip-{rows}"


def fingerprint(rows: int) -> str:
    """Identifies a data set: the generator's source and its arguments."""
    source = Path(synthetic.__file__).read_bytes()
    return f"{hashlib.sha256(source).hexdigest()[:16]} rows={rows} p={PROVINCES} y={YEARS}"


def ensure_data(rows: int) -> tuple[Path, float | None]:
    """The data directory, and the generation time when it had to be generated.

    The data is generated again when a file is missing or the generator has changed.
    """
    directory = data_dir(rows)
    files = [directory / name for name in (MICRO_FILE, PRODUCT_WEIGHTS_FILE, INDUSTRY_WEIGHTS_FILE)]
    marker = directory / DONE
    fresh = marker.exists() and marker.read_text().split("\n")[0] == fingerprint(rows)
    if fresh and all(f.exists() for f in files):
        return directory, None
    marker.unlink(missing_ok=True)
    print(f"generating {rows:,} synthetic rows into {directory} …", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--generate", str(rows)], check=True)
    return directory, time.perf_counter() - started


def _generate_child(rows: int) -> None:
    directory = data_dir(rows)
    info = generate(directory, rows, provinces=PROVINCES, years=YEARS)
    (directory / DONE).write_text(f"{fingerprint(rows)}\n{info}\n")
    print(
        f"  {info['rows']:,} rows, {info['provinces']} provinces, {info['enterprises']:,} "
        f"enterprises, {info['products']} products, {info['vsic4']} VSIC4 classes, "
        f"{info['first_year']}–{info['last_year']}",
        flush=True,
    )


def timed(con: duckdb.DuckDBPyConnection, run: Callable[[], None], name: str) -> float:
    """Wall time of one ``run()`` that creates table ``name`` (dropped first)."""
    con.execute(f"DROP TABLE IF EXISTS {name}")
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def peak_rss_gb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss * 1024 / 1e9  # ru_maxrss is in KiB on Linux


def main() -> int:
    directory, generation_s = ensure_data(ROWS)
    micro = str(directory / MICRO_FILE)
    pweights = str(directory / PRODUCT_WEIGHTS_FILE)
    iweights = str(directory / INDUSTRY_WEIGHTS_FILE)

    spill = ROOT / "var" / "bench" / "duckdb-tmp"
    spill.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"SET threads = {THREADS}")
    con.execute(f"SET temp_directory = '{spill}'")
    rows = con.sql(f"SELECT count(*) FROM {source_sql(micro)}").fetchall()[0][0]

    def floor() -> None:
        con.execute(f"""
            CREATE TEMP TABLE floor AS
            SELECT province, product, year, month, sum(quantity) AS quantity
            FROM {source_sql(micro)} GROUP BY ALL
        """)

    def iip() -> None:
        compute_iip(con, micro, pweights, iweights, BASE_YEAR, national="VN").to_table("iip")

    # Alternate the two, so that a busy moment on the machine hits both alike.
    floor_runs: list[float] = []
    iip_runs: list[float] = []
    for _ in range(REPEAT):
        floor_runs.append(timed(con, floor, "floor"))
        iip_runs.append(timed(con, iip, "iip"))
    floor_s, iip_s = min(floor_runs), min(iip_runs)
    groups = con.sql("SELECT count(*) FROM floor").fetchall()[0][0]
    out = con.sql(
        "SELECT count(*), count(DISTINCT province), count(DISTINCT (year, month)) FROM iip"
    ).fetchall()[0]
    ratio = iip_s / floor_s
    rss = peak_rss_gb(resource.RUSAGE_SELF)

    print(f"bench_iip: SYNTHETIC data in {directory.relative_to(ROOT)}")
    if generation_s is not None:
        print(
            f"  generation: {generation_s:.1f} s, "
            f"peak RSS {peak_rss_gb(resource.RUSAGE_CHILDREN):.2f} GB (child process)"
        )
    print(
        f"  DuckDB {duckdb.__version__}, threads={THREADS}, memory_limit={MEMORY_LIMIT}, "
        f"best of {REPEAT}"
    )
    print(
        f"  GROUP BY floor: {groups:,} province×product×month groups; runs "
        + ", ".join(f"{t:.2f}" for t in floor_runs)
        + " s"
    )
    print(
        f"  IIP: {out[0]:,} index rows ({out[1]} provinces incl. national, {out[2]} months, "
        "levels total/section/division/vsic4, with yoy/mom/ytd); runs "
        + ", ".join(f"{t:.2f}" for t in iip_runs)
        + " s"
    )
    print(
        f"IIP {rows:,} rows: {iip_s:.2f} s; GROUP BY floor: {floor_s:.2f} s; "
        f"ratio {ratio:.2f} (goal ≤ {RATIO_GOAL}); "
        f"peak RSS {rss:.2f} GB (goal < {RSS_GOAL_GB:g} GB)"
    )
    if ratio > RATIO_GOAL:
        scale = "" if rows >= FULL_ROWS else f" (the goal is set for {FULL_ROWS:,} rows)"
        print(f"WARNING: IIP/floor ratio {ratio:.2f} exceeds the goal {RATIO_GOAL}{scale}")
    if rss >= RSS_GOAL_GB:
        print(f"WARNING: peak RSS {rss:.2f} GB is not below the goal {RSS_GOAL_GB:g} GB")
    con.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--generate":
        _generate_child(int(sys.argv[2]))
        sys.exit(0)
    try:
        main()
    except Exception as exc:  # a report: say what failed, never fail `make bench`
        print(f"WARNING: bench_iip failed: {exc!r}")
    sys.exit(0)
