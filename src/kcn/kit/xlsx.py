"""Writing spreadsheets safely: text that looks like a formula stays text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl is imported only when a spreadsheet is written
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@")


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row; a string starting like a formula (``=HYPERLINK(…)``) is stored as text,
    so a name or message typed by a user can never run in the reader's spreadsheet."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            cell.data_type = "s"
