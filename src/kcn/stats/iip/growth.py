"""Step 5 of the IIP as SQL: year-on-year, month-on-month and year-to-date growth."""

from __future__ import annotations


def growth_sql() -> str:
    """Step 5 over ``levels(province, level, code, year, month, idx)``.

    One row per series and year holds the twelve monthly indices i1 … i12, with the previous
    year's row (p1 … p12) joined beside it, so every comparison is plain arithmetic:
    ``yoy_m = i_m / p_m``, ``mom_m = i_m / i_{m−1}`` (``i_1 / p_12`` in January) and
    ``ytd_m = (i_1 + … + i_m) / (p_1 + … + p_m)``, all × 100. A missing month is NULL and
    NULL propagates through + and /, so a comparison with a missing period is NULL. The
    twelve months are then unnested back to rows.

    ``growth_pct = yoy − 100`` and ``growth_ytd_pct = ytd − 100`` (months cumulated). The
    contribution of a series to the total's growth, in percentage points, is
    ``s × (I_t − I_{t−12}) / I_total,t−12 × 100`` with ``s`` its fixed share of the total
    (``shares``); cumulated, the sums of months 1..m replace the months. For a fixed-weight
    Laspeyres index they add up: the sections' to the total's growth, a section's divisions'
    to the section's contribution (when every child has an index in both periods).
    ``share_pct = s × 100`` is that fixed **weight** share of the total (base-year weights),
    never a ratio of indices.
    """
    months = range(1, 13)
    wide = ",\n           ".join(f"max(idx) FILTER (WHERE month = {m}) AS i{m}" for m in months)
    same = " AND ".join(f"p.{k} = c.{k}" for k in ("province", "level", "code"))

    def ratio(num: str, den: str) -> str:
        return f"({num}) / NULLIF({den}, 0) * 100"

    def total(alias: str, last: int) -> str:
        return " + ".join(f"{alias}.i{m}" for m in range(1, last + 1))

    def points(num: str, den: str) -> str:  # share × (I_t − I_{t−12}) / I_total,t−12 × 100
        return f"s.share * ({num}) / NULLIF({den}, 0) * 100"

    yoy = ", ".join(ratio(f"c.i{m}", f"p.i{m}") for m in months)
    cpp = ", ".join(points(f"c.i{m} - p.i{m}", f"t.i{m}") for m in months)
    cpp_ytd = ", ".join(
        points(f"({total('c', m)}) - ({total('p', m)})", total("t", m)) for m in months
    )
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
           unnest([{ytd}]) AS ytd,
           unnest([{cpp}]) AS contribution_pp,
           unnest([{cpp_ytd}]) AS contribution_ytd_pp,
           s.share * 100 AS share_pct
    FROM wide AS c LEFT JOIN wide AS p ON {same} AND p.year = c.year - 1
    LEFT JOIN wide AS t
        ON t.province = c.province AND t.level = 'total' AND t.year = c.year - 1
    LEFT JOIN shares AS s ON s.province = c.province AND s.level = c.level AND s.code = c.code
)
SELECT province, level, code, year, CAST(month AS INTEGER) AS month, idx AS "index",
       yoy, mom, ytd, yoy - 100 AS growth_pct, contribution_pp,
       ytd - 100 AS growth_ytd_pct, contribution_ytd_pp, share_pct
FROM growth WHERE idx IS NOT NULL"""
