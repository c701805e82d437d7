"""Read the cells of an uploaded CSV or XLSX table, within the upload limits.

Nothing a file says about itself is trusted: an XLSX is a zip whose parts are checked for
their unzipped size before any is read, and whose sheet is read row by row as written (the
``<dimension>`` it declares, which openpyxl pads every row to, is ignored). Reading stops as
soon as a limit is passed (:class:`~kcn.stats.limits.LimitExceeded`, HTTP 422 naming it). A
file that is not what its name says answers :class:`~kcn.kit.errors.ValidationFailed`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.stats.limits import LimitExceeded, UploadLimits

MAX_BYTES = 20 * 1024 * 1024  # the message stats.file_too_large says "20 MB"


def unreadable(key: str = "stats.unreadable") -> ValidationFailed:
    return ValidationFailed(fields=[FieldError("file", key)])


def read_xlsx(content: bytes, limits: UploadLimits) -> list[list[Any]]:
    """The cells of the first sheet, one list per row from row 1, empty cells None."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise unreadable() from exc
    if unzipped > limits.uncompressed_bytes:  # zipfile holds each part to its declared size
        raise LimitExceeded("uncompressed_bytes", limits.uncompressed_bytes)
    from openpyxl import load_workbook  # only when a spreadsheet is read (34 MB)

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise unreadable() from exc
    try:
        if not book.worksheets:
            raise unreadable()
        return _bounded(_sheet_rows(book.worksheets[0]), limits)
    except (LimitExceeded, ValidationFailed):
        raise
    except Exception as exc:  # a broken sheet inside a readable workbook
        raise unreadable() from exc
    finally:
        book.close()


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """``(row number, cells written in that row)`` as the sheet's XML has them."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()


def _bounded(
    rows: Iterable[tuple[int, list[dict[str, Any]]]], limits: UploadLimits
) -> list[list[Any]]:
    table: list[list[Any]] = []
    cells = 0
    for number, row in rows:
        if number > limits.rows:
            raise LimitExceeded("rows", limits.rows)
        values = {c["column"]: c["value"] for c in row if c["value"] not in (None, "")}
        if not values or number <= len(table):  # empty, or out of order (as openpyxl: skip)
            continue
        width = max(values)
        if width > limits.columns:
            raise LimitExceeded("columns", limits.columns)
        cells += len(values)
        if cells > limits.cells:
            raise LimitExceeded("cells", limits.cells)
        table.extend([] for _ in range(number - 1 - len(table)))
        line: list[Any] = [None] * width
        for column, value in values.items():
            line[column - 1] = value
        table.append(line)
    return table


def read_csv(content: bytes, limits: UploadLimits) -> list[list[str]]:
    """The cells of a UTF-8 CSV (comma, semicolon or tab, sniffed), one list per line."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise unreadable("stats.not_utf8") from exc
    try:
        dialect: Any = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:  # one column, or too little text to tell: plain commas
        dialect = csv.excel
    table: list[list[str]] = []
    cells = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if number > limits.rows:
                raise LimitExceeded("rows", limits.rows)
            while row and not row[-1].strip():
                row.pop()
            if len(row) > limits.columns:
                raise LimitExceeded("columns", limits.columns)
            cells += sum(1 for cell in row if cell.strip())
            if cells > limits.cells:
                raise LimitExceeded("cells", limits.cells)
            table.append(row)
    except csv.Error as exc:
        raise unreadable("stats.unreadable_csv") from exc
    return table


def read_table(filename: str, content: bytes, limits: UploadLimits) -> list[list[Any]]:
    """The cells of the first sheet (XLSX, by the name) or of the CSV."""
    if len(content) > MAX_BYTES:
        raise ValidationFailed(fields=[FieldError("file", "stats.file_too_large")])
    if filename.lower().endswith(".xlsx"):
        return read_xlsx(content, limits)
    return read_csv(content, limits)
