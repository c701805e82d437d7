"""Index of Industrial Production (IIP): fixed-weight Laspeyres, computed in DuckDB.

The method follows the GSO (vn-domain-rules.md §5). Every step is one SQL block. Python only
picks the sources, checks the weights and assembles the query. The micro-data is scanned and
aggregated **once**, to province × product × year × month. Everything after that works on that
small aggregate, so the whole index costs little more than one ``GROUP BY`` of the micro-data.

Inputs (each a Parquet path or glob, a CSV path, a table or view name, or a DuckDB relation):

- micro-data: ``province`` (text code), ``enterprise`` (text), ``product`` (text), ``year``
  (int), ``month`` (int 1–12), ``quantity`` (double ≥ 0); the importer checks these two,
  this module does not;
- product weights: ``product``, ``vsic4`` (4-digit text), ``weight`` (base-year output value of
  the product, > 0);
- industry weights: ``level`` ('vsic4' | 'division' | 'section'), ``code``, ``weight`` (base-year
  value added, > 0).

Both weight sources may carry a ``province`` column. NULL means the national default. A
province that has rows of its own uses only its own rows: all its product weights, or, for
industry weights, all its weights of that level. It never mixes its own weights with national
ones in one weighted average. Otherwise it uses the national defaults.

The divisions are the first two digits of the VSIC4 code. Sections come from the division
ranges: B 05–09, C 10–33, D 35, E 36–39. A division outside B–E is out of scope.

The results are floats (an index is a ratio of volumes, not money: no Decimal here). They are
**not rounded**. The caller rounds to 2 decimals when it publishes (GSO prints "109,42").
:func:`iip_exclusions` lists what the method left out and why.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import duckdb

Source = str | os.PathLike[str] | duckdb.DuckDBPyRelation

LEVELS = ("total", "section", "division", "vsic4")
"""Values of the ``level`` column, from the top down (plus 'product' on request)."""

TOTAL_CODE = "total"
"""The ``code`` of the whole-industry rows (sections B–E together)."""

SECTION_OF_DIVISION = """CASE
    WHEN {d} BETWEEN '05' AND '09' THEN 'B'
    WHEN {d} BETWEEN '10' AND '33' THEN 'C'
    WHEN {d} = '35' THEN 'D'
    WHEN {d} BETWEEN '36' AND '39' THEN 'E'
