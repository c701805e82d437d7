"""IIP growth and contributions, checked against the example worked by hand in
docs/statistics.md ("Contributions, worked by hand"): division-only weights, sections and the
total aggregated from them; contributions add up; missing weights and empty runs refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from pytest import approx

from kcn.stats.iip import TOTAL_CODE, compute_iip
from kcn.stats.iip.output import IipError, run

# product: (vsic4, [2023-01, 2023-02, 2024-01, 2024-02])
QUANTITIES = {
    "p1": ("1010", [100, 100, 110, 120]),
    "p2": ("1104", [100, 100, 90, 100]),
    "p3": ("0510", [100, 100, 150, 100]),
}
PERIODS = [(2023, 1), (2023, 2), (2024, 1), (2024, 2)]
DIVISIONS = [("division", "10", 3.0), ("division", "11", 1.0), ("division", "05", 1.0)]


def tables(con: duckdb.DuckDBPyConnection, industry: list[tuple[str, str, float]]) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE micro (province VARCHAR, enterprise VARCHAR, product VARCHAR,"
        " year INTEGER, month INTEGER, quantity DOUBLE)"
    )
    rows = [("01", "e1", product, year, month, float(q))
            for product, (_, qs) in QUANTITIES.items()
            for (year, month), q in zip(PERIODS, qs, strict=True)]  # fmt: skip
    con.executemany("INSERT INTO micro VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE OR REPLACE TABLE pw (product VARCHAR, vsic4 VARCHAR, weight DOUBLE)")
    con.executemany(
        "INSERT INTO pw VALUES (?, ?, 1.0)", [(p, v) for p, (v, _) in QUANTITIES.items()]
    )
    con.execute("CREATE OR REPLACE TABLE iw (level VARCHAR, code VARCHAR, weight DOUBLE)")
    if industry:
        con.executemany("INSERT INTO iw VALUES (?, ?, ?)", industry)


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, int], dict[str, float]]:
    rel = compute_iip(con, "micro", "pw", "iw", 2023)
    return {(r[1], r[2], r[4]): dict(zip(rel.columns, r, strict=True))
            for r in rel.filter("year = 2024").fetchall()}  # fmt: skip


def test_the_example_worked_by_hand_division_weights_only(con: duckdb.DuckDBPyConnection) -> None:
    tables(con, DIVISIONS)
    r = rows(con)
    # January: C = (3·110 + 1·90) / 4 = 105, B = 150, total = (4·105 + 1·150) / 5 = 114
    assert r["section", "C", 1]["index"] == approx(105)
    assert r["total", TOTAL_CODE, 1]["index"] == approx(114)
    assert r["total", TOTAL_CODE, 1]["growth_pct"] == approx(14)
    expected = {
        ("section", "C"): 4.0, ("section", "B"): 10.0, ("division", "10"): 6.0,
        ("division", "11"): -2.0, ("division", "05"): 10.0, ("total", TOTAL_CODE): 14.0,
    }  # fmt: skip
    for (level, code), points in expected.items():
        assert r[level, code, 1]["contribution_pp"] == approx(points), (level, code)
    # February: total 112 (+12 %), C contributes 0.8 × 15 = 12, B 0
    assert r["total", TOTAL_CODE, 2]["growth_pct"] == approx(12)
    assert r["section", "C", 2]["contribution_pp"] == approx(12)
    # January–February cumulated: 226 / 200 → +13 %; C 0.8 × 20 / 200 × 100 = 8, B 5
    assert r["total", TOTAL_CODE, 2]["growth_ytd_pct"] == approx(13)
    assert r["section", "C", 2]["contribution_ytd_pp"] == approx(8)
    assert r["section", "B", 2]["contribution_ytd_pp"] == approx(5)


@pytest.mark.parametrize(
    "industry",
    [DIVISIONS, [("section", "C", 4.0), ("section", "B", 1.0)],
     [*DIVISIONS, ("section", "C", 4.0), ("section", "B", 1.0),
      ("vsic4", "1010", 2.0), ("vsic4", "1104", 5.0), ("vsic4", "0510", 1.0)], []],
)  # fmt: skip
def test_contributions_add_up_at_every_level(
    con: duckdb.DuckDBPyConnection, industry: list[tuple[str, str, float]]
) -> None:
    tables(con, industry)
    r = rows(con)
    for month in (1, 2):
        for kind in ("contribution_pp", "contribution_ytd_pp"):
            total = r["total", TOTAL_CODE, month]
            growth = total["growth_pct" if kind == "contribution_pp" else "growth_ytd_pct"]
            sections = [v[kind] for (lv, _, m), v in r.items() if lv == "section" and m == month]
            assert sum(sections) == approx(growth)
            c_divisions = [r["division", code, month][kind] for code in ("10", "11")]
            assert sum(c_divisions) == approx(r["section", "C", month][kind])


def write(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> tuple[Path, Path, Path]:
    paths = tuple(tmp_path / f"{name}.csv" for name in ("micro", "pw", "iw"))
    for name, path in zip(("micro", "pw", "iw"), paths, strict=True):
        con.execute(f"COPY {name} TO '{path}' (FORMAT CSV, HEADER)")
    return paths  # type: ignore[return-value]


def test_missing_weights_are_named(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    tables(con, DIVISIONS[:2])  # division 05 (section B) has data but no weight
    micro, pw, iw = write(tmp_path, con)
    with pytest.raises(IipError, match="no industry weight for division 05"):
        run(micro, pw, iw, 2023)


def test_a_weight_under_a_parent_without_one_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    tables(con, [*DIVISIONS, ("section", "C", 4.0)])
    with pytest.raises(ValueError, match="division 05 has a weight but its section B has none"):
        rows(con)


def test_a_run_with_no_rows_is_an_error(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    tables(con, DIVISIONS)
    micro, pw, iw = write(tmp_path, con)
    with pytest.raises(IipError, match="no index rows"):
        run(micro, pw, iw, 2019)


def test_the_output_file_carries_growth_and_contributions(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    tables(con, DIVISIONS)
    micro, pw, iw = write(tmp_path, con)
    out = tmp_path / "iip.csv"
    result = run(micro, pw, iw, 2023, out)
    header = out.read_text().splitlines()[0].split(",")
    assert {"growth_pct", "contribution_pp", "growth_ytd_pct", "contribution_ytd_pp"} <= set(header)
    total = next(
        r for r in result if r["level"] == "total" and (r["year"], r["month"]) == (2024, 1)
    )
    assert total["contribution_pp"] == approx(14)
