"""Recording observations: revisions keep history; imports are all-or-nothing with a report."""

from __future__ import annotations

import io
from collections.abc import Callable

from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.models import AuditRecord, Observation

API = "/api/v1/stats"


def count(session: Session) -> int:
    return session.scalar(select(func.count(Observation.id))) or 0


def test_a_revision_keeps_the_history(client: TestClient, session: Session) -> None:
    body = {"indicator": "production_value", "period": "2024-07", "vsic": "C", "value": "50000.5",
            "status": "estimate", "source": "Cục Thống kê"}  # fmt: skip
    first = client.post(f"{API}/observations", json=body)
    assert first.status_code == 201, first.text
    assert first.json()["revision"] == 1
    same = client.post(f"{API}/observations", json=body)
    assert same.status_code == 200 and same.json()["revision"] == 1
    second = client.post(
        f"{API}/observations", json={**body, "value": "50100", "status": "official"}
    )
    assert second.json()["revision"] == 2
    history = client.get(f"{API}/observations/{second.json()['id']}/history").json()
    assert [(h["revision"], h["value"], h["is_current"]) for h in history] == [
        (1, "50000.5000", False), (2, "50100.0000", True)
    ]  # fmt: skip
    params = {"indicator": "production_value", "period": "2024-07"}
    current = client.get(f"{API}/observations", params=params).json()
    assert [o["value"] for o in current] == ["50100.0000"]
    audited = session.scalars(
        select(AuditRecord.action).where(AuditRecord.object_type == "observation")
    )
    assert list(audited)[-2:] == ["create", "update"]


def test_bad_observations_are_refused(client: TestClient) -> None:
    for body, field in [
        ({"indicator": "nope", "period": "2024-07", "value": "1"}, "indicator"),
        ({"indicator": "iip", "period": "2024-13", "value": "1"}, "period"),
        ({"indicator": "iip", "period": "2024-07", "value": "abc"}, "value"),
        ({"indicator": "iip", "period": "2024-07", "value": "1", "vsic": "ZZ9"}, "vsic"),
        (
            {"indicator": "iip", "period": "2024-07", "value": "1", "admin_unit": "999"},
            "admin_unit",
        ),
    ]:
        response = client.post(f"{API}/observations", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["fields"][0]["field"] == field


def test_only_statistics_and_admin_write(
    client_as: Callable[[str | None], TestClient], session: Session
) -> None:
    body = {"indicator": "iip", "period": "2024-07", "value": "400"}
    for role, status in [("statistics", 201), ("viewer", 403), ("zone_board", 403), (None, 401)]:
        response = client_as(role).post(f"{API}/observations", json=body)
        assert response.status_code in (status, 200), (role, response.text)


def _upload(client: TestClient, name: str, content: bytes) -> Response:
    return client.post(f"{API}/import", files={"file": (name, content)})


def test_import_is_all_or_nothing_with_a_row_report(client: TestClient, session: Session) -> None:
    before = count(session)
    csv_text = (
        "indicator,period,vsic,value,status\n"
        "production_value,2024-07,C,51000,estimate\n"
        "production_value,2024-07,D,abc,estimate\n"
        "production_value,2024-14,B,10,estimate\n"
        "production_value,2024-07,C,52000,estimate\n"
    )
    response = _upload(client, "bad.csv", csv_text.encode())
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(3, "value"), (4, "period"), (5, "period")]
    assert count(session) == before


def test_wide_xlsx_import(client: TestClient, session: Session) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "vsic", "status", "2024-07", "2024-08", "2024-09"])
    sheet.append(["production_value", "C", "estimate", 51000, 52000.5, None])
    sheet.append(["production_value", "D", "estimate", 300, 310, 320])
    data = io.BytesIO()
    book.save(data)
    response = _upload(client, "wide.xlsx", data.getvalue())
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 5
    params = {"indicator": "production_value", "period": "2024-08", "vsic": "C"}
    listing = client.get(f"{API}/observations", params=params)
    assert listing.json()[0]["value"] == "52000.5000"


def test_unreadable_files(client: TestClient) -> None:
    assert _upload(client, "x.xlsx", b"not a zip").status_code == 422
    utf16 = "ước".encode("utf-16")
    assert _upload(client, "x.csv", utf16).status_code == 422
    empty = _upload(client, "x.csv", b"indicator,period,value\n")
    assert empty.status_code == 422


def test_stats_pages(anon: TestClient) -> None:
    page = anon.get("/stats", params={"by": "district"})
    assert page.status_code == 200
    assert "Thị xã Việt Yên" in page.text and "27,23%" in page.text
    assert "47,3%" in page.text
    chart = anon.get("/stats/charts/monthly.svg")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert "<script" not in chart.text.split("</defs>")[-1]
    english = anon.get("/stats", params={"lang": "en"})
    assert "27.97%" in english.text
    xlsx = anon.get("/api/v1/stats/tables/export.xlsx", params={"by": "section"})
    assert xlsx.status_code == 200


def test_a_2024_district_cannot_take_values_after_the_reform(client: TestClient) -> None:
    body = {"indicator": "production_value", "period": "2025-09", "value": "1",
            "admin_unit": "222"}  # fmt: skip
    response = client.post(f"{API}/observations", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "admin_unit"
    earlier = client.post(f"{API}/observations", json={**body, "period": "2024-09"})
    assert earlier.status_code == 201


def test_vietnamese_spreadsheet_numbers(client: TestClient) -> None:
    """Vietnamese Excel saves CSV with semicolons and decimal commas: 311.986,8 means 311986.8."""
    text = (
        "indicator;period;vsic;value\n"
        "production_value;2024-07;C;311.986,8\n"
        "production_value;2024-07;D;1,5\n"
    )
    response = _upload(client, "vi.csv", text.encode())
    assert response.status_code == 200, response.text
    values = {
        o["vsic_code"]: o["value"]
        for o in client.get(
            f"{API}/observations", params={"indicator": "production_value", "period": "2024-07"}
        ).json()
    }
    assert values == {"C": "311986.8000", "D": "1.5000"}