END"""
"""SQL for the VSIC 2018 section (B–E) of a 2-digit division; NULL when out of scope."""

_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")

_MICRO_COLUMNS = ("province", "enterprise", "product", "year", "month", "quantity")
_PRODUCT_COLUMNS = ("product", "vsic4", "weight")
_INDUSTRY_COLUMNS = ("level", "code", "weight")


def _literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def source_sql(source: str | os.PathLike[str]) -> str:
    """SQL for a ``FROM`` clause that reads ``source``.

    - ``*.parquet`` / ``*.pq`` (globs too) → ``read_parquet('…')``;
    - ``*.csv`` / ``*.tsv`` / ``*.txt`` (optionally ``.gz``) → ``read_csv('…', header = true,
      all_varchar = true)``. Every column is read as text and cast by the IIP query. Type
      sniffing would otherwise turn codes such as province '01' or VSIC '0510' into numbers
      and lose the leading zero. An empty field reads as NULL;
    - a bare identifier (``name``, ``schema.name``) → that table or view, quoted.

    A :class:`~pathlib.Path` is always treated as a file.
    """
    text = os.fspath(source)
    lowered = text.lower()
    if lowered.endswith(_PARQUET):
        return f"read_parquet({_literal(text)})"
    if lowered.endswith(_CSV):
        return f"read_csv({_literal(text)}, header = true, all_varchar = true)"
    if not isinstance(source, Path) and _IDENTIFIER.fullmatch(text):
        return ".".join(f'"{part}"' for part in text.split("."))
    raise ValueError(f"not a Parquet or CSV path, nor a table or view name: {text!r}")


def _from(con: duckdb.DuckDBPyConnection, source: Source) -> str:
    """``source_sql`` that also accepts a relation (registered as a temporary view)."""
    if isinstance(source, duckdb.DuckDBPyRelation):
        name = f"kcn_iip_source_{uuid.uuid4().hex}"
        source.create_view(name, replace=True)
        return f'"{name}"'
    return source_sql(source)


def _columns(con: duckdb.DuckDBPyConnection, src: str) -> set[str]:
    return {name.lower() for name in con.sql(f"SELECT * FROM {src} LIMIT 0").columns}


def _require(columns: set[str], needed: tuple[str, ...], what: str) -> None:
    missing = [c for c in needed if c not in columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {', '.join(missing)}")


def _weight_sources(
    con: duckdb.DuckDBPyConnection, product_weights: str, industry_weights: str
) -> tuple[str, str]:
    """Typed SELECTs of both weight sources; ``wprov`` is NULL for national defaults."""
    pcols = _columns(con, product_weights)
    icols = _columns(con, industry_weights)
    _require(pcols, _PRODUCT_COLUMNS, "product weights")
    _require(icols, _INDUSTRY_COLUMNS, "industry weights")
    pprov = "CAST(province AS VARCHAR)" if "province" in pcols else "CAST(NULL AS VARCHAR)"
    iprov = "CAST(province AS VARCHAR)" if "province" in icols else "CAST(NULL AS VARCHAR)"
    pw = (
        f"SELECT {pprov} AS wprov, CAST(product AS VARCHAR) AS product, "
        f"CAST(vsic4 AS VARCHAR) AS vsic4, CAST(weight AS DOUBLE) AS weight "
        f"FROM {product_weights}"
    )
    iw = (
        f"SELECT {iprov} AS wprov, lower(CAST(level AS VARCHAR)) AS level, "
        f"CAST(code AS VARCHAR) AS code, CAST(weight AS DOUBLE) AS weight "
        f"FROM {industry_weights}"
    )
    return pw, iw


def _check_weights(con: duckdb.DuckDBPyConnection, pw: str, iw: str) -> None:
    """Refuse weights that would give a wrong index without an error (small tables only)."""
    problems = con.sql(f"""
        WITH pw AS ({pw}), iw AS ({iw})
        SELECT 'product weight for ' || product || ' is not > 0' FROM pw
            WHERE weight IS NULL OR weight <= 0
        UNION ALL SELECT 'product ' || product || ': vsic4 ' || coalesce(vsic4, 'NULL')
            || ' is not 4 digits' FROM pw
            WHERE NOT regexp_full_match(coalesce(vsic4, ''), '[0-9]{{4}}')
        UNION ALL SELECT 'product ' || product || ' weighted twice for province '
            || coalesce(wprov, '(national)') FROM pw GROUP BY wprov, product HAVING count(*) > 1
        UNION ALL SELECT 'industry weight for ' || level || ' ' || code || ' is not > 0' FROM iw
            WHERE weight IS NULL OR weight <= 0
        UNION ALL SELECT 'unknown industry level ' || coalesce(level, 'NULL') FROM iw
            WHERE level IS NULL OR level NOT IN ('vsic4', 'division', 'section')
        UNION ALL SELECT 'industry ' || level || ' ' || code || ' weighted twice for province '
            || coalesce(wprov, '(national)') FROM iw
            GROUP BY wprov, level, code HAVING count(*) > 1
        LIMIT 20
    """).fetchall()
    if problems:
        raise ValueError("invalid IIP weights: " + "; ".join(str(p[0]) for p in problems))


def _ctes(
    con: duckdb.DuckDBPyConnection,
    micro: Source,
    product_weights: Source,
    industry_weights: Source,
    base_year: int,
    national: str | None,
) -> str:
    """The ``WITH`` clause shared by :func:`iip_sql` and :func:`iip_exclusions`.

    CTEs: ``q`` (step 1), ``base`` and ``prod`` (step 2), ``v4`` (step 3), ``div``, ``sec``,
    ``tot`` (step 4), and the resolved weights ``pw`` and ``iw`` per province.
    """
    if isinstance(base_year, bool) or not isinstance(base_year, int):
        raise TypeError("base_year must be an int")
    micro_src = _from(con, micro)
    _require(_columns(con, micro_src), _MICRO_COLUMNS, "micro-data")
    pw_raw, iw_raw = _weight_sources(con, _from(con, product_weights), _from(con, industry_weights))
    _check_weights(con, pw_raw, iw_raw)
    national_q = (
        f"SELECT {_literal(national)} AS province, product, year, month, sum(q) AS q "
        "FROM q_provinces GROUP BY product, year, month"
        if national is not None
        else "SELECT * FROM q_provinces WHERE false"
    )
    section = SECTION_OF_DIVISION.format(d="d.code")
    return f"""
