"""Periodic reports: validation (negative figures, duplicates, the capital warning), due
dates, the non-reporter list and reminders, and an enterprise seeing only its own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.config import get_settings
from kcn.kit import metrics
from kcn.kit.periods import Period
from kcn.kit.text import fold
from kcn.models import Enterprise
from kcn.monitoring import reports
from tests.cases import DEMO_CERTIFICATE
from tests.conftest import ENTERPRISE_TAX_CODE
from tests.enterprises.factories import project_payload
from tests.monitoring.factories import report_payload

ClientAs = Callable[[str | None], TestClient]
URL = "/api/v1/periodic-reports"


def own_enterprise(session: Session) -> Enterprise:
    """The test enterprise account's own enterprise."""
    found = session.scalar(select(Enterprise).where(Enterprise.tax_code == ENTERPRISE_TAX_CODE))
    if found is None:
        found = Enterprise(tax_code=ENTERPRISE_TAX_CODE, name="Công ty TNHH Của Tôi",
                           name_folded=fold("Công ty TNHH Của Tôi"), ownership="domestic",
                           email="mine@example.vn")  # fmt: skip
        session.add(found)
        session.commit()
    return found


def own_project(client: TestClient, session: Session, n: int = 1, **overrides: object) -> str:
    """A project of the test enterprise account's own enterprise; its certificate number."""
    own_enterprise(session)
    payload = project_payload(8800 + n, ENTERPRISE_TAX_CODE, **overrides)
    created = client.post("/api/v1/projects", json=payload)
    assert created.status_code == 201, created.text
    return str(payload["certificate_number"])


def test_due_date_is_the_configured_day_after_the_quarter(monkeypatch: object) -> None:
    assert reports.due_on(2024, 2) == date(2024, 7, 10)
    assert reports.due_on(2024, 4) == date(2025, 1, 10)
    monkeypatch.setenv("KCN_REPORT_DUE_DAY", "20")  # type: ignore[attr-defined]
    get_settings.cache_clear()
    try:
        assert reports.due_on(2024, 1) == date(2024, 4, 20)
    finally:
        monkeypatch.delenv("KCN_REPORT_DUE_DAY")  # type: ignore[attr-defined]
        get_settings.cache_clear()
    assert reports.last_quarter(date(2024, 7, 3)) == Period.parse("2024-Q2")
    assert reports.last_quarter(date(2024, 2, 1)) == Period.parse("2023-Q4")


def test_file_a_report_with_a_warning_and_refusals(client: TestClient) -> None:
    late = report_payload(DEMO_CERTIFICATE, "2024-Q3", filed_on="2024-10-11",
                          capital_implemented_usd="999999999.00")  # fmt: skip
    created = client.post(URL, json=late)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["due_on"] == "2024-10-10" and body["on_time"] is False
    assert [w["field"] for w in body["warnings"]] == ["capital_implemented_usd"]
    assert "999" in body["warnings"][0]["message"]
    again = client.post(URL, json=report_payload(DEMO_CERTIFICATE, "2024-Q3"))
    assert again.status_code == 422
    assert again.json()["error"]["fields"][0]["field"] == "period"
    negative = client.post(URL, json=report_payload(DEMO_CERTIFICATE, "2024-Q4",
                                                     exports_usd="-1"))  # fmt: skip
    assert negative.status_code == 422
    assert negative.json()["error"]["fields"][0]["field"] == "exports_usd"
    bad = client.post(URL, json=report_payload(DEMO_CERTIFICATE, "2024-H2"))
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "period"
    fine = client.patch(f"{URL}/{body['id']}", json={"capital_implemented_usd": "100.00"})
    assert fine.status_code == 200 and fine.json()["warnings"] == []


def test_enterprise_files_and_sees_only_its_own(
    client: TestClient, client_as: ClientAs, session: Session
) -> None:
    mine = own_project(client, session)
    firm = client_as("enterprise")
    filed = firm.post(URL, json=report_payload(mine, "2024-Q2"))
    assert filed.status_code == 201, filed.text
    assert firm.post(URL, json=report_payload(DEMO_CERTIFICATE, "2031-Q1")).status_code == 403
    listed = firm.get(URL, params={"limit": 500}).json()
    assert listed["total"] == 1 and listed["items"][0]["project"]["certificate_number"] == mine
    assert client.get(URL).json()["total"] > 1  # the officials see every report
    everything = client.get(URL, params={"limit": 500}).json()["items"]
    other = next(r for r in everything if r["project"]["certificate_number"] != mine)
    assert firm.get(f"{URL}/{other['id']}").status_code == 404
    assert firm.patch(f"{URL}/{other['id']}", json={"notes": "x"}).status_code == 403
    assert firm.delete(f"{URL}/{filed.json()['id']}").status_code == 403
    assert firm.get(f"{URL}/non-reporters").status_code == 403


