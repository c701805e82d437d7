"""The IIP as one DuckDB query: :func:`compute_iip`, its SQL, and what it leaves out."""

from __future__ import annotations

import duckdb

from kcn.stats.iip.divisions import SECTION_OF_DIVISION
from kcn.stats.iip.growth import growth_sql
from kcn.stats.iip.sources import Source
from kcn.stats.iip.steps import ctes


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
    with_clause = ctes(con, micro, product_weights, industry_weights, base_year, national)
    products = (
        "UNION ALL SELECT province, 'product', product, year, month, idx FROM prod"
        if include_products
        else ""
    )
    return f"""{with_clause},
levels AS (
    SELECT province, 'total' AS level, code, year, month, idx FROM tot
    UNION ALL SELECT province, 'section', code, year, month, idx FROM sec
    UNION ALL SELECT province, 'division', code, year, month, idx FROM div
    UNION ALL SELECT province, 'vsic4', code, year, month, idx FROM v4
    {products}
),
{growth_sql()}"""


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
    with_clause = ctes(con, micro, product_weights, industry_weights, base_year, national)
    section = SECTION_OF_DIVISION.format(d="d.code")
    return con.sql(f"""{with_clause},
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
FROM v4 AS v ANTI JOIN w4 AS w ON w.province = v.province AND w.code = v.code
UNION ALL
SELECT DISTINCT province, 'division', left(code, 2), 'out_of_scope' FROM v4
WHERE {SECTION_OF_DIVISION.format(d="left(code, 2)")} IS NULL
UNION ALL
SELECT DISTINCT d.province, 'division', d.code, 'no_industry_weight'
FROM div AS d ANTI JOIN wdiv AS w ON w.province = d.province AND w.code = d.code
WHERE {section} IS NOT NULL
UNION ALL
SELECT DISTINCT s.province, 'section', s.code, 'no_industry_weight'
FROM sec AS s ANTI JOIN wsec AS w ON w.province = s.province AND w.code = s.code""")