WITH
-- Step 1. q(p, n, t) = Σ_enterprises quantity: the only pass over the micro-data.
q_provinces AS MATERIALIZED (
    SELECT CAST(province AS VARCHAR) AS province, CAST(product AS VARCHAR) AS product,
           CAST(year AS INTEGER) AS year, CAST(month AS INTEGER) AS month,
           sum(CAST(quantity AS DOUBLE)) AS q
    FROM {micro_src}
    GROUP BY ALL
),
-- The national rows, when asked for: quantities summed over the provinces (small).
q_national AS MATERIALIZED ({national_q}),
q AS NOT MATERIALIZED (SELECT * FROM q_provinces UNION ALL SELECT * FROM q_national),
provinces AS (SELECT DISTINCT province FROM q),
-- Weights per province: its own rows when it has any (per level), else the national rows.
pw_raw AS ({pw_raw}),
pw AS (
    SELECT p.province, w.product, w.vsic4, w.weight
    FROM provinces AS p
    LEFT JOIN (SELECT DISTINCT wprov FROM pw_raw WHERE wprov IS NOT NULL) AS own
        ON own.wprov = p.province
    JOIN pw_raw AS w ON w.wprov IS NOT DISTINCT FROM own.wprov
),
iw_raw AS ({iw_raw}),
iw AS (
    SELECT p.province, l.level, w.code, w.weight
    FROM provinces AS p
    CROSS JOIN (VALUES ('vsic4'), ('division'), ('section')) AS l(level)
    LEFT JOIN (SELECT DISTINCT wprov, level FROM iw_raw WHERE wprov IS NOT NULL) AS own
        ON own.wprov = p.province AND own.level = l.level
    JOIN iw_raw AS w ON w.level = l.level AND w.wprov IS NOT DISTINCT FROM own.wprov
),
-- Step 2. q0(p, n) = mean of the monthly q in the base year; i = q_t / q0 × 100 (q0 > 0).
base AS (
    SELECT province, product, avg(q) AS q0 FROM q WHERE year = {base_year} GROUP BY ALL
),
-- The base and the weight of each product, joined first: the big side is probed once.
based AS (
    SELECT b.province, b.product, b.q0, w.vsic4, w.weight
    FROM base AS b JOIN pw AS w ON w.province = b.province AND w.product = b.product
    WHERE b.q0 > 0
),
prod AS (
    SELECT q.province, b.vsic4, q.product, q.year, q.month, q.q / b.q0 * 100 AS idx, b.weight
    FROM q JOIN based AS b ON b.province = q.province AND b.product = q.product
),
-- Step 3. I4 = Σ i·W / Σ W over the products of the VSIC4 class with an index that month.
v4 AS (
    SELECT province, vsic4 AS code, year, month, sum(idx * weight) / sum(weight) AS idx
    FROM prod GROUP BY ALL
),
-- Step 4. Division, section and total: Σ I·W / Σ W over the children with an index that
-- month and an industry weight (value added) of their level.
div AS (
    SELECT v.province, left(v.code, 2) AS code, v.year, v.month,
           sum(v.idx * w.weight) / sum(w.weight) AS idx
    FROM v4 AS v
    JOIN iw AS w ON w.province = v.province AND w.level = 'vsic4' AND w.code = v.code
    GROUP BY ALL
),
sec AS (
    SELECT d.province, {section} AS code, d.year, d.month,
           sum(d.idx * w.weight) / sum(w.weight) AS idx
    FROM div AS d
    JOIN iw AS w ON w.province = d.province AND w.level = 'division' AND w.code = d.code
    WHERE {section} IS NOT NULL
    GROUP BY ALL
),
tot AS (
    SELECT s.province, {_literal(TOTAL_CODE)} AS code, s.year, s.month,
           sum(s.idx * w.weight) / sum(w.weight) AS idx
    FROM sec AS s
    JOIN iw AS w ON w.province = s.province AND w.level = 'section' AND w.code = s.code
    GROUP BY ALL
)"""


def iip_sql(
    con: duckdb.DuckDBPyConnection,
    micro: Source,
    product_weights: Source,
    industry_weights: Source,
    base_year: int,
    *,
    national: str | None = None,
    include_products: bool = False,
) -> str:
    """The SQL of :func:`compute_iip`, e.g. for ``CREATE TABLE … AS``.

    The connection is needed to read the sources' column names and to check the weights.
    """
    ctes = _ctes(con, micro, product_weights, industry_weights, base_year, national)
    products = (
        "UNION ALL SELECT province, 'product', product, year, month, idx FROM prod"
        if include_products
        else ""
    )
    return f"""{ctes},
