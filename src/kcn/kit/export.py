"""Any list as CSV or XLSX: columns declared once, headers in the reader's language, and text
that a spreadsheet would run as a formula kept as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from fastapi.responses import StreamingResponse

from kcn.kit.i18n import translate
from kcn.kit.xlsx import FORMULA_START, append_row

Format = Literal["xlsx", "csv"]
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    """One column of an export: its header is the message ``header`` (default
    ``column.<key>``); ``value`` takes an item of the list and the language."""

    key: str
    value: Callable[[Any, str], Any]
    width: int = 16
    header: str = ""

    @property
    def header_key(self) -> str:
        return self.header or f"column.{self.key}"


def attr(name: str, width: int = 16, header: str = "") -> Column:
    """A column that is an attribute of the item, as it is."""
    return Column(name, lambda item, _lang: getattr(item, name), width, header)


def csv_text(value: Any) -> Any:
    """A cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)  # spreadsheets hold no time zone
    return value


def content(
    columns: Sequence[Column], items: Iterable[Any], lang: str, fmt: Format, title: str
) -> bytes:
    """The items as an XLSX or CSV file (UTF-8 with BOM): the API's download and the CLI's."""
    header = [translate(c.header_key, lang) for c in columns]
    body = [[_cell(c.value(item, lang)) for c in columns] for item in items]
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows([[csv_text(v) for v in row] for row in body])
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    from openpyxl import Workbook  # only when a spreadsheet is written (34 MB)
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    append_row(sheet, header)
    for row in body:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def response(
    columns: Sequence[Column],
    items: Iterable[Any],
    lang: str,
    fmt: Format,
    filename: str,
    title: str,
) -> StreamingResponse:
    """The items as a download named ``filename`` (without suffix)."""
    return download(content(columns, items, lang, fmt, title), fmt, filename)


def download(data: bytes, fmt: Format, filename: str) -> StreamingResponse:
    """A file made by :func:`content` as a download named ``filename`` (without suffix)."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'}
    return StreamingResponse(io.BytesIO(data), media_type=MEDIA_TYPES[fmt], headers=headers)