def test_non_reporters_and_reminders(client: TestClient, session: Session) -> None:
    mine = own_project(client, session, 2, certificate_date="2024-02-01")
    params = {"period": "2024-Q2", "as_of": "2024-07-15"}
    missing = client.get(f"{URL}/non-reporters", params=params)
    assert missing.status_code == 200, missing.text
    rows = {r["project"]["certificate_number"]: r for r in missing.json()}
    assert rows[mine]["due_on"] == "2024-07-10" and rows[mine]["days_overdue"] == 5
    assert rows[mine]["email"] == "mine@example.vn"
    # Sorted by zone, and a project that filed is not listed.
    zones = [r["project"]["zone_code"] for r in missing.json()]
    assert zones == sorted(zones)
    filed = {
        r["project"]["certificate_number"]
        for r in client.get(URL, params={"period": "2024-Q2", "limit": 500}).json()["items"]
    }
    assert not filed & set(rows)
    client.post(URL, json=report_payload(mine, "2024-Q2", filed_on="2024-07-16"))
    after = client.get(f"{URL}/non-reporters", params=params).json()
    assert mine not in {r["project"]["certificate_number"] for r in after}
    assert len(after) == len(rows) - 1
    zone = rows[mine]["project"]["zone_code"]
    by_zone = client.get(f"{URL}/non-reporters", params={**params, "zone": zone}).json()
    assert {r["project"]["zone_code"] for r in by_zone} == {zone}
    reminders = client.get(f"{URL}/reminders", params={"as_of": "2024-07-05"}).json()
    assert reminders and all(r["period"] == "2024-Q2" and r["days_overdue"] == -5
                             for r in reminders)  # fmt: skip
    # A project certified after the quarter owes nothing for it.
    later = own_project(client, session, 3, certificate_date="2024-08-01")
    assert later not in {r["project"]["certificate_number"] for r in
                         client.get(f"{URL}/non-reporters", params=params).json()}  # fmt: skip


def test_reports_of_a_quarter_sum_into_the_metrics(client: TestClient, session: Session) -> None:
    mine = own_project(client, session, 4, capital_usd="1000000.00", land_ha="2.00")
    period = {"period": "2024-Q2", "as_of": "2024-08-01"}
    before = {
        n: metrics.compute(session, f"monitoring.{n}", **period).exact
        for n in (
            "reports_filed",
            "non_reporters",
            "reports_overdue",
            "capital_implemented_usd_million",
            "capital_registered_usd_million",
        )
    }
    expected = metrics.compute(session, "monitoring.reports_expected", **period).exact
    assert before["reports_filed"] + before["non_reporters"] == expected
    assert before["reports_overdue"] == before["non_reporters"]  # as_of is past the due date
    client.post(URL, json=report_payload(mine, "2024-Q2", capital_implemented_usd="400000.00"))
    after = {n: metrics.compute(session, f"monitoring.{n}", **period).exact for n in before}
    assert after["reports_filed"] == before["reports_filed"] + 1
    assert after["non_reporters"] == before["non_reporters"] - 1
    assert after["capital_implemented_usd_million"] - before[
        "capital_implemented_usd_million"
    ] == Decimal("0.4")
    assert after["capital_registered_usd_million"] - before["capital_registered_usd_million"] == 1
    not_due = metrics.compute(session, "monitoring.reports_overdue", period="2024-Q2",
                              as_of="2024-07-10")  # fmt: skip
    assert not_due.value == 0


def test_upload_checks_every_row_then_writes_all_or_none(
    client: TestClient, client_as: ClientAs, session: Session
) -> None:
    mine = own_project(client, session, 5)
    header = "Số GCNĐKĐT,Kỳ báo cáo,Ngày nộp,Doanh thu thuần (USD),Lao động Việt Nam\n"
    good = f"{mine},2025-Q1,10/04/2025,1500.50,20\n{mine},2025-Q2,2025-07-09,1600,21\n"
    bad = f"{mine},2025-Q3,,-5,20\nT000000000,2025-Q3,,1,1\n{mine},2025-Q2,,1,1\n"
    firm = client_as("enterprise")
    refused = firm.post(f"{URL}/import", files={"file": ("r.csv", (header + good + bad).encode())})
    assert refused.status_code == 422
    found = {(p["row"], p["column"]) for p in refused.json()["problems"]}
    assert found == {(4, "net_revenue_usd"), (5, "project"), (6, "period")}
    assert firm.get(URL, params={"project": mine}).json()["total"] == 0  # nothing written
    other = f"{DEMO_CERTIFICATE},2025-Q1,,1,1\n"
    forbidden = firm.post(f"{URL}/import", files={"file": ("r.csv", (header + other).encode())})
    assert forbidden.json()["problems"][0]["column"] == "project"
    checked = firm.post(
        f"{URL}/import?dry_run=true", files={"file": ("r.csv", (header + good).encode())}
    )
    assert checked.status_code == 200 and checked.json()["created"] == 0
    done = firm.post(f"{URL}/import", files={"file": ("r.csv", (header + good).encode())})
    assert done.status_code == 200 and done.json()["created"] == 2
    items = firm.get(URL, params={"project": mine, "sort": "period"}).json()["items"]
    assert [(r["period"], r["filed_on"], r["net_revenue_usd"]) for r in items] == [
        ("2025-Q1", "2025-04-10", "1500.50"), ("2025-Q2", "2025-07-09", "1600.00")]  # fmt: skip
