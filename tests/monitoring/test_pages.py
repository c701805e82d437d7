"""The monitoring pages: an enterprise files a report and sends a request on the pages, sees
only its own; officials see the non-reporters, move a request along with the buttons, and
the overdue list; the enterprise's page shows the panel."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.models import Enterprise, SupportRequest
from tests.auth.test_login import csrf_of
from tests.cases import DEMO_TAX_CODE
from tests.monitoring.test_reports import own_project
from tests.web.test_forms import signed_in


def test_enterprise_files_a_report_and_sends_a_request(
    anon: TestClient, client: TestClient, session: Session
) -> None:
    mine = own_project(client, session, 7, capital_usd="1000.00")
    firm = signed_in(anon, "enterprise")
    page = firm.get("/monitoring/reports")
    assert page.status_code == 200 and mine in page.text
    assert DEMO_TAX_CODE not in page.text  # no other enterprise's report
    data = {"csrf_token": csrf_of(firm, "/monitoring/reports"), "project": mine,
            "period": "2024-Q3", "capital_implemented_usd": "1.234,50",
            "workers_vietnamese": "12"}  # fmt: skip
    filed = firm.post("/monitoring/reports", data=data)
    assert filed.status_code == 200, filed.text
    assert "2024-Q3" in filed.text and 'role="alert"' in filed.text  # above registered capital
    bad = firm.post("/monitoring/reports", data={**data, "period": "2024-Q4",
                                                 "net_revenue_usd": "12.5"})  # fmt: skip
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text  # en style on a vi page
    sent = firm.post("/monitoring/requests", follow_redirects=False, data={
        "csrf_token": csrf_of(firm, "/monitoring/requests"), "topic": "labour",
        "text": "Thiếu lao động", "enterprise": DEMO_TAX_CODE})  # fmt: skip
    assert sent.status_code == 303
    made = session.get(SupportRequest, int(sent.headers["location"].split("/")[-1].split("?")[0]))
    assert made is not None and made.enterprise.tax_code != DEMO_TAX_CODE and made.channel == "web"
    assert firm.get("/monitoring/non-reporters").status_code == 403


def test_officials_move_a_request_and_see_the_lists(anon: TestClient, session: Session) -> None:
    board = signed_in(anon, "zone_board")
    listed = board.get("/monitoring/requests")
    assert listed.status_code == 200 and 'class="demo"' in listed.text
    request = session.scalars(
        select(SupportRequest).where(SupportRequest.state == "received")
    ).first()
    assert request is not None
    page = board.get(f"/monitoring/requests/{request.id}")
    assert 'value="assign"' in page.text and 'value="close"' not in page.text
    csrf = csrf_of(board, f"/monitoring/requests/{request.id}")
    moved = board.post(f"/monitoring/requests/{request.id}/steps", follow_redirects=False,
                       data={"csrf_token": csrf, "action": "assign", "agency": "labour",
                             "version": str(request.version)})  # fmt: skip
    assert moved.status_code == 303
    session.expire_all()
    assert session.get(SupportRequest, request.id).state == "assigned"  # type: ignore[union-attr]
    refused = board.post(f"/monitoring/requests/{request.id}/steps",
                         data={"csrf_token": csrf, "action": "close"})  # fmt: skip
    assert refused.status_code == 409
    assert board.get("/monitoring/non-reporters?period=2024-Q2").status_code == 200
    overdue = board.get("/monitoring/requests/overdue?period=2024-H1")
    assert overdue.status_code == 200 and "request.figures" not in overdue.text
    figures_2024 = overdue.text.split('name="period"')[1]
    assert "Vốn, tín dụng" in figures_2024  # a topic of the demo requests of 2024-H1
    figures = board.get("/monitoring/figures?period=2024-Q2")
    assert figures.status_code == 200 and 'class="demo"' in figures.text
    firm = session.scalar(select(Enterprise).where(Enterprise.id == request.enterprise_id))
    assert firm is not None
    detail = board.get(f"/enterprises/{firm.id}")
    assert f"/monitoring/requests/{request.id}" in detail.text


def test_enterprise_attaches_a_file_on_its_request_page(
    anon: TestClient, client: TestClient, session: Session
) -> None:
    own_project(client, session, 8)  # makes the account's enterprise
    firm = signed_in(anon, "enterprise")
    csrf = csrf_of(firm, "/monitoring/requests")
    sent = firm.post("/monitoring/requests", follow_redirects=False, data={
        "csrf_token": csrf, "topic": "tax", "text": "Hoàn thuế"})  # fmt: skip
    page = sent.headers["location"].split("?")[0]
    assert 'enctype="multipart/form-data"' in firm.get(page).text
    pdf = b"%PDF-1.4\n%%EOF\n"
    ok = firm.post(
        f"{page}/attachments",
        data={"csrf_token": csrf},
        files={"file": ("hồ sơ.pdf", pdf, "application/pdf")},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert "hồ sơ.pdf" in firm.get(page).text
    fake = firm.post(f"{page}/attachments", data={"csrf_token": csrf},
                     files={"file": ("ảnh.png", pdf, "image/png")})  # fmt: skip
    assert fake.status_code == 422
