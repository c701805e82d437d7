"""The product and industry weights of the IIP: read, resolved per province, checked.

Both weight sources may carry a ``province`` column. NULL means the national default. A
province that has rows of its own uses only its own rows (see :mod:`kcn.stats.iip.steps`).
"""

from __future__ import annotations

import duckdb

from kcn.stats.iip.divisions import SECTION_OF_DIVISION
from kcn.stats.iip.sources import INDUSTRY_COLUMNS, PRODUCT_COLUMNS, columns, require


def weight_sources(
    con: duckdb.DuckDBPyConnection, product_weights: str, industry_weights: str
) -> tuple[str, str]:
    """Typed SELECTs of both weight sources; ``wprov`` is NULL for national defaults."""
    pcols = columns(con, product_weights)
    icols = columns(con, industry_weights)
    require(pcols, PRODUCT_COLUMNS, "product weights")
    require(icols, INDUSTRY_COLUMNS, "industry weights")
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


def check_weights(con: duckdb.DuckDBPyConnection, pw: str, iw: str) -> None:
    """Refuse weights that would give a wrong index without an error (small tables only):
    weights not above zero, given twice, of an unknown level or section, or a child weighted
    under a parent that the parent level (given for that province) leaves without weight."""
    section = SECTION_OF_DIVISION.format(d="d.code")
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
        UNION ALL SELECT 'section ' || code || ' is not one of B, C, D, E' FROM iw
            WHERE level = 'section' AND code NOT IN ('B', 'C', 'D', 'E')
        UNION ALL SELECT 'division ' || d.code || ' has a weight but its section '
            || coalesce({section}, '?') || ' has none (province '
            || coalesce(d.wprov, '(national)') || ')'
            FROM iw AS d WHERE d.level = 'division'
            AND EXISTS (SELECT 1 FROM iw AS s WHERE s.level = 'section'
                        AND s.wprov IS NOT DISTINCT FROM d.wprov)
            AND NOT EXISTS (SELECT 1 FROM iw AS s WHERE s.level = 'section'
                            AND s.wprov IS NOT DISTINCT FROM d.wprov AND s.code = {section})
        UNION ALL SELECT 'vsic4 ' || k.code || ' has a weight but its division '
            || left(k.code, 2) || ' has none (province ' || coalesce(k.wprov, '(national)') || ')'
            FROM iw AS k WHERE k.level = 'vsic4'
            AND EXISTS (SELECT 1 FROM iw AS d WHERE d.level = 'division'
                        AND d.wprov IS NOT DISTINCT FROM k.wprov)
            AND NOT EXISTS (SELECT 1 FROM iw AS d WHERE d.level = 'division'
                            AND d.wprov IS NOT DISTINCT FROM k.wprov
                            AND d.code = left(k.code, 2))
        LIMIT 20
    """).fetchall()
    if problems:
        raise ValueError("invalid IIP weights: " + "; ".join(str(p[0]) for p in problems))
