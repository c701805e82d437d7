"""Support requests: the workflow (and the steps it refuses), deadlines and overdue, the
figures by topic and agency, attachments and their limits, e-mail notices, and an enterprise
seeing only its own requests."""

from __future__ import annotations

import io
import socket
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.monitoring import attachments, requests
from tests.cases import DEMO_TAX_CODE
from tests.conftest import ENTERPRISE_TAX_CODE
from tests.monitoring.factories import request_payload
from tests.monitoring.test_reports import own_enterprise

ClientAs = Callable[[str | None], TestClient]
URL = "/api/v1/support-requests"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def step(c: TestClient, request_id: int, action: str, **body: Any) -> Any:
    return c.post(f"{URL}/{request_id}/steps", json={"action": action, **body})


def new_request(c: TestClient, **overrides: Any) -> dict[str, Any]:
    created = c.post(URL, json=request_payload(DEMO_TAX_CODE, **overrides))
    assert created.status_code == 201, created.text
    return dict(created.json())


def test_workflow_dates_every_step_and_refuses_the_wrong_ones(client: TestClient) -> None:
    made = new_request(client, topic="procedures", received_on="2024-07-01")
    rid = made["id"]
    assert made["state"] == "received" and [s["action"] for s in made["steps"]] == ["receive"]
    assert step(client, rid, "answer", note="x").status_code == 409  # not assigned yet
    no_agency = step(client, rid, "assign")
    assert no_agency.status_code == 422
    assert no_agency.json()["error"]["fields"][0]["field"] == "agency"
    assigned = step(client, rid, "assign", agency="zone_board", day="2024-07-02", note="Giao")
    assert assigned.status_code == 201, assigned.text
    body = assigned.json()
    deadline = requests.DEFAULT_DEADLINES["procedures"]
    assert body["state"] == "assigned" and body["agency"] == "zone_board"
    assert body["due_on"] == str(date(2024, 7, 2) + timedelta(days=deadline))
    refused = step(client, rid, "close")
    assert refused.status_code == 409 and "close" in refused.json()["error"]["message"]
    assert step(client, rid, "start", day="2024-07-03").json()["state"] == "in_progress"
    assert step(client, rid, "answer").status_code == 422  # an answer needs its text
    answered = step(client, rid, "answer", day="2024-07-05", note="Đã hướng dẫn").json()
    assert answered["state"] == "answered" and answered["answer"] == "Đã hướng dẫn"
    assert answered["answered_on"] == "2024-07-05"
    reopened = step(client, rid, "reopen", day="2024-07-06", note="Chưa rõ").json()
    assert reopened["state"] == "reopened" and reopened["answered_on"] is None
    step(client, rid, "answer", day="2024-07-08", note="Bổ sung")
    closed = step(client, rid, "close", day="2024-07-09").json()
    assert closed["state"] == "closed" and closed["closed_on"] == "2024-07-09"
    steps = closed["steps"]
    assert [s["action"] for s in steps] == [
        "receive", "assign", "start", "answer", "reopen", "answer", "close"
    ]  # fmt: skip
    assert all(s["actor_name"] and s["day"] for s in steps)
    assert steps[1]["note"] == "Giao" and steps[4]["from_state"] == "answered"
    early = step(client, new_request(client)["id"], "assign", agency="tax", day="2024-06-01")
    assert early.status_code == 422  # before the request was received


def test_enterprise_sees_only_its_own_requests(
    client: TestClient, client_as: ClientAs, session: Session
) -> None:
    own_enterprise(session)
    firm = client_as("enterprise")
    mine = firm.post(URL, json=request_payload(ENTERPRISE_TAX_CODE, channel="web"))
    assert mine.status_code == 201, mine.text
    assert firm.post(URL, json=request_payload(DEMO_TAX_CODE)).status_code == 403
    listed = firm.get(URL, params={"limit": 500}).json()
    assert [r["id"] for r in listed["items"]] == [mine.json()["id"]]
    other = new_request(client)
    assert firm.get(f"{URL}/{other['id']}").status_code == 404
    rid = mine.json()["id"]
    assert step(firm, rid, "assign", agency="tax").status_code == 403  # officials assign
    assert firm.patch(f"{URL}/{rid}", json={"text": "sửa"}).status_code == 403
    step(client, rid, "assign", agency="tax")
    step(client, rid, "answer", note="Trả lời")
    seen = firm.get(f"{URL}/{rid}").json()
    assert seen["answer"] == "Trả lời" and seen["actions"] == ["close", "reopen"]
    assert step(firm, rid, "reopen", note="Chưa được").json()["state"] == "reopened"
    assert firm.get(f"{URL}/overdue").status_code == 403


