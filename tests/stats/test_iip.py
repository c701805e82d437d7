"""The IIP (kcn.stats.iip) against indices worked out by hand.

The data set (province '01', base year 2023; quantities are monthly totals after summing the
enterprises):

    product  vsic4  W    2023: m1   m2   m3   m12 | q0     2024: m1   m2   m3
    p1       1010   60         90  100  110  100 | 100          120   80  130  (m1 = 70 + 50)
    p2       1010   40        200  180  220  200 | 200          250  200  300
    p3       1020  100         50   40   60   50 |  50           60   45   75
    p4       1104   50         10   10   10   10 |  10           11    9   12
    p5       0510   80        900 1000 1100 1000 | 1000       1000  800 1200  (2023 m1 = 400 + 500)
    p6       1010   20          0    0    0    0 |   0 → excluded   5    5    5
    p7       (no product weight)            7 every month → excluded

    q0 is the mean of the four base-year months, e.g. p1 (90 + 100 + 110 + 100) / 4 = 100.

Industry weights (value added): vsic4 1010: 30, 1020: 10, 1104: 20, 0510: 40;
division 10: 3, 11: 1, 05: 2; section C: 4, B: 1.
Tree: total = {C, B}; C = {10, 11}; B = {05}; 10 = {1010, 1020}; 11 = {1104}; 05 = {0510}.
Every aggregation step has two children somewhere, so a wrong weight at any level shows up.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from pytest import approx

from kcn.stats.iip import TOTAL_CODE, compute_iip, iip_exclusions, source_sql

BASE = 2023
MONTHS = [(2023, 1), (2023, 2), (2023, 3), (2023, 12), (2024, 1), (2024, 2), (2024, 3)]
QUANTITIES = {
    "p1": [90, 100, 110, 100, 120, 80, 130],
    "p2": [200, 180, 220, 200, 250, 200, 300],
    "p3": [50, 40, 60, 50, 60, 45, 75],
    "p4": [10, 10, 10, 10, 11, 9, 12],
    "p5": [900, 1000, 1100, 1000, 1000, 800, 1200],
    "p6": [0, 0, 0, 0, 5, 5, 5],
    "p7": [7, 7, 7, 7, 7, 7, 7],
}
# Enterprise splits: (product, year, month) -> the parts the enterprises report.
SPLITS = {("p1", 2024, 1): [70.0, 50.0], ("p5", 2023, 1): [400.0, 500.0]}
PRODUCT_WEIGHTS = [
    ("p1", "1010", 60.0),
    ("p2", "1010", 40.0),
    ("p3", "1020", 100.0),
    ("p4", "1104", 50.0),
    ("p5", "0510", 80.0),
    ("p6", "1010", 20.0),
]
INDUSTRY_WEIGHTS: list[tuple[str | None, str, str, float]] = [
    (None, "vsic4", "1010", 30.0),
    (None, "vsic4", "1020", 10.0),
    (None, "vsic4", "1104", 20.0),
    (None, "vsic4", "0510", 40.0),
    (None, "division", "10", 3.0),
    (None, "division", "11", 1.0),
    (None, "division", "05", 2.0),
    (None, "section", "C", 4.0),
    (None, "section", "B", 1.0),
]

Row = tuple[str, str, str, int, int, float]


def micro_rows(province: str = "01") -> list[Row]:
    rows: list[Row] = []
    for product, quantities in QUANTITIES.items():
        for (year, month), quantity in zip(MONTHS, quantities, strict=True):
            parts = SPLITS.get((product, year, month), [float(quantity)])
            assert sum(parts) == quantity
            for k, part in enumerate(parts):
                rows.append((province, f"E{k + 1}-{product}", product, year, month, part))
    return rows


def load(
    con: duckdb.DuckDBPyConnection,
    rows: list[Row],
    industry: list[tuple[str | None, str, str, float]] = INDUSTRY_WEIGHTS,
) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE micro (province VARCHAR, enterprise VARCHAR, product VARCHAR,"
        " year INTEGER, month INTEGER, quantity DOUBLE)"
    )
    con.executemany("INSERT INTO micro VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE OR REPLACE TABLE pw (product VARCHAR, vsic4 VARCHAR, weight DOUBLE)")
    con.executemany("INSERT INTO pw VALUES (?, ?, ?)", PRODUCT_WEIGHTS)
    con.execute(
        "CREATE OR REPLACE TABLE iw (province VARCHAR, level VARCHAR, code VARCHAR, weight DOUBLE)"
    )
    con.executemany("INSERT INTO iw VALUES (?, ?, ?, ?)", industry)


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    load(connection, micro_rows())
    yield connection
    connection.close()


Result = dict[tuple[str, str, str, int, int], tuple[float | None, ...]]


def run(con: duckdb.DuckDBPyConnection, **kwargs: object) -> Result:
    micro = kwargs.pop("micro", "micro")
    pw = kwargs.pop("pw", "pw")
    iw = kwargs.pop("iw", "iw")
    rel = compute_iip(con, micro, pw, iw, BASE, **kwargs)  # type: ignore[arg-type]
    assert rel.columns == [
        "province",
        "level",
        "code",
        "year",
        "month",
        "index",
        "yoy",
        "mom",
        "ytd",
        "growth_pct",
        "contribution_pp",
        "growth_ytd_pct",
        "contribution_ytd_pp",
        "share_pct",
    ]
    out: Result = {}
    for province, level, code, year, month, *values in rel.fetchall():
        key = (province, level, code, year, month)
        assert key not in out, f"duplicate row {key}"
        out[key] = tuple(values)
    return out


def index(result: Result, level: str, code: str, year: int, month: int, p: str = "01") -> float:
    value = result[(p, level, code, year, month)][0]
    assert value is not None
    return value


def test_product_indices(con: duckdb.DuckDBPyConnection) -> None:
    r = run(con, include_products=True)
    # i = q / q0 × 100. p1: q0 = (90+100+110+100)/4 = 100; 2024 m1 = (70+50)/100×100 = 120.
    assert index(r, "product", "p1", 2024, 1) == approx(120.0, rel=1e-9)
    assert index(r, "product", "p1", 2024, 2) == approx(80.0, rel=1e-9)
    # p2: q0 = (200+180+220+200)/4 = 200; 2023 m2 = 180/200×100 = 90; 2024 m3 = 300/200 = 150.
    assert index(r, "product", "p2", 2023, 2) == approx(90.0, rel=1e-9)
    assert index(r, "product", "p2", 2024, 3) == approx(150.0, rel=1e-9)
    # p5: q0 = (900+1000+1100+1000)/4 = 1000 (2023 m1 = 400 + 500); 2023 m1 = 90.
    assert index(r, "product", "p5", 2023, 1) == approx(90.0, rel=1e-9)
    # p3 2024 m2 = 45/50×100 = 90; p4 2024 m3 = 12/10×100 = 120.
    assert index(r, "product", "p3", 2024, 2) == approx(90.0, rel=1e-9)
    assert index(r, "product", "p4", 2024, 3) == approx(120.0, rel=1e-9)
    # Product growth: p1 yoy 2024 m1 = 120/90×100; mom 2024 m1 = 120/100×100 (vs 2023 m12).
    assert r[("01", "product", "p1", 2024, 1)][1] == approx(120 / 90 * 100, rel=1e-9)
    assert r[("01", "product", "p1", 2024, 1)][2] == approx(120.0, rel=1e-9)
    # p6 (q0 = 0) and p7 (no weight) get no index.
    assert not [k for k in r if k[2] in {"p6", "p7"}]


def test_vsic4_indices(con: duckdb.DuckDBPyConnection) -> None:
    r = run(con)
    # I_1010 = (60·i_p1 + 40·i_p2) / (60 + 40); p6 (W 20) is excluded, so ΣW = 100, not 120.
    # 2023 m1: (60·90 + 40·100)/100 = (5400 + 4000)/100 = 94
    assert index(r, "vsic4", "1010", 2023, 1) == approx(94.0, rel=1e-9)
    # 2023 m2: (60·100 + 40·90)/100 = 96;  2023 m3: (60·110 + 40·110)/100 = 110
    assert index(r, "vsic4", "1010", 2023, 2) == approx(96.0, rel=1e-9)
    assert index(r, "vsic4", "1010", 2023, 3) == approx(110.0, rel=1e-9)
    # 2024 m1: (60·120 + 40·125)/100 = (7200 + 5000)/100 = 122
    # 2024 m2: (60·80 + 40·100)/100 = 88;  2024 m3: (60·130 + 40·150)/100 = 138
    assert index(r, "vsic4", "1010", 2024, 1) == approx(122.0, rel=1e-9)
    assert index(r, "vsic4", "1010", 2024, 2) == approx(88.0, rel=1e-9)
    assert index(r, "vsic4", "1010", 2024, 3) == approx(138.0, rel=1e-9)
    # One-product classes equal their product: I_1020 2024 m1 = 60/50×100 = 120.
    assert index(r, "vsic4", "1020", 2024, 1) == approx(120.0, rel=1e-9)
    assert index(r, "vsic4", "0510", 2024, 2) == approx(80.0, rel=1e-9)


def test_division_section_total(con: duckdb.DuckDBPyConnection) -> None:
    r = run(con)
    # Division 10 = (30·I_1010 + 10·I_1020) / 40
    #   2023 m1: (30·94 + 10·100)/40 = (2820 + 1000)/40 = 95.5
    #   2024 m1: (30·122 + 10·120)/40 = (3660 + 1200)/40 = 121.5
    #   2024 m3: (30·138 + 10·150)/40 = (4140 + 1500)/40 = 141
    assert index(r, "division", "10", 2023, 1) == approx(95.5, rel=1e-9)
    assert index(r, "division", "10", 2024, 1) == approx(121.5, rel=1e-9)
    assert index(r, "division", "10", 2024, 3) == approx(141.0, rel=1e-9)
    assert index(r, "division", "11", 2024, 1) == approx(110.0, rel=1e-9)
    assert index(r, "division", "05", 2024, 1) == approx(100.0, rel=1e-9)
    # Section C = (3·I_10 + 1·I_11) / 4
    #   2023 m1: (3·95.5 + 100)/4 = 386.5/4 = 96.625
    #   2024 m1: (3·121.5 + 110)/4 = 474.5/4 = 118.625
    #   2024 m2: I_10 = (30·88 + 10·90)/40 = 88.5 → (3·88.5 + 90)/4 = 355.5/4 = 88.875
    assert index(r, "section", "C", 2023, 1) == approx(96.625, rel=1e-9)
    assert index(r, "section", "C", 2024, 1) == approx(118.625, rel=1e-9)
    assert index(r, "section", "C", 2024, 2) == approx(88.875, rel=1e-9)
    assert index(r, "section", "B", 2024, 3) == approx(120.0, rel=1e-9)
    # Total = (4·I_C + 1·I_B) / 5
    #   2023 m1: (386.5 + 90)/5 = 95.3      2023 m2: I_10 = (2880+800)/40 = 92,
    #            I_C = (276+100)/4 = 94 → (376 + 100)/5 = 95.2
    #   2023 m3: I_10 = (3300+1200)/40 = 112.5, I_C = (337.5+100)/4 = 109.375
    #            → (437.5 + 110)/5 = 109.5
    #   2023 m12: everything 100 → 100
    #   2024 m1: (474.5 + 100)/5 = 114.9    2024 m2: (355.5 + 80)/5 = 87.1
    #   2024 m3: I_C = (3·141 + 120)/4 = 135.75 → (543 + 120)/5 = 132.6
    expected = {
        (2023, 1): 95.3,
        (2023, 2): 95.2,
        (2023, 3): 109.5,
        (2023, 12): 100.0,
        (2024, 1): 114.9,
        (2024, 2): 87.1,
        (2024, 3): 132.6,
    }
    for (year, month), value in expected.items():
        assert index(r, "total", TOTAL_CODE, year, month) == approx(value, rel=1e-9)
    totals = {k for k in r if k[1] == "total"}
    assert totals == {("01", "total", TOTAL_CODE, y, m) for y, m in MONTHS}


def test_growth(con: duckdb.DuckDBPyConnection) -> None:
    r = run(con)

    def growth(year: int, month: int) -> tuple[float | None, ...]:
        return r[("01", "total", TOTAL_CODE, year, month)][1:4]

    # yoy = I_t / I_{t−12} × 100;  mom = I_t / I_{t−1} × 100;
    # ytd(n) = Σ_{m≤n} I_{m,2024} / Σ_{m≤n} I_{m,2023} × 100.
    # 2024 m1: yoy = 114.9/95.3×100 = 120.566…; mom = 114.9/100 (2023 m12)×100 = 114.9;
    #          ytd = 114.9/95.3×100 (one month).
    assert growth(2024, 1) == approx((114.9 / 95.3 * 100, 114.9, 114.9 / 95.3 * 100), rel=1e-9)
    # 2024 m2: yoy = 87.1/95.2×100; mom = 87.1/114.9×100;
    #          ytd = (114.9 + 87.1)/(95.3 + 95.2)×100 = 202/190.5×100 = 106.036…
    assert growth(2024, 2) == approx(
        (87.1 / 95.2 * 100, 87.1 / 114.9 * 100, 202 / 190.5 * 100), rel=1e-9
    )
    # 2024 m3: yoy = 132.6/109.5×100; mom = 132.6/87.1×100;
    #          ytd = (202 + 132.6)/(190.5 + 109.5)×100 = 334.6/300×100 = 111.533…
    assert growth(2024, 3) == approx(
        (132.6 / 109.5 * 100, 132.6 / 87.1 * 100, 334.6 / 300 * 100), rel=1e-9
    )
    # 2023: no 2022, so no yoy and no ytd; mom for m2 = 95.2/95.3×100, none for m1 (no 2022-12)
    # and none for m12 (2023 m11 is missing). ytd m12 needs months 1..12: NULL.
    assert growth(2023, 1) == (None, None, None)
    yoy, mom, ytd = growth(2023, 2)
    assert yoy is None and ytd is None and mom == approx(95.2 / 95.3 * 100, rel=1e-9)
    assert growth(2023, 12) == (None, None, None)
    # A lower level too: vsic4 1010 yoy 2024 m3 = 138/110×100; ytd m2 = (122+88)/(94+96)×100.
    assert r[("01", "vsic4", "1010", 2024, 3)][0:2] == approx((138.0, 138 / 110 * 100), rel=1e-9)
    assert r[("01", "vsic4", "1010", 2024, 2)][3] == approx(210 / 190 * 100, rel=1e-9)


def test_ytd_needs_every_month(con: duckdb.DuckDBPyConnection) -> None:
    # Without any 2024 m2 data (q0 unchanged) the Jan–Mar comparison is incomplete, so ytd
    # 2024 m3 is NULL, and so is its mom (no February). yoy 2024 m3 = 132.6/109.5×100 stays;
    # ytd 2024 m1 = 114.9/95.3×100 stays.
    con.execute("DELETE FROM micro WHERE year = 2024 AND month = 2")
    r = run(con)
    yoy, mom, ytd = r[("01", "total", TOTAL_CODE, 2024, 3)][1:4]
    assert yoy == approx(132.6 / 109.5 * 100, rel=1e-9) and mom is None and ytd is None
    assert r[("01", "total", TOTAL_CODE, 2024, 1)][3] == approx(114.9 / 95.3 * 100, rel=1e-9)
    assert ("01", "total", TOTAL_CODE, 2024, 2) not in r


def test_enterprises_are_summed(con: duckdb.DuckDBPyConnection) -> None:
    # p1 2024 m1 is reported as 70 + 50 by two enterprises: the product index is 120, not 70
    # or 50 (a per-enterprise index would give 70 or 50, a mean 60).
    r = run(con, include_products=True)
    assert index(r, "product", "p1", 2024, 1) == approx(120.0, rel=1e-9)
    # p5 2023 m1 = 400 + 500 = 900 → q0 = 1000 and i = 90.
    assert index(r, "product", "p5", 2023, 1) == approx(90.0, rel=1e-9)
    # Reported by one enterprise instead, nothing changes.
    rows = [(row[0], "ONE", *row[2:]) for row in micro_rows()]
    load(con, rows)
    assert _same(run(con, include_products=True), r)


def _same(a: Result, b: Result) -> bool:
    assert a.keys() == b.keys()
    for key, values in a.items():
        for got, want in zip(values, b[key], strict=True):
            assert (got is None) == (want is None), key
            assert got is None or got == approx(want, rel=1e-12), key
    return True


def test_missing_child_month_is_left_out(con: duckdb.DuckDBPyConnection) -> None:
    # Drop p2's 2024 m2 row: I_1010 uses p1 only that month = 60·80/60 = 80 (not
    # (60·80 + 40·0)/100 = 48). A row with quantity 0 would count: (60·80 + 0)/100 = 48.
    con.execute("DELETE FROM micro WHERE product = 'p2' AND year = 2024 AND month = 2")
    assert index(run(con), "vsic4", "1010", 2024, 2) == approx(80.0, rel=1e-9)
    con.execute("INSERT INTO micro VALUES ('01', 'E1-p2', 'p2', 2024, 2, 0)")
    assert index(run(con), "vsic4", "1010", 2024, 2) == approx(48.0, rel=1e-9)


def test_exclusions_reported(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT INTO pw VALUES ('p8', '4100', 5.0)")  # construction: out of scope
    con.execute(
        "INSERT INTO micro VALUES ('01', 'E1', 'p8', 2023, 1, 3), ('01', 'E1', 'p8', 2024, 1, 4)"
    )
    con.execute("INSERT INTO micro VALUES ('01', 'E1', 'p9', 2024, 1, 3)")  # no base-year row
    con.execute("INSERT INTO pw VALUES ('p9', '1020', 5.0)")
    con.execute("DELETE FROM iw WHERE level = 'vsic4' AND code = '1104'")
    rows = set(iip_exclusions(con, "micro", "pw", "iw", BASE).fetchall())
    assert rows == {
        ("01", "product", "p6", "zero_base"),
        ("01", "product", "p7", "no_product_weight"),
        ("01", "product", "p9", "no_base_data"),
        ("01", "vsic4", "1104", "no_industry_weight"),
        ("01", "vsic4", "4100", "no_industry_weight"),
        ("01", "division", "41", "out_of_scope"),
    }
    r = run(con)
    # Without the 1104 weight division 11 has no index and section C = division 10:
    # 2024 m1: I_C = 121.5, total = (4·121.5 + 100)/5 = 117.2.
    assert ("01", "division", "11", 2024, 1) not in r
    assert index(r, "section", "C", 2024, 1) == approx(121.5, rel=1e-9)
    assert index(r, "total", TOTAL_CODE, 2024, 1) == approx(117.2, rel=1e-9)
    assert ("01", "division", "41", 2024, 1) not in r


def test_province_weights_override_per_level(con: duckdb.DuckDBPyConnection) -> None:
    # Province '02' has the same quantities but its own section weights (C 1, B 1); its other
    # levels fall back to the national weights.
    load(
        con,
        micro_rows("01") + micro_rows("02"),
        [*INDUSTRY_WEIGHTS, ("02", "section", "C", 1.0), ("02", "section", "B", 1.0)],
    )
    r = run(con, national="VN")
    # '02' total 2024 m1 = (1·118.625 + 1·100)/2 = 109.3125; section C is unchanged.
    assert index(r, "total", TOTAL_CODE, 2024, 1, p="02") == approx(109.3125, rel=1e-9)
    assert index(r, "section", "C", 2024, 1, p="02") == approx(118.625, rel=1e-9)
    assert index(r, "total", TOTAL_CODE, 2024, 1, p="01") == approx(114.9, rel=1e-9)
    # National rows: quantities summed over both provinces (each doubled, so the same
    # indices), with the national weights: 114.9.
    assert index(r, "total", TOTAL_CODE, 2024, 1, p="VN") == approx(114.9, rel=1e-9)


def test_national_sums_quantities_before_indexing(con: duckdb.DuckDBPyConnection) -> None:
    # Province '02' makes only p1: 300 in each base-year month (q0 = 300), 300 in 2024 m1.
    extra: list[Row] = [("02", "E9", "p1", y, m, 300.0) for y, m in MONTHS if y == 2023]
    extra.append(("02", "E9", "p1", 2024, 1, 300.0))
    load(con, micro_rows() + extra)
    r = run(con, national="VN", include_products=True)
    # '02': p1 2024 m1 = 300/300×100 = 100.
    assert index(r, "product", "p1", 2024, 1, p="02") == approx(100.0, rel=1e-9)
    # National p1: q0 = ((90+300) + (100+300) + (110+300) + (100+300))/4 = 1600/4 = 400;
    # 2024 m1 = (120 + 300)/400×100 = 105 (not the mean of the indices, (120 + 100)/2 = 110).
    assert index(r, "product", "p1", 2024, 1, p="VN") == approx(105.0, rel=1e-9)
    # National I_1010 2024 m1 = (60·105 + 40·125)/100 = (6300 + 5000)/100 = 113.
    assert index(r, "vsic4", "1010", 2024, 1, p="VN") == approx(113.0, rel=1e-9)


def test_parquet_csv_relation_and_view_agree(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    expected = run(con)
    paths = {}
    for name in ("micro", "pw", "iw"):
        for fmt in ("parquet", "csv"):
            path = tmp_path / f"{name}.{fmt}"
            con.execute(f"COPY {name} TO '{path}' (FORMAT {fmt})")
            paths[name, fmt] = path
    for fmt in ("parquet", "csv"):
        # CSV keeps the leading zeros of '01' and '0510' (read as text, then cast).
        got = run(con, micro=paths["micro", fmt], pw=paths["pw", fmt], iw=paths["iw", fmt])
        assert _same(got, expected)
    got = run(con, micro=str(tmp_path / "mic*.parquet"), pw=con.table("pw"), iw=con.sql("FROM iw"))
    assert _same(got, expected)
    con.execute("CREATE VIEW micro_view AS SELECT * FROM micro")
    assert _same(run(con, micro="micro_view"), expected)


def test_source_sql() -> None:
    assert source_sql("a/b*.parquet") == "read_parquet('a/b*.parquet')"
    assert source_sql(Path("x.CSV")).startswith("read_csv('x.CSV', header = true")
    assert source_sql("main.micro") == '"main"."micro"'
    assert source_sql("it's.parquet") == "read_parquet('it''s.parquet')"
    with pytest.raises(ValueError):
        source_sql("micro; DROP TABLE x")
    with pytest.raises(ValueError):
        source_sql(Path("micro"))


def test_bad_weights_are_refused(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT INTO pw VALUES ('p1', '1010', 5.0)")
    with pytest.raises(ValueError, match="p1 weighted twice"):
        run(con)
    con.execute("DELETE FROM pw WHERE weight = 5")
    con.execute("UPDATE iw SET weight = 0 WHERE code = 'C'")
    with pytest.raises(ValueError, match="section C is not > 0"):
        run(con)
    con.execute("UPDATE iw SET weight = 4 WHERE code = 'C'")
    con.execute("UPDATE pw SET vsic4 = '510' WHERE product = 'p5'")
    with pytest.raises(ValueError, match="not 4 digits"):
        run(con)


def test_synthetic_generator_feeds_the_iip(tmp_path: Path) -> None:
    from kcn.demo.synthetic import generate

    info = generate(tmp_path / "a", rows=150_000, provinces=2, years=3, seed=7)
    again = generate(tmp_path / "b", rows=150_000, provinces=2, years=3, seed=7)
    assert info["rows"] == 150_000 and info["provinces"] == 2 and info["vsic4"] == 120
    assert (info["first_year"], info["last_year"], info["base_year"]) == (2022, 2024, 2022)
    for key in ("micro", "product_weights", "industry_weights"):
        assert info[key].name.startswith("SYNTHETIC_")
    con = duckdb.connect()
    content = (
        "SELECT sum(hash(province, enterprise, product, year, month, quantity) % 1000003) FROM "
    )
    assert (
        con.sql(content + source_sql(info["micro"])).fetchall()
        == con.sql(content + source_sql(again["micro"])).fetchall()
    )
    rel = compute_iip(
        con, info["micro"], info["product_weights"], info["industry_weights"], info["base_year"]
    )
    totals = rel.filter("level = 'total'").order("province, year, month").fetchall()
    assert len(totals) == 2 * 36
    # Tết: January 2023 (Tết on 22/1) is below January 2022 (Tết on 1/2), and February 2023
    # above February 2022, in every province.
    by_month = {(p, y, m): (i, yoy) for p, _, _, y, m, i, yoy, *_ in totals}
    for province in ("S01", "S02"):
        assert by_month[(province, 2023, 1)][1] < 100 < by_month[(province, 2023, 2)][1]