levels AS (
    SELECT province, 'total' AS level, code, year, month, idx FROM tot
    UNION ALL SELECT province, 'section', code, year, month, idx FROM sec
    UNION ALL SELECT province, 'division', code, year, month, idx FROM div
    UNION ALL SELECT province, 'vsic4', code, year, month, idx FROM v4
    {products}
),
{_growth_sql()}"""


def _growth_sql() -> str:
    """Step 5 over ``levels(province, level, code, year, month, idx)``.

    One row per series and year holds the twelve monthly indices i1 … i12, with the previous
    year's row (p1 … p12) joined beside it, so every comparison is plain arithmetic:
    ``yoy_m = i_m / p_m``, ``mom_m = i_m / i_{m−1}`` (``i_1 / p_12`` in January) and
    ``ytd_m = (i_1 + … + i_m) / (p_1 + … + p_m)``, all × 100. A missing month is NULL and
    NULL propagates through + and /, so a comparison with a missing period is NULL. The
    twelve months are then unnested back to rows.
    """
    months = range(1, 13)
    wide = ",\n           ".join(f"max(idx) FILTER (WHERE month = {m}) AS i{m}" for m in months)
    same = " AND ".join(f"p.{k} = c.{k}" for k in ("province", "level", "code"))

    def ratio(num: str, den: str) -> str:
        return f"({num}) / NULLIF({den}, 0) * 100"

    def total(alias: str, last: int) -> str:
        return " + ".join(f"{alias}.i{m}" for m in range(1, last + 1))

    yoy = ", ".join(ratio(f"c.i{m}", f"p.i{m}") for m in months)
    mom = ", ".join(ratio(f"c.i{m}", f"c.i{m - 1}" if m > 1 else "p.i12") for m in months)
    ytd = ", ".join(ratio(total("c", m), total("p", m)) for m in months)
    index = ", ".join(f"c.i{m}" for m in months)
    return f"""-- Step 5. Growth: one row per series and year, the 12 months side by side.
wide AS MATERIALIZED (
    SELECT province, level, code, year,
           {wide}
    FROM levels GROUP BY ALL
),
growth AS (
    SELECT c.province, c.level, c.code, c.year,
           unnest(range(1, 13)) AS month,
           unnest([{index}]) AS idx,
           unnest([{yoy}]) AS yoy,
           unnest([{mom}]) AS mom,
           unnest([{ytd}]) AS ytd
    FROM wide AS c LEFT JOIN wide AS p ON {same} AND p.year = c.year - 1
)
SELECT province, level, code, year, CAST(month AS INTEGER) AS month, idx AS "index",
       yoy, mom, ytd
