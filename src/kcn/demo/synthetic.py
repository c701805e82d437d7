"""SYNTHETIC national industrial micro-data for the IIP: invented figures, for tests and
benchmarks only.

Nothing here is real data. The provinces are 'S01'…'S34', the enterprises 'SYN-S01-00042', the
products 'SYN-P007', and every file name starts with ``SYNTHETIC_``. The VSIC4 codes follow
the VSIC 2018 pattern (2-digit division + 2 digits) inside sections B–E, but most of them are
made up.

The structure is realistic enough to exercise the method and to measure it:

- ~400 products over 120 VSIC4 classes in all 34 divisions of sections B–E (05–09, 10–33, 35,
  36–39);
- production lines (one enterprise making one product in one province); each enterprise runs
  about three lines; each line reports every month of every year, so there are
  ``ceil(rows / (12·years))`` lines spread over the provinces;
- the level differs by line; the growth rate by product (2–12 % a year) plus a province
  tilt; the seasonality is that of Viet Nam's industry. Output dips in the month of Tết: in
  January when Tết falls in January (2017, 2020, 2023, 2025), in February otherwise. December
  is high; there is ±5 % noise;
- about 3 % of the lines open after the base (first) year and report 0 until then. A
  province × product pair whose lines all open late has a zero base (the IIP must exclude
  and report it).

All randomness is ``hash()`` of the row's coordinates and the seed, computed by DuckDB, not
Python's ``random``: the same arguments give the same rows (the order of rows in the file
may differ). The whole data set is written by DuckDB SQL (``COPY … TO … (FORMAT parquet)``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import duckdb

from kcn.stats.iip import SECTION_OF_DIVISION

MICRO_FILE = "SYNTHETIC_iip_micro.parquet"
PRODUCT_WEIGHTS_FILE = "SYNTHETIC_iip_product_weights.parquet"
INDUSTRY_WEIGHTS_FILE = "SYNTHETIC_iip_industry_weights.parquet"

PRODUCTS = 400
VSIC4_CLASSES = 120
LAST_YEAR = 2024
LINES_PER_ENTERPRISE = 3

# VSIC 2018 divisions of sections B (05–09), C (10–33), D (35) and E (36–39): 34 divisions.
DIVISIONS = [f"{d:02d}" for d in [*range(5, 10), *range(10, 34), 35, *range(36, 40)]]

# Years whose Tết (1st day of the lunar year) falls in January (vn-domain-rules.md §8); in
# the other years of 2005–2030 it falls in February.
TET_IN_JANUARY = (2006, 2009, 2012, 2014, 2017, 2020, 2023, 2025, 2028)

# Seasonal factors by month in a year with Tết in February, and the January/February
# factors when Tết is in January.
SEASON = (0.97, 0.78, 1.00, 0.99, 1.01, 1.02, 1.01, 1.03, 1.03, 1.04, 1.06, 1.10)
SEASON_TET_JANUARY = (0.80, 0.93)


def _uniform(seed: int, stream: int, *keys: str) -> str:
    """SQL for a pseudo-random number in [0, 1) from the keys, the seed and a stream id."""
    return f"(hash({', '.join(keys)}, {seed}, {stream}) % 1000003) / 1000003.0"


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def generate(
    path: Path, rows: int, provinces: int = 34, years: int = 10, seed: int = 1
) -> dict[str, Any]:
    """Write the synthetic micro-data and its weights as Parquet files in directory ``path``.

    Returns the paths (``micro``, ``product_weights``, ``industry_weights``) and the counts
    (``rows``, ``provinces``, ``enterprises``, ``products``, ``vsic4``, ``divisions``), the
    year range (``first_year``, ``last_year``) and ``base_year`` (the first year).
    """
    if rows <= 0 or provinces <= 0 or years <= 0:
        raise ValueError("rows, provinces and years must be positive")
    if provinces > 99:
        raise ValueError("at most 99 provinces")
    path.mkdir(parents=True, exist_ok=True)
    micro = path / MICRO_FILE
    product_weights = path / PRODUCT_WEIGHTS_FILE
    industry_weights = path / INDUSTRY_WEIGHTS_FILE
    months_total = 12 * years
    lines = math.ceil(rows / months_total)
    first_year = LAST_YEAR - years + 1
    divisions = ", ".join(f"('{d}', {i})" for i, d in enumerate(DIVISIONS))
    season = ", ".join(f"({m + 1}, {f})" for m, f in enumerate(SEASON))
    tet_january = ", ".join(str(y) for y in TET_IN_JANUARY)
    jan, feb = SEASON_TET_JANUARY

    con = duckdb.connect()
    # Rows are written as they come (their order carries nothing), so COPY streams.
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(f"""
            CREATE TEMP TABLE division AS
            SELECT * FROM (VALUES {divisions}) AS d(division, pos);
            -- 120 classes: class v is in division v mod 34, as its (v div 34 + 1)-th class.
            CREATE TEMP TABLE vsic4 AS
            SELECT v.range AS v, d.division,
                   d.division || CAST(v.range // {len(DIVISIONS)} + 1 AS VARCHAR) || '0' AS vsic4,
                   0.2 + 0.2 * {_uniform(seed, 11, "v.range")} AS va_ratio
            FROM range({VSIC4_CLASSES}) AS v
            JOIN division AS d ON d.pos = v.range % {len(DIVISIONS)};
            CREATE TEMP TABLE product AS
            SELECT p.range AS pn, 'SYN-P' || lpad(CAST(p.range AS VARCHAR), 3, '0') AS product,
                   c.vsic4, c.va_ratio,
                   -- base-year output value (synthetic tỷ đồng) and yearly growth 2–12 %
                   round(50 + 4950 * {_uniform(seed, 12, "p.range")}, 1) AS weight,
                   0.02 + 0.10 * {_uniform(seed, 13, "p.range")} AS growth
            FROM range({PRODUCTS}) AS p
            JOIN vsic4 AS c ON c.v = p.range % {VSIC4_CLASSES};
            CREATE TEMP TABLE line AS
            SELECT l.range AS line,
                   'S' || lpad(CAST(l.range % {provinces} + 1 AS VARCHAR), 2, '0') AS province,
                   'SYN-S' || lpad(CAST(l.range % {provinces} + 1 AS VARCHAR), 2, '0') || '-'
                       || lpad(CAST(l.range // {provinces} // {LINES_PER_ENTERPRISE}
                                    AS VARCHAR), 5, '0') AS enterprise,
                   p.product,
                   -- level: log-uniform between 10 and 10,000 units a month
                   pow(10, 1 + 3 * {_uniform(seed, 21, "l.range")}) AS level,
                   p.growth + 0.04 * ({_uniform(seed, 22, "l.range % " + str(provinces))} - 0.5)
                       AS growth,
                   -- new lines open after the base (first) year
                   CASE WHEN {years} > 1 AND {_uniform(seed, 23, "l.range")} < 0.03
                        THEN 12 + CAST(floor({_uniform(seed, 24, "l.range")}
                                             * {months_total - 12}) AS INTEGER)
                        ELSE 0 END AS start_t
            FROM range({lines}) AS l
            JOIN product AS p
              ON p.pn = CAST(floor({PRODUCTS} * pow({_uniform(seed, 25, "l.range")}, 1.3))
                             AS INTEGER);
            CREATE TEMP TABLE month AS
            SELECT t.range AS t, {first_year} + t.range // 12 AS year, t.range % 12 + 1 AS month,
                   CASE WHEN {first_year} + t.range // 12 IN ({tet_january})
                             AND t.range % 12 + 1 IN (1, 2)
                        THEN CASE t.range % 12 WHEN 0 THEN {jan} ELSE {feb} END
                        ELSE s.factor END AS season
            FROM range({months_total}) AS t
            JOIN (VALUES {season}) AS s(month, factor) ON s.month = t.range % 12 + 1;
        """)
        con.execute(f"""
            COPY (
                SELECT l.province, l.enterprise, l.product,
                       CAST(m.year AS INTEGER) AS year, CAST(m.month AS INTEGER) AS month,
                       CASE WHEN m.t < l.start_t THEN 0.0
                            ELSE round(l.level * pow(1 + l.growth, m.t / 12.0) * m.season
                                       * (0.95 + 0.10 * {_uniform(seed, 31, "l.line", "m.t")}),
                                       2)
                       END AS quantity
                FROM line AS l CROSS JOIN month AS m
                WHERE l.line * {months_total} + m.t < {rows}
            ) TO {_quote(micro)} (FORMAT parquet)
        """)
        con.execute(f"""
            COPY (SELECT product, vsic4, weight FROM product ORDER BY product)
            TO {_quote(product_weights)} (FORMAT parquet)
        """)
        # Value added: product output × the class's VA ratio, summed up the VSIC tree.
        con.execute(f"""
            COPY (
                WITH v4 AS (
                    SELECT vsic4 AS code, round(sum(weight * va_ratio), 1) AS weight
                    FROM product GROUP BY vsic4
                ),
                d AS (SELECT left(code, 2) AS code, sum(weight) AS weight FROM v4 GROUP BY 1),
                s AS (
                    SELECT {SECTION_OF_DIVISION.format(d="code")} AS code, sum(weight) AS weight
                    FROM d GROUP BY 1
                )
                SELECT CAST(NULL AS VARCHAR) AS province, 'vsic4' AS level, code, weight FROM v4
                UNION ALL SELECT NULL, 'division', code, weight FROM d
                UNION ALL SELECT NULL, 'section', code, weight FROM s
                ORDER BY level, code
            ) TO {_quote(industry_weights)} (FORMAT parquet)
        """)
        counts = con.sql(f"""
            SELECT (SELECT count(*) FROM read_parquet({_quote(micro)})),
                   (SELECT count(DISTINCT province) FROM line),
                   (SELECT count(DISTINCT enterprise) FROM line),
                   (SELECT count(*) FROM product),
                   (SELECT count(*) FROM vsic4),
                   (SELECT count(*) FROM division)
        """).fetchall()[0]
    finally:
        con.close()
    return {
        "micro": micro,
        "product_weights": product_weights,
        "industry_weights": industry_weights,
        "rows": int(counts[0]),
        "provinces": int(counts[1]),
        "enterprises": int(counts[2]),
        "products": int(counts[3]),
        "vsic4": int(counts[4]),
        "divisions": int(counts[5]),
        "first_year": first_year,
        "last_year": LAST_YEAR,
        "base_year": first_year,
        "synthetic": True,
    }
