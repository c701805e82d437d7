"""Turn the cells of a table of observations (:mod:`kcn.stats.spreadsheet`) into rows.

Two layouts are accepted, recognised from the header:
- long: ``indicator, period, vsic, admin_unit, value, status, source`` (one value a row);
- wide: ``indicator, vsic, admin_unit, status, source`` and one column per period
  (``2024-01``, ``2024-02``, … or ``2024-H1``), as statistical tables are usually kept.
Empty cells in the wide layout are skipped. Row numbers in errors are the file's own.
"""

from __future__ import annotations

import re
from typing import Any

from kcn.kit.periods import Period, PeriodError

KEYS = ("indicator", "vsic", "admin_unit", "status", "source")


def _is_period(name: str) -> bool:
    try:
        Period.parse(name)
    except PeriodError:
        return False
    return True


_VI_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+,\d+$")


def plain_number(text: str) -> str:
    """A number written the Vietnamese way (``311.986,8``, ``1,5``), as Vietnamese spreadsheets
    save it, in plain form (``311986.8``). Other text is left as it is. A value with a comma is
    always Vietnamese here, since the English thousands comma is not accepted in a value."""
    if "," in text and _VI_NUMBER.match(text):
        return text.replace(".", "").replace(",", ".")
    return text


def to_rows(cells: list[list[Any]]) -> list[tuple[int, dict[str, Any]]]:
    """``(file row number, row)`` pairs in the long layout, whichever layout the file has."""
    if not cells:
        return []
    header = [str(c or "").strip().lower() for c in cells[0]]
    periods = [(i, name) for i, name in enumerate(header) if _is_period(name)]
    out: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(cells[1:], start=2):
        values = ["" if c is None else str(c).strip() for c in raw]
        if not any(values):
            continue
        record = {name: values[i] for i, name in enumerate(header) if i < len(values) and name}
        if periods and "period" not in header:
            base = {k: record[k] for k in KEYS if record.get(k)}
            for i, name in periods:
                if i < len(values) and values[i] != "":
                    out.append((number, {**base, "period": name, "value": plain_number(values[i])}))
        else:
            row = {k: v for k, v in record.items() if v != ""}
            if "value" in row:
                row["value"] = plain_number(row["value"])
            out.append((number, row))
    return out
