"""Reading and writing the import spreadsheets: XLSX or CSV (UTF-8 with or without BOM, comma
or semicolon), headers in Vietnamese or English (the export's), and the templates with one
example row and a note on each column."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from python_calamine import CalamineWorkbook

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.export import Column
from kcn.kit.i18n import translate
from kcn.kit.text import fold
from kcn.kit.xlsx import append_row


def read_cells(filename: str, content: bytes) -> list[list[Any]]:
    """The cells of the first sheet (XLSX) or of the CSV.

    An XLSX is read with calamine (Rust), several times faster than openpyxl's read_only mode;
    its numbers come as floats, so a whole number becomes an int, as openpyxl gives it."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
            cells = sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # any unreadable workbook is the user's file, not our bug
            raise ValidationFailed(fields=[FieldError("file", "import.bad_file")]) from exc
        return [[_whole(value) for value in row] for row in cells]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(fields=[FieldError("file", "import.not_utf8")]) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def header_map(header: Sequence[Any], columns: Sequence[Column]) -> dict[int, str]:
    """Column position → key, a header matching the key or its name in either language."""
    names: dict[str, str] = {}
    for column in columns:
        for label in (column.key, translate(column.header_key, "vi"),
                      translate(column.header_key, "en")):  # fmt: skip
            names[fold(label)] = column.key
    found = {i: names[fold(str(h))] for i, h in enumerate(header) if h and fold(str(h)) in names}
    return found


def rows_of(cells: list[list[Any]], columns: Sequence[Column]) -> list[tuple[int, dict[str, Any]]]:
    """``(row number in the file, {key: cell})`` for each non-empty row after the header."""
    if not cells:
        raise ValidationFailed(fields=[FieldError("file", "import.empty")])
    positions = header_map(cells[0], columns)
    if not positions:
        raise ValidationFailed(fields=[FieldError("file", "import.no_header")])
    rows = []
    for number, row in enumerate(cells[1:], start=2):
        values = {key: _clean(row[i]) if i < len(row) else None for i, key in positions.items()}
        if any(v is not None for v in values.values()):
            rows.append((number, values))
    return rows


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime):
        return value.date()
    return value


def template(columns: Sequence[Column], example: dict[str, Any], lang: str, title: str) -> bytes:
    """An XLSX with the headers, one example row and a sheet of notes on each column."""
    from openpyxl import Workbook  # only when a spreadsheet is written (34 MB)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    append_row(sheet, [translate(c.header_key, lang) for c in columns])
    append_row(sheet, [example.get(c.key) for c in columns])
    notes = book.create_sheet(translate("import.notes", lang)[:31])
    append_row(notes, [translate("import.column", lang), translate("import.note", lang)])
    for column in columns:
        note = translate(f"import.note.{column.key}", lang)
        append_row(notes, [translate(column.header_key, lang), note])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def as_date(value: Any) -> Any:
    """A date cell, or text as ISO (2024-06-30) or Vietnamese (30/06/2024); else as it is."""
    if isinstance(value, date) or not isinstance(value, str):
        return value
    if "/" in value:
        parts = value.split("/")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            try:
                return date(int(parts[2]), int(parts[1]), int(parts[0]))
            except ValueError:
                return value
    return value
