"""Hostile uploads are refused quickly with a 4xx that names the limit, never a 500 (issue 9):
YAML aliases ("billion laughs") and deep nesting, spreadsheets that lie about their size,
malformed workbooks, tables over the row, column, cell and unzipped-size limits."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import Workbook
from typer.testing import CliRunner

from kcn.stats.cli import app as stats_cli

CHECK = "/api/v1/stats/check"
IMPORT = "/api/v1/stats/import"
SHEET = "xl/worksheets/sheet1.xml"

BILLION_LAUGHS = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def limited(app: Any, **limits: int) -> None:
    """Lower the app's upload limits for one test (``rows=3`` sets KCN_MAX_UPLOAD_ROWS)."""
    names = {"rows": "max_upload_rows", "columns": "max_upload_columns",
             "cells": "max_upload_cells", "unzipped": "max_uncompressed_bytes",
             "depth": "max_upload_depth"}  # fmt: skip
    update = {names[name]: value for name, value in limits.items()}
    app.state.settings = app.state.settings.model_copy(update=update)


def warm(client: TestClient) -> None:
    """A first request, so that the timed one does not pay for the app's start."""
    assert client.get("/api/v1/stats/indicators").status_code == 200


def refused(response: Response, limit: str) -> str:
    """The message of a 422 naming ``limit`` on the field ``file``."""
    assert response.status_code == 422, response.text
    (field,) = response.json()["error"]["fields"]
    assert (field["field"], field["code"]) == ("file", f"stats.limit.{limit}")
    return str(field["message"])


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def rezip(content: bytes, edit: dict[str, bytes], declared: dict[str, int] | None = None) -> bytes:
    """``content`` with some members replaced; ``declared`` overrides uncompressed sizes in
    the archive's directory (as a hostile file may)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, edit.get(info.filename, source.read(info.filename)))
    data = out.getvalue()
    for name, size in (declared or {}).items():  # patch the central directory entry
        entry = _central_entry(data, name)
        data = data[: entry + 24] + size.to_bytes(4, "little") + data[entry + 28 :]
    return data


def _central_entry(data: bytes, name: str) -> int:
    start = 0
    while (at := data.find(b"PK\x01\x02", start)) >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == name.encode():
            return at
        start = at + 4
    raise KeyError(name)


TABLE = [
    ["indicator", "vsic", "status", "2024-07", "2024-08", "2024-09"],
    ["production_value", "C", "estimate", 51000, 52000.5, 53000],
    ["production_value", "D", "estimate", 300, 310, 320],
]


def huge_dimension() -> bytes:
    """A small table whose sheet declares every row and column of Excel."""
    content = xlsx(TABLE)
    sheet = zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    sheet = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    return rezip(content, {SHEET: sheet})


def empty_columns(rows: int) -> bytes:
    """A table whose every row also has empty cells out to the last column, XFD."""
    content = xlsx(TABLE)
    sheet = zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    far = b"".join(f'<c r="{col}{{n}}"/>'.encode() for col in ("AAA", "ZZZ", "XFD"))
    extra = b"".join(
        b'<row r="%d">' % n + far.replace(b"{n}", str(n).encode()) + b"</row>"
        for n in range(4, 4 + rows)
    )
    sheet = sheet.replace(b"</row></sheetData>", b"</row>" + extra + b"</sheetData>")
    for n in (1, 2, 3):
        row_end = f'<row r="{n}">'.encode()
        at = sheet.index(row_end)
        close = sheet.index(b"</row>", at)
        sheet = sheet[:close] + far.replace(b"{n}", str(n).encode()) + sheet[close:]
    return rezip(content, {SHEET: sheet})


# --- YAML ----------------------------------------------------------------------------------


def test_billion_laughs_is_refused_at_once(anon: TestClient) -> None:
    assert len(BILLION_LAUGHS) < 1100
    warm(anon)
    started = time.perf_counter()
    response = anon.post(CHECK, files={"file": ("laughs.yaml", BILLION_LAUGHS.encode())})
    assert time.perf_counter() - started < 1
    assert "bí danh" in refused(response, "yaml_alias")  # "aliases", in Vietnamese by default


def test_any_alias_or_anchor_is_refused_in_the_users_language(anon: TestClient) -> None:
    small = "a: &x {value: '1'}\nb: *x\n"  # expands to little: refused all the same
    message = refused(anon.post(CHECK, files={"file": ("a.yaml", small.encode())}), "yaml_alias")
    assert "(dòng 1)" in message and "bí danh" in message
    anchor_only = "a: &x {value: '1'}\n"
    english = anon.post(CHECK, params={"lang": "en"}, files={"file": ("a.yaml", anchor_only)})
    assert "anchors and aliases" in refused(english, "yaml_alias")


@pytest.mark.parametrize("depth", [40, 20_000])
def test_deep_yaml_is_refused_naming_the_depth(anon: TestClient, depth: int) -> None:
    text = "a: " + "[" * depth + "]" * depth + "\n"
    warm(anon)
    started = time.perf_counter()
    response = anon.post(CHECK, params={"lang": "en"}, files={"file": ("d.yaml", text)})
    assert time.perf_counter() - started < 5  # refused at the limit, not after parsing it all
    assert "more than 32 levels" in refused(response, "yaml_depth")


def test_the_depth_comes_from_the_settings(app: Any, anon: TestClient) -> None:
    limited(app, depth=3)
    nested = "a:\n  b:\n    c:\n      value: '1'\n"
    refused(anon.post(CHECK, files={"file": ("n.yaml", nested)}), "yaml_depth")


def test_a_csv_of_figures_over_the_row_limit(app: Any, anon: TestClient) -> None:
    limited(app, rows=2)
    text = "key,value\na.value,1\nb.value,2\nc.value,3\n"
    refused(anon.post(CHECK, files={"file": ("f.csv", text)}), "rows")


def test_cli_refuses_aliases_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)
    result = CliRunner().invoke(stats_cli, ["check", str(path)])
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "stats.limit" not in result.stderr and "Traceback" not in result.stderr


# --- spreadsheets ----------------------------------------------------------------------------


def test_a_declared_huge_dimension_is_not_trusted(client: TestClient) -> None:
    content = huge_dimension()
    assert len(content) < 10_000
    warm(client)
    started = time.perf_counter()
    response = client.post(IMPORT, files={"file": ("huge.xlsx", content)})
    assert time.perf_counter() - started < 3
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 6


def test_empty_cells_out_to_the_last_column_cost_nothing(client: TestClient) -> None:
    warm(client)
    started = time.perf_counter()
    response = client.post(IMPORT, files={"file": ("wide.xlsx", empty_columns(20_000))})
    assert time.perf_counter() - started < 5
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 6


def test_rows_columns_and_cells_over_the_limits(app: Any, client: TestClient) -> None:
    limited(app, rows=2)
    refused(client.post(IMPORT, files={"file": ("t.xlsx", xlsx(TABLE))}), "rows")
    limited(app, rows=100, columns=5)
    message = refused(client.post(IMPORT, files={"file": ("t.xlsx", xlsx(TABLE))}), "columns")
    assert "5 cột" in message
    limited(app, columns=100, cells=10)
    refused(client.post(IMPORT, files={"file": ("t.xlsx", xlsx(TABLE))}), "cells")
    csv_text = "\n".join(",".join(str(c) for c in row) for row in TABLE)
    refused(client.post(IMPORT, files={"file": ("t.csv", csv_text)}), "cells")
    limited(app, cells=1000, columns=4)
    refused(client.post(IMPORT, files={"file": ("t.csv", csv_text)}), "columns")
    limited(app, columns=100, rows=1)
    refused(client.post(IMPORT, files={"file": ("t.csv", csv_text)}), "rows")


def test_a_row_far_below_is_over_the_row_limit(app: Any, client: TestClient) -> None:
    content = xlsx(TABLE)
    sheet = zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = sheet.replace(b"</sheetData>", far + b"</sheetData>")
    warm(client)
    started = time.perf_counter()
    response = client.post(IMPORT, files={"file": ("far.xlsx", rezip(content, {SHEET: sheet}))})
    assert time.perf_counter() - started < 2
    refused(response, "rows")


def test_the_unzipped_size_is_checked_before_reading(app: Any, client: TestClient) -> None:
    content = xlsx(TABLE)
    limited(app, unzipped=5_000)
    refused(client.post(IMPORT, files={"file": ("t.xlsx", content)}), "uncompressed_bytes")
    limited(app, unzipped=10**9)
    lying = rezip(content, {}, declared={SHEET: 4_000_000_000})
    refused(client.post(IMPORT, files={"file": ("t.xlsx", lying)}), "uncompressed_bytes")


def test_a_member_larger_than_it_declares_is_unreadable(client: TestClient) -> None:
    content = xlsx(TABLE)
    lying = rezip(content, {}, declared={SHEET: 10})
    response = client.post(IMPORT, files={"file": ("t.xlsx", lying)})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["code"] == "stats.unreadable"


NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
DIMENSION = b'<dimension ref="A1:C3"/><sheetData><row r="1">'
BROKEN_ROWS = NS + DIMENSION + b'<c r="A1" t="inlineStr"><is><t>indicator</t></is></c></ro'
NOT_A_NUMBER = NS + DIMENSION + b'<c r="A1" t="n"><v>abc</v></c></row></sheetData></worksheet>'


def _not_a_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(bytes(range(256)) * 40, id="random bytes"),
        pytest.param(_not_a_workbook(), id="a zip that is not a workbook"),
        pytest.param(xlsx(TABLE)[:1500], id="truncated"),
        pytest.param(
            rezip(xlsx(TABLE), {SHEET: b"<worksheet><sheetData><row r='1'><c"}), id="bad sheet"
        ),
        pytest.param(rezip(xlsx(TABLE), {SHEET: b""}), id="empty sheet part"),
        pytest.param(rezip(xlsx(TABLE), {SHEET: BROKEN_ROWS}), id="rows broken after a dimension"),
        pytest.param(rezip(xlsx(TABLE), {SHEET: NOT_A_NUMBER}), id="a number that is not one"),
        pytest.param(b"", id="empty file"),
    ],
)
def test_a_malformed_xlsx_is_a_4xx_with_a_message(client: TestClient, content: bytes) -> None:
    response = client.post(IMPORT, params={"lang": "en"}, files={"file": ("b.xlsx", content)})
    assert response.status_code == 422, response.text
    (field,) = response.json()["error"]["fields"]
    assert field["field"] == "file" and field["message"] == "This Excel file cannot be read."
