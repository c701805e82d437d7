"""Steps 1–4 of the IIP as SQL: quantities, product indices, then VSIC4, division, section
and total, with each province's weights resolved (see :mod:`kcn.stats.iip`)."""

from __future__ import annotations

import duckdb

from kcn.stats.iip.divisions import SECTION_OF_DIVISION
from kcn.stats.iip.sources import MICRO_COLUMNS, Source, columns, from_sql, literal, require
from kcn.stats.iip.weights import check_weights, weight_sources

TOTAL_CODE = "total"
"""The ``code`` of the whole-industry rows (sections B–E together)."""


def ctes(
    con: duckdb.DuckDBPyConnection,
    micro: Source,
    product_weights: Source,
    industry_weights: Source,
    base_year: int,
    national: str | None,
) -> str:
    """The ``WITH`` clause shared by :func:`~kcn.stats.iip.engine.iip_sql` and
    :func:`~kcn.stats.iip.engine.iip_exclusions`.

    CTEs: ``q`` (step 1), ``base`` and ``prod`` (step 2), ``v4`` (step 3), ``div``, ``sec``,
    ``tot`` (step 4), the resolved weights ``pw`` and ``iw`` per province, the effective
    weights ``w4``, ``wdiv``, ``wsec`` (given, or aggregated from the level below) and each
    series' fixed share of the total, ``shares``.
    """
    if isinstance(base_year, bool) or not isinstance(base_year, int):
        raise TypeError("base_year must be an int")
    micro_src = from_sql(con, micro)
    require(columns(con, micro_src), MICRO_COLUMNS, "micro-data")
    pw_raw, iw_raw = weight_sources(
        con, from_sql(con, product_weights), from_sql(con, industry_weights)
    )
    check_weights(con, pw_raw, iw_raw)
    national_q = (
        f"SELECT {literal(national)} AS province, product, year, month, sum(q) AS q "
        "FROM q_provinces GROUP BY product, year, month"
        if national is not None
        else "SELECT * FROM q_provinces WHERE false"
    )
    section = SECTION_OF_DIVISION.format(d="d.code")
    section_w = SECTION_OF_DIVISION.format(d="left(w.code, 2)")
    section_d = SECTION_OF_DIVISION.format(d="d.code")
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
-- Effective industry weights: a level's own weights where the province has any at that
-- level, else the sum of its children's (a VSIC4 class: the product weights of its products).
has_level AS (SELECT DISTINCT province, level FROM iw),
w4 AS (
    SELECT province, code, weight FROM iw WHERE level = 'vsic4'
    UNION ALL
    SELECT p.province, p.vsic4, sum(p.weight) FROM pw AS p
    ANTI JOIN has_level AS h ON h.province = p.province AND h.level = 'vsic4'
    GROUP BY ALL
),
wdiv AS (
    SELECT province, code, weight FROM iw WHERE level = 'division'
    UNION ALL
    SELECT w.province, left(w.code, 2), sum(w.weight) FROM w4 AS w
    ANTI JOIN has_level AS h ON h.province = w.province AND h.level = 'division'
    GROUP BY ALL
),
wsec AS (
    SELECT province, code, weight FROM iw WHERE level = 'section'
    UNION ALL
    SELECT w.province, {section_w} AS code, sum(w.weight) FROM wdiv AS w
    ANTI JOIN has_level AS h ON h.province = w.province AND h.level = 'section'
    WHERE {section_w} IS NOT NULL
    GROUP BY ALL
),
-- Each series' fixed share of the total, s = w / Σ w at each level within its parent, times
-- the parent's share: I_total = Σ s·I over any level, so contributions add up.
sec_share AS (
    SELECT province, code, weight / sum(weight) OVER (PARTITION BY province) AS share
    FROM wsec
),
div_share AS (
    SELECT d.province, d.code,
           s.share * d.weight / sum(d.weight) OVER (PARTITION BY d.province, s.code) AS share
    FROM wdiv AS d JOIN sec_share AS s ON s.province = d.province AND s.code = {section_d}
),
v4_share AS (
    SELECT k.province, k.code,
           s.share * k.weight / sum(k.weight) OVER (PARTITION BY k.province, s.code) AS share
    FROM w4 AS k JOIN div_share AS s ON s.province = k.province AND s.code = left(k.code, 2)
),
shares AS (
    SELECT province, 'total' AS level, {literal(TOTAL_CODE)} AS code, 1.0 AS share
    FROM provinces
    UNION ALL SELECT province, 'section', code, share FROM sec_share
    UNION ALL SELECT province, 'division', code, share FROM div_share
    UNION ALL SELECT province, 'vsic4', code, share FROM v4_share
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
    JOIN w4 AS w ON w.province = v.province AND w.code = v.code
    GROUP BY ALL
),
sec AS (
    SELECT d.province, {section} AS code, d.year, d.month,
           sum(d.idx * w.weight) / sum(w.weight) AS idx
    FROM div AS d
    JOIN wdiv AS w ON w.province = d.province AND w.code = d.code
    WHERE {section} IS NOT NULL
    GROUP BY ALL
),
tot AS (
    SELECT s.province, {literal(TOTAL_CODE)} AS code, s.year, s.month,
           sum(s.idx * w.weight) / sum(w.weight) AS idx
    FROM sec AS s
    JOIN wsec AS w ON w.province = s.province AND w.code = s.code
    GROUP BY ALL
)"""
