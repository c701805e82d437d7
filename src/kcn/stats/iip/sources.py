"""Where the IIP reads from: a Parquet or CSV path, a table or view, or a DuckDB relation.

Every source is turned into the SQL of a ``FROM`` clause, and its columns are checked
against what the method needs before any query runs.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import duckdb

Source = str | os.PathLike[str] | duckdb.DuckDBPyRelation

MICRO_COLUMNS = ("province", "enterprise", "product", "year", "month", "quantity")
PRODUCT_COLUMNS = ("product", "vsic4", "weight")
INDUSTRY_COLUMNS = ("level", "code", "weight")

_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")


def literal(text: str) -> str:
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
        return f"read_parquet({literal(text)})"
    if lowered.endswith(_CSV):
        return f"read_csv({literal(text)}, header = true, all_varchar = true)"
    if not isinstance(source, Path) and _IDENTIFIER.fullmatch(text):
        return ".".join(f'"{part}"' for part in text.split("."))
    raise ValueError(f"not a Parquet or CSV path, nor a table or view name: {text!r}")


def from_sql(con: duckdb.DuckDBPyConnection, source: Source) -> str:
    """``source_sql`` that also accepts a relation (registered as a temporary view)."""
    if isinstance(source, duckdb.DuckDBPyRelation):
        name = f"kcn_iip_source_{uuid.uuid4().hex}"
        source.create_view(name, replace=True)
        return f'"{name}"'
    return source_sql(source)


def columns(con: duckdb.DuckDBPyConnection, src: str) -> set[str]:
    """The lower-cased column names of the ``FROM`` clause ``src``."""
    return {name.lower() for name in con.sql(f"SELECT * FROM {src} LIMIT 0").columns}


def require(found: set[str], needed: tuple[str, ...], what: str) -> None:
    """Refuse a source that lacks one of the ``needed`` columns."""
    missing = [c for c in needed if c not in found]
    if missing:
        raise ValueError(f"{what}: missing column(s) {', '.join(missing)}")
