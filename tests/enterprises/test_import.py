"""Spreadsheet import: every problem at once, all-or-nothing, idempotent re-import, updates
audited, and export → import changes nothing."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kcn.cli import app as cli_app
from kcn.kit.i18n import translate
from kcn.models import AuditRecord, Enterprise, Project
from tests.enterprises.factories import tax_code

ZONE = "KCN-DINH-TRAM"


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _post(client: TestClient, kind: str, content: bytes, name: str = "f.csv", **params: str):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/imports/{kind}", params=params, files={"file": (name, content)})


@pytest.mark.parametrize("kind", ["enterprises", "projects", "leases"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(client: TestClient, kind: str, fmt: str) -> None:
    exported = client.get(f"/api/v1/{kind}/export.{fmt}", params={"zone": ZONE})
    assert exported.status_code == 200
    audits = client.get("/api/v1/audit", params={"limit": 1}).json()["total"]
    response = _post(client, kind, exported.content, f"x.{fmt}")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["rows"] > 5 and report["unchanged"] == report["rows"]
    assert report["created"] == report["updated"] == 0
    assert client.get("/api/v1/audit", params={"limit": 1}).json()["total"] == audits


def test_xlsx_export_has_numbers_as_numbers(client: TestClient) -> None:
    content = client.get("/api/v1/projects/export.xlsx", params={"zone": ZONE}).content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[0] == translate("project.column.certificate_number", "vi")
    capital = header.index(translate("project.column.capital_usd", "vi"))
    assert isinstance(sheet.cell(2, capital + 1).value, int | float)


HEADER = ["Số GCNĐKĐT", "Ngày cấp", "Mã số thuế doanh nghiệp", "Mã khu/cụm", "Tên dự án",
          "Mã ngành VSIC", "Vốn đăng ký (USD)", "Diện tích đất (ha)"]  # fmt: skip


def test_check_only_lists_every_problem(client: TestClient, session: Session) -> None:
    firm = session.scalars(select(Enterprise).limit(1)).one()
    good = ["T900000001", "2024-01-10", firm.tax_code, ZONE, "Dự án A", "2610", "1000", "1"]
    rows = [
        good,
        ["T900000002", "2024-01-10", "0100109107", ZONE, "B", "2610", "1000", "1"],
        ["T900000003", "2024-01-10", firm.tax_code, "KCN-NOWHERE", "C", "2610", "1000", "1"],
        ["T900000004", "2024-01-10", firm.tax_code, ZONE, "D", "4000", "1000", "1"],
        ["T900000001", "2024-01-10", firm.tax_code, ZONE, "E", "2610", "1000", "1"],
        ["T900000005", "2024-01-10", firm.tax_code, ZONE, "F", "2610", "-5", "1"],
        ["T900000006", "31/02/2024", firm.tax_code, ZONE, "G", "2610", "1000", "1"],
    ]
    response = _post(client, "projects", _csv(HEADER, rows), dry_run="true")
    assert response.status_code == 422
    problems = [(p["row"], p["column"]) for p in response.json()["problems"]]
    assert problems == [
        (3, "Mã số thuế doanh nghiệp"),
        (4, "Mã khu/cụm"),
        (5, "Mã ngành VSIC"),
        (6, "Số GCNĐKĐT"),
        (7, "Vốn đăng ký (USD)"),
        (8, "Ngày cấp"),
    ]
    by_row = {p["row"]: p for p in response.json()["problems"]}
    assert by_row[5]["value"] == "4000"
    assert by_row[5]["message"] == translate("project.bad_vsic", "vi")
    assert by_row[6]["message"] == translate("import.duplicate_in_file", "vi", row=2)
    assert session.scalar(select(Project).where(Project.certificate_number == "T900000001")) is None


def test_one_bad_row_writes_nothing_and_a_good_file_is_idempotent(
    client: TestClient, session: Session
) -> None:
    header = ["Mã số thuế", "Tên doanh nghiệp", "Sở hữu", "Quốc gia nhà đầu tư"]
    good = [[tax_code(900 + i), f"Công ty TNHH Nhập {i}", "fdi", "KR, VN"] for i in range(3)]
    bad = [*good, ["123", "Sai", "fdi", "KR"]]
    count = session.scalar(select(func.count(Enterprise.id)))
    refused = _post(client, "enterprises", _csv(header, bad))
    assert refused.status_code == 422 and len(refused.json()["problems"]) == 1
    assert session.scalar(select(func.count(Enterprise.id))) == count
    first = _post(client, "enterprises", _csv(header, good)).json()
    assert (first["created"], first["updated"], first["unchanged"]) == (3, 0, 0)
    again = _post(client, "enterprises", _csv(header, good)).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    good[1][1] = "Công ty TNHH Nhập Đổi Tên"
    changed = _post(client, "enterprises", _csv(header, good)).json()
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 2)
    firm = session.scalar(select(Enterprise).where(Enterprise.tax_code == tax_code(901)))
    assert firm is not None and firm.name == "Công ty TNHH Nhập Đổi Tên" and firm.version == 2
    last = session.scalars(
        select(AuditRecord).where(AuditRecord.object_type == "enterprise",
                                  AuditRecord.object_id == firm.id).order_by(AuditRecord.id)
    ).all()  # fmt: skip
    assert [a.action for a in last] == ["create", "update"]
    assert last[-1].after == {"name": "Công ty TNHH Nhập Đổi Tên", "version": 2} or (
        last[-1].after and last[-1].after["name"] == "Công ty TNHH Nhập Đổi Tên"
    )


def test_leases_over_the_leasable_land_are_refused(client: TestClient, session: Session) -> None:
    project = session.scalars(
        select(Project).join(Project.zone).where(Project.zone.has(code=ZONE)).limit(1)
    ).one()
    header = ["Số GCNĐKĐT của dự án", "Số hợp đồng", "Diện tích (ha)", "Ngày bắt đầu"]
    rows = [[project.certificate_number, "HĐ-MỚI", "50", "2024-01-01"]]
    response = _post(client, "leases", _csv(header, rows), dry_run="true")
    assert response.status_code == 422
    assert response.json()["problems"][0]["column"] == "Diện tích (ha)"


def test_template_has_vietnamese_headers_and_notes(client: TestClient) -> None:
    response = client.get("/api/v1/imports/projects/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0]["A1"].value == "Số GCNĐKĐT"
    assert book.worksheets[0]["A2"].value  # the example row
    assert len(book.worksheets) == 2 and book.worksheets[1].max_row > 10


def test_cli_refuses_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["import", "enterprises", str(tmp_path / "none.csv")])
    assert result.exit_code == 2


def test_generated_xlsx_opens_in_libreoffice(client: TestClient, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the XLSX is not opened by it")
    content = client.get("/api/v1/enterprises/export.xlsx", params={"zone": ZONE}).content
    source = tmp_path / "enterprises.xlsx"
    source.write_bytes(content)
    utf8_csv = "csv:Text - txt - csv (StarCalc):44,34,76"  # comma, quote, UTF-8
    subprocess.run([soffice, "--headless", "--convert-to", utf8_csv, "--outdir", str(tmp_path),
                    str(source)], check=True, timeout=120, capture_output=True)  # fmt: skip
    rows = list(csv.reader((tmp_path / "enterprises.csv").read_text("utf-8").splitlines()))
    exported = client.get("/api/v1/enterprises/export.csv", params={"zone": ZONE}).content
    expected = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert [r[0] for r in rows] == [r[0] for r in expected]
