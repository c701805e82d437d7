"""Run the IIP over files and keep what it gives: every index to a CSV or Parquet file, and a
province's total and section indices as observations (``kcn stats iip``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from kcn.stats.iip.engine import compute_iip, iip_exclusions


class IipError(ValueError):
    """The IIP could not be computed or written; the message is one line."""


def run(
    micro: Path,
    product_weights: Path,
    industry_weights: Path,
    base_year: int,
    output: Path | None = None,
    levels: tuple[str, ...] = ("total", "section"),
) -> list[dict[str, Any]]:
    """The index rows of ``levels`` (default total and section: ``province, level, code,
    year, month, index, yoy, mom, ytd, growth_pct, contribution_pp, growth_ytd_pct,
    contribution_ytd_pp, share_pct``, the last the row's weight share of the total); with
    ``output``, every row is written there too (``.parquet``, else CSV). A run with no row,
    or with codes left without an industry weight, is an :class:`IipError` naming them."""
    for path in (product_weights, industry_weights):
        if not path.exists():
            raise IipError(f"{path}: no such file")
    con = duckdb.connect()
    try:
        sources = (str(micro), str(product_weights), str(industry_weights), base_year)
        relation = compute_iip(con, *sources)
        columns = relation.columns
        wanted = ", ".join(f"'{level}'" for level in levels if level.isalnum())
        rows = relation.filter(f"level IN ({wanted})").order("province, year, month").fetchall()
        _refuse_missing_weights(con, sources, bool(rows))
        if output is not None:
            kind = "PARQUET" if output.suffix.lower() == ".parquet" else "CSV, HEADER"
            relation.to_table("iip_result")
            target = output.as_posix().replace("'", "''")  # a quoted SQL string literal
            con.execute(f"COPY iip_result TO '{target}' (FORMAT {kind})")
    except IipError:
        raise
    except (duckdb.Error, ValueError) as exc:
        raise IipError(f"iip: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _refuse_missing_weights(
    con: duckdb.DuckDBPyConnection, sources: tuple[str, str, str, int], any_rows: bool
) -> None:
    """An :class:`IipError` naming the codes left without an industry weight (they would
    silently drop out of their parent), or saying why a run gave no index at all."""
    exclusions = iip_exclusions(con, *sources).fetchall()
    missing = sorted({f"{level} {code}" for _, level, code, why in exclusions
                      if why == "no_industry_weight"})  # fmt: skip
    if missing:
        raise IipError(
            "iip: no industry weight for " + ", ".join(missing[:20])
            + " (give weights at one level for all its codes, or leave the level out to"
            " aggregate it from the level below)"
        )  # fmt: skip
    if not any_rows:
        reasons = sorted({f"{why} ({level} {code})" for _, level, code, why in exclusions})
        detail = "; ".join(reasons[:10]) or "no micro-data in the base year or after"
        raise IipError(f"iip: no index rows: {detail}")


def observations(
    rows: list[dict[str, Any]], province: str, base_year: int
) -> list[tuple[int, dict[str, Any]]]:
    """``province``'s indices among ``rows`` as ``iip`` observations (rounded to 2 decimals,
    preliminary), and each section's weight share as ``iip_weight_share`` for every year of
    the rows (the share of an index is its weight share, never a ratio of indices), in the
    form :func:`kcn.stats.service.import_rows` takes."""
    source = f"kcn stats iip, base year {base_year}"
    mine = [r for r in rows if r["province"] == province and r["index"] is not None]
    found = [
        (0, {"indicator": "iip", "period": f"{r['year']}-{r['month']:02d}",
             "vsic": "" if r["level"] == "total" else r["code"],
             "value": str(round(r["index"], 2)), "status": "preliminary", "source": source})
        for r in mine
    ]  # fmt: skip
    shares = {(r["year"], r["code"]): r.get("share_pct") for r in mine if r["level"] == "section"}
    found += [
        (0, {"indicator": "iip_weight_share", "period": str(year), "vsic": code,
             "value": str(round(share, 2)), "status": "preliminary", "source": source})
        for (year, code), share in sorted(shares.items())
        if share is not None
    ]  # fmt: skip
    return found