def test_overdue_by_agency_and_figures(client: TestClient, session: Session) -> None:
    today = date.today()
    late = new_request(client, topic="tax", received_on=str(today - timedelta(days=60)))
    step(client, late["id"], "assign", agency="customs", day=str(today - timedelta(days=50)))
    fresh = new_request(client, topic="tax", received_on=str(today - timedelta(days=2)))
    step(client, fresh["id"], "assign", agency="customs", day=str(today - timedelta(days=1)))
    overdue = client.get(f"{URL}/overdue", params={"agency": "customs"})
    assert overdue.status_code == 200
    ids = [r["id"] for r in overdue.json()]
    assert late["id"] in ids and fresh["id"] not in ids
    assert all(r["overdue"] and r["agency"] == "customs" for r in overdue.json())
    count = metrics.compute(session, "monitoring.requests_overdue", agency="customs").value
    assert count == len(ids)
    # Figures for a period: count, on time, median days.
    period = {"period": "2023-H1", "as_of": "2023-12-31", "agency": "finance"}
    for received, answered in (("2023-02-01", "2023-02-05"), ("2023-03-01", "2023-03-31"),
                               ("2023-04-01", None)):  # fmt: skip
        rid = new_request(client, topic="tax", received_on=received)["id"]
        step(client, rid, "assign", agency="finance", day=received)
        if answered:
            step(client, rid, "answer", note="Đã trả lời", day=answered)
    values = {
        name: metrics.compute(session, f"monitoring.{name}", **period).value
        for name in ("requests_count", "requests_on_time_pct", "requests_median_days")
    }
    # tax requests get 10 days: one answered in 4, one in 30, one never (past due).
    assert values["requests_count"] == 3
    assert str(values["requests_on_time_pct"]) == "33.33"
    assert values["requests_median_days"] == 17
    table = client.get(
        "/api/v1/monitoring/request-figures", params={"period": "2023-H1", "as_of": "2023-12-31"}
    )
    finance = next(a for a in table.json()["by_agency"] if a["agency"] == "finance")
    assert finance["requests_count"] == "3"


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def test_attachment_types_are_read_from_the_bytes() -> None:
    assert attachments.sniff(PDF) == "pdf"
    assert attachments.sniff(b"\x89PNG\r\n\x1a\n" + b"0" * 20) == "png"
    assert attachments.sniff(_xlsx()) == "xlsx"
    assert attachments.sniff(b"PK\x03\x04 not really a zip") is None
    assert attachments.sniff(b"MZ\x90\x00") is None  # a program


def test_attachments_and_their_limits(client: TestClient, client_as: ClientAs) -> None:
    rid = new_request(client)["id"]
    files = {"file": ("công văn.pdf", PDF, "application/pdf")}
    added = client.post(f"{URL}/{rid}/attachments", files=files)
    assert added.status_code == 201, added.text
    assert added.json()["media_type"] == "application/pdf"
    sheet = client.post(f"{URL}/{rid}/attachments", files={"file": ("bảng.xlsx", _xlsx())})
    assert sheet.status_code == 201
    fake = client.post(f"{URL}/{rid}/attachments", files={"file": ("virus.pdf", b"MZ\x90\x00")})
    assert fake.status_code == 422 and fake.json()["error"]["fields"][0]["field"] == "file"
    exe = client.post(f"{URL}/{rid}/attachments", files={"file": ("run.exe", b"MZ\x90\x00")})
    assert exe.status_code == 422 and ".pdf" in exe.json()["error"]["fields"][0]["message"]
    client.app.state.settings.max_attachment_bytes = 2048  # type: ignore[attr-defined]
    big = client.post(f"{URL}/{rid}/attachments", files={"file": ("big.pdf", PDF + b"0" * 4096)})
    assert big.status_code == 413 and big.json()["error"]["code"] == "attachment_too_large"
    got = client.get(f"{URL}/{rid}")
    assert [a["filename"] for a in got.json()["attachments"]] == ["công văn.pdf", "bảng.xlsx"]
    download = client.get(f"{URL}/{rid}/attachments/{added.json()['id']}")
    assert download.content == PDF and download.headers["content-type"] == "application/pdf"
    assert client_as("enterprise").get(
        f"{URL}/{rid}/attachments/{added.json()['id']}").status_code == 404  # fmt: skip


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_notices_by_email_when_configured(
    client: TestClient, session: Session, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    settings = client.app.state.settings  # type: ignore[attr-defined]
    rid = new_request(client)["id"]
    step(client, rid, "assign", agency="tax", agency_email="thue@example.vn")
    assert inbox.messages == []  # no SMTP server configured: nothing sent
    own = own_enterprise(session)
    rid = client.post(URL, json=request_payload(own.tax_code)).json()["id"]
    settings.smtp_host, settings.smtp_port = "127.0.0.1", port
    assigned = step(client, rid, "assign", agency="tax", agency_email="thue@example.vn")
    assert assigned.status_code == 201
    assert len(inbox.messages) == 1
    assert set(inbox.messages[0].rcpt_tos) == {"mine@example.vn", "thue@example.vn"}
    assert b"Subject:" in inbox.messages[0].content
    step(client, rid, "answer", note="Đã trả lời")
    assert len(inbox.messages) == 2 and inbox.messages[1].rcpt_tos == ["mine@example.vn"]
    settings.smtp_port = 1  # nobody listens: the step still succeeds
    rid = client.post(URL, json=request_payload(own.tax_code)).json()["id"]
    assert step(client, rid, "assign", agency="tax").status_code == 201


def test_deadlines_per_topic_can_be_overridden() -> None:
    from pydantic import ValidationError

    from kcn.config import Settings

    assert requests.deadlines("procedures=7, land_site=20")["procedures"] == 7
    assert requests.deadlines("")["land_site"] == 30
    with pytest.raises(ValidationError):
        Settings(request_deadlines="procedures=soon")
