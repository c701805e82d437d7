"""Run the IIP over files and keep what it gives: every index to a CSV or Parquet file, and a
province's total and section indices as observations (``kcn stats iip``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from kcn.stats.iip.engine import compute_iip


class IipError(ValueError):
    """The IIP could not be computed or written; the message is one line."""


def run(
    micro: Path,
    product_weights: Path,
    industry_weights: Path,
    base_year: int,
    output: Path | None = None,
) -> list[dict[str, Any]]:
    """The total and section index rows (``province, level, code, year, month, index, yoy,
    mom, ytd``); with ``output``, every row is written there too (``.parquet``, else CSV)."""
    for path in (product_weights, industry_weights):
        if not path.exists():
            raise IipError(f"{path}: no such file")
    con = duckdb.connect()
    try:
        relation = compute_iip(
            con, str(micro), str(product_weights), str(industry_weights), base_year
        )
        columns = relation.columns
        rows = relation.filter("level IN ('total', 'section')").fetchall()
        if output is not None:
            kind = "PARQUET" if output.suffix.lower() == ".parquet" else "CSV, HEADER"
            relation.to_table("iip_result")
            target = output.as_posix().replace("'", "''")  # a quoted SQL string literal
            con.execute(f"COPY iip_result TO '{target}' (FORMAT {kind})")
    except (duckdb.Error, ValueError) as exc:
        raise IipError(f"iip: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def observations(
    rows: list[dict[str, Any]], province: str, base_year: int
) -> list[tuple[int, dict[str, Any]]]:
    """``province``'s indices among ``rows`` as ``iip`` observations (rounded to 2 decimals,
    preliminary), in the form :func:`kcn.stats.service.import_rows` takes."""
    return [
        (0, {"indicator": "iip", "period": f"{r['year']}-{r['month']:02d}",
             "vsic": "" if r["level"] == "total" else r["code"],
             "value": str(round(r["index"], 2)), "status": "preliminary",
             "source": f"kcn stats iip, base year {base_year}"})
        for r in rows
        if r["province"] == province and r["index"] is not None
    ]  # fmt: skip
