"""Bad input gets a 4xx in the one error shape, never a 500 (found by review)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.models import AuditRecord, Zone


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/zones/99999999999999999999",
        "/api/v1/zones/2147483648",
        "/api/v1/published-figures/99999999999999999999",
        "/api/v1/audit?object_id=99999999999999999999",
        "/api/v1/audit?date_to=9999-12-31",
        "/api/v1/zones?q=a%00b",
        "/api/v1/stats/series?years=0000",
        "/zones?page=99999999999999999999",
    ],
)
def test_values_the_database_cannot_hold_are_4xx(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    if path.startswith("/api/"):
        assert set(response.json()["error"]) >= {"code", "message", "fields"}


def test_nul_in_a_name_is_refused_and_writes_nothing(client: TestClient, session: Session) -> None:
    before = session.scalar(select(func.count(Zone.id)))
    payload = {"code": "X-NUL", "kind": "industrial_park", "name": "Khu\x00 công nghiệp"}
    response = client.post("/api/v1/zones", json=payload)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["code"] == "field.control_character"
    assert session.scalar(select(func.count(Zone.id))) == before


def test_infinite_coordinates_are_refused(client: TestClient) -> None:
    raw = (
        '{"code": "X-INF", "kind": "industrial_park", "name": "Khu công nghiệp Vô Cực", '
        '"geometry": {"type": "Point", "coordinates": [1e400, 21.0]}}'
    )
    headers = {"Content-Type": "application/json"}
    response = client.post("/api/v1/zones", content=raw.encode(), headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "geometry"


def test_single_column_csv_and_deep_yaml(client: TestClient, anon: TestClient) -> None:
    response = client.post("/api/v1/stats/import", files={"file": ("one.csv", b"indicator\niip\n")})
    assert response.status_code == 422
    deep = ("a: " * 1500 + "1").encode()
    checked = anon.post("/api/v1/stats/check", files={"file": ("deep.yaml", deep)})
    assert checked.status_code == 422


def test_a_part_that_fell_to_zero_still_gives_a_table(client: TestClient) -> None:
    body = {"indicator": "production_value", "period": "2024-06", "vsic": "B", "value": "0"}
    assert client.post("/api/v1/stats/observations", json=body).status_code == 201
    table = client.get("/api/v1/stats/tables", params={"period": "2024-06"})
    assert table.status_code == 200
    b = next(r for r in table.json()["rows"] if r["code"] == "B")
    assert b["growth_pct"] == "-100.00" and b["contribution_pp"] is not None


def test_an_empty_patch_writes_no_record(client: TestClient, session: Session) -> None:
    zone_id = session.scalar(select(Zone.id).where(Zone.code == "KCN-YEN-LU"))
    before = session.scalar(select(func.count(AuditRecord.id)))
    assert client.patch(f"/api/v1/zones/{zone_id}", json={}).status_code == 200
    same = client.get(f"/api/v1/zones/{zone_id}").json()["developer"]
    assert client.patch(f"/api/v1/zones/{zone_id}", json={"developer": same}).status_code == 200
    assert session.scalar(select(func.count(AuditRecord.id))) == before


def test_exports_never_carry_a_formula(client: TestClient) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    payload = {"code": "X-FORMULA", "kind": "industrial_park",
               "name": '=HYPERLINK("http://example.invalid","Bấm vào")'}  # fmt: skip
    assert client.post("/api/v1/zones", json=payload).status_code == 201
    xlsx = client.get("/api/v1/zones/export.xlsx", params={"q": "x-formula"})
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    csv_text = client.get("/api/v1/zones/export.csv", params={"q": "x-formula"}).text
    assert "'=HYPERLINK" in csv_text


def test_demo_figures_are_audited(session: Session) -> None:
    count = session.scalar(
        select(func.count(AuditRecord.id)).where(AuditRecord.object_type == "published_figure")
    )
    assert count is not None and count >= 32