FROM growth WHERE idx IS NOT NULL"""


def compute_iip(
    con: duckdb.DuckDBPyConnection,
    micro: Source,
    product_weights: Source,
    industry_weights: Source,
    base_year: int,
    *,
    national: str | None = None,
    include_products: bool = False,
) -> duckdb.DuckDBPyRelation:
    """The IIP of every province, level, code and month, as a lazy DuckDB relation.

    Columns: ``province, level, code, year, month, index, yoy, mom, ytd``. ``level`` is
    'total' (code :data:`TOTAL_CODE`), 'section' (B–E), 'division' (2 digits) or 'vsic4'.
    With ``include_products`` the product indices come too (level 'product').

    1. ``q(p,n,t) = Σ_e quantity(p,e,n,t)``: quantities summed over enterprises, by province
       p, product n and month t. This is the only scan of the micro-data.
    2. ``q0(p,n) = mean_{t ∈ base year} q(p,n,t)``: the mean over the months the product has
       a row in the base year (report an explicit 0 for a month without output).
       ``i(p,n,t) = q(p,n,t) / q0(p,n) × 100``. Products with ``q0 = 0``, without base-year
       data or without a product weight get no index (see :func:`iip_exclusions`).
    3. ``I4(k,t) = Σ_{n ∈ k} i(n,t)·W_n / Σ_{n ∈ k} W_n``, with W_n the product weight.
    4. ``I2 = Σ I4·W4 / Σ W4`` (industry weights of level 'vsic4'), then the section
       ``I1 = Σ I2·W2 / Σ W2`` (level 'division') and the total ``I = Σ I1·W1 / Σ W1``
       (level 'section'). **Each sum runs over the children that have an index in that
       month** and a weight. A product without a row that month is left out; a row with
       quantity 0 counts as 0. The index then re-weights over the children present.
    5. ``yoy = I_t / I_{t−12} × 100``, ``mom = I_t / I_{t−1} × 100`` and
       ``ytd = Σ_{m≤n} I_{m,y} / Σ_{m≤n} I_{m,y−1} × 100`` (months 1..n of the year). Each is
       NULL when the period it compares with is missing. For ytd that means any month
       1..n missing in either year, or a zero denominator.

    ``national``, when given, adds rows for the whole country under that province code. They
    are computed like a province's, from quantities summed over all provinces, with the
    national-default weights (unless weight rows carry that code).

    The relation is lazy: it runs on each use. Materialise it once
    (``rel.to_table('iip')`` or ``fetchall()``). Indices are unrounded floats; round to
    2 decimals for publication.
    """
    return con.sql(
        iip_sql(
            con,
            micro,
            product_weights,
            industry_weights,
            base_year,
            national=national,
            include_products=include_products,
        )
    )


def iip_exclusions(
    con: duckdb.DuckDBPyConnection,
    micro: Source,
    product_weights: Source,
    industry_weights: Source,
    base_year: int,
    *,
    national: str | None = None,
) -> duckdb.DuckDBPyRelation:
    """What :func:`compute_iip` leaves out, as ``province, level, code, reason`` rows.

    Reasons: 'no_product_weight' (product in the micro-data without a weight),
    'no_base_data' (no row in the base year), 'zero_base' (``q0 = 0``),
    'no_industry_weight' (a VSIC4 class, division or section with an index but no weight of
    its level, so it stays out of its parent), 'out_of_scope' (division outside B–E).
    """
    ctes = _ctes(con, micro, product_weights, industry_weights, base_year, national)
    section = SECTION_OF_DIVISION.format(d="d.code")
    return con.sql(f"""{ctes},
products AS (SELECT DISTINCT province, product FROM q)
SELECT p.province, 'product' AS level, p.product AS code, 'no_product_weight' AS reason
FROM products AS p ANTI JOIN pw AS w ON w.province = p.province AND w.product = p.product
UNION ALL
SELECT p.province, 'product', p.product, 'no_base_data'
FROM products AS p ANTI JOIN base AS b ON b.province = p.province AND b.product = p.product
UNION ALL
SELECT province, 'product', product, 'zero_base' FROM base WHERE q0 = 0
UNION ALL
SELECT DISTINCT v.province, 'vsic4', v.code, 'no_industry_weight'
FROM v4 AS v ANTI JOIN iw AS w
    ON w.province = v.province AND w.level = 'vsic4' AND w.code = v.code
UNION ALL
SELECT DISTINCT province, 'division', left(code, 2), 'out_of_scope' FROM v4
WHERE {SECTION_OF_DIVISION.format(d="left(code, 2)")} IS NULL
UNION ALL
SELECT DISTINCT d.province, 'division', d.code, 'no_industry_weight'
FROM div AS d ANTI JOIN iw AS w
    ON w.province = d.province AND w.level = 'division' AND w.code = d.code
WHERE {section} IS NOT NULL
UNION ALL
SELECT DISTINCT s.province, 'section', s.code, 'no_industry_weight'
FROM sec AS s ANTI JOIN iw AS w
    ON w.province = s.province AND w.level = 'section' AND w.code = s.code""")
