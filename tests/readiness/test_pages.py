"""The readiness pages: the province page sorted by risk, a task page with its chart and
blockers, the panel on a zone's page, and who may see them."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.kit.i18n import fmt_number
from kcn.models import ClearanceTask, InfraWork, Project, Zone
from tests.auth.test_login import csrf_of
from tests.monitoring.factories import report_payload
from tests.web.test_forms import signed_in


def _task(session: Session, zone: str, phase: str) -> ClearanceTask:
    stmt = select(ClearanceTask).join(Zone).where(Zone.code == zone, ClearanceTask.phase == phase)
    task = session.scalar(stmt)
    assert task is not None
    return task


def test_pages(client: TestClient, client_as: Any, session: Session) -> None:
    page = client.get("/readiness", params={"as_of": "2024-07-15"})
    assert page.status_code == 200, page.text
    html = page.text
    # Sorted by risk: the stalled task (Phúc Sơn phase 2) comes before the finished one.
    stalled = _task(session, "KCN-PHUC-SON", "Giai đoạn 2")
    done = _task(session, "KCN-VIET-HAN-MO-RONG", "Giai đoạn 1")
    assert html.index(f"/readiness/tasks/{stalled.id}") < html.index(f"/readiness/tasks/{done.id}")
    assert "demo" in html
    assert "+ mở rộng" in html  # labour demand split: projects + expansion plans
    task = _task(session, "KCN-YEN-LU", "Diện tích còn lại")
    detail = client.get(f"/readiness/tasks/{task.id}", params={"as_of": "2024-07-15"})
    assert detail.status_code == 200
    assert (
        "<svg" in detail.text and "<polyline" in detail.text and 'class="forecast"' in detail.text
    )
    assert "UBND xã Yên Lư" in detail.text  # who must act on a blocker
    zone = client.get(f"/zones/{task.zone_id}")
    assert zone.status_code == 200 and 'id="readiness"' in zone.text
    assert 'id="readiness"' not in client_as(None).get(f"/zones/{task.zone_id}").text
    assert client_as("enterprise").get("/readiness").status_code == 403


def _vi(value: Any) -> str:
    """A number as a Vietnamese page is typed: a decimal comma."""
    return str(value).replace(".", ",")


def test_the_board_adds_a_report_and_edits_a_task_on_the_page(
    anon: TestClient, client_as: Any, session: Session
) -> None:
    task = _task(session, "KCN-YEN-LU", "Diện tích còn lại")
    url = f"/readiness/tasks/{task.id}"
    # A reader of the province's staff sees the page, and no form.
    seen = client_as("viewer").get(url)
    assert seen.status_code == 200 and f'action="{url}/reports"' not in seen.text
    assert 'action="/readiness/tasks"' not in client_as("viewer").get("/readiness").text
    board = signed_in(anon, "zone_board")
    csrf = csrf_of(board, url)
    last = task.reports[-1]
    count = len(task.reports)
    day = "2024-08-01"
    # Handed over more than the task's land: the message beside the field, nothing written.
    over = _vi(task.total_ha + 1)
    bad = board.post(f"{url}/reports", data={
        "csrf_token": csrf, "reported_on": day, "handed_over_ha": over})  # fmt: skip
    assert bad.status_code == 422
    assert re.search(r'<input name="handed_over_ha"[^>]*aria-invalid="true"', bad.text)
    session.expire_all()
    assert len(session.get(ClearanceTask, task.id).reports) == count  # type: ignore[union-attr]
    before = metrics.compute(session, "readiness.clearance_pct_area", task=task.id, as_of=day)
    added = board.post(f"{url}/reports", follow_redirects=False, data={
        "csrf_token": csrf, "reported_on": day, "handed_over_ha": _vi(task.total_ha),
        "households_agreed": str(last.households_agreed), "paid_vnd": str(last.paid_vnd),
        "blocker_kind": "dispute", "blocker_who": "UBND huyện Yên Dũng",
    })  # fmt: skip
    assert added.status_code == 303 and added.headers["location"] == f"{url}?saved=report"
    after = metrics.compute(session, "readiness.clearance_pct_area", task=task.id, as_of=day)
    assert before.value is not None and before.value < 100 and after.value == 100
    shown = board.get(added.headers["location"])
    assert "UBND huyện Yên Dũng" in shown.text and 'role="status"' in shown.text
    # Editing the task: a deadline before the start is refused beside the field.
    edit = {"csrf_token": csrf, "version": str(task.version), "start_date": "2024-01-01",
            "deadline": "2023-12-31", "responsible_unit": "Ban GPMB tỉnh"}  # fmt: skip
    refused = board.post(url, data=edit)
    assert refused.status_code == 422
    assert re.search(r'<input name="deadline"[^>]*aria-invalid="true"', refused.text)
    saved = board.post(url, data={**edit, "deadline": "2025-06-30"}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    session.expire_all()
    changed = session.get(ClearanceTask, task.id)
    assert changed is not None and str(changed.deadline) == "2025-06-30"
    assert changed.responsible_unit == "Ban GPMB tỉnh"


def test_the_board_creates_a_task_on_the_readiness_page(anon: TestClient, session: Session) -> None:
    board = signed_in(anon, "zone_board")
    data = {"csrf_token": csrf_of(board, "/readiness"), "zone": "KCN-YEN-LU",
            "phase": "Giai đoạn thử", "land_rice_ha": "12,5", "households": "40",
            "start_date": "2025-01-01", "deadline": "2024-12-31"}  # fmt: skip
    refused = board.post("/readiness/tasks", data=data)
    assert refused.status_code == 422
    assert re.search(r'<input name="deadline"[^>]*aria-invalid="true"', refused.text)
    assert (
        session.scalar(select(ClearanceTask).where(ClearanceTask.phase == "Giai đoạn thử")) is None
    )
    made = board.post("/readiness/tasks", data={**data, "deadline": "2025-12-31"},
                      follow_redirects=False)  # fmt: skip
    assert made.status_code == 303, made.text
    task = session.scalar(select(ClearanceTask).where(ClearanceTask.phase == "Giai đoạn thử"))
    assert task is not None and str(task.land_rice_ha) == "12.50"
    assert made.headers["location"] == f"/readiness/tasks/{task.id}?saved=created"


def test_the_board_writes_infrastructure_works_on_the_pages(
    anon: TestClient, client_as: Any, session: Session
) -> None:
    board = signed_in(anon, "zone_board")
    data = {"csrf_token": csrf_of(board, "/readiness"), "zone": "KCN-YEN-LU", "kind": "power",
            "name": "Trạm biến áp thử", "planned_value_vnd": "1.000.000",
            "start_date": "2024-01-01", "planned_completion": "2023-12-31"}  # fmt: skip
    refused = board.post("/readiness/works", data=data)
    assert refused.status_code == 422
    assert re.search(r'<input name="planned_completion"[^>]*aria-invalid="true"', refused.text)
    made = board.post("/readiness/works", data={**data, "planned_completion": "2024-12-31"},
                      follow_redirects=False)  # fmt: skip
    assert made.status_code == 303, made.text
    url = made.headers["location"].split("?")[0]
    work = session.scalar(select(InfraWork).where(InfraWork.name == "Trạm biến áp thử"))
    assert work is not None and url == f"/readiness/works/{work.id}"
    assert work.planned_value_vnd == 1_000_000
    seen = client_as("viewer").get(url)
    assert seen.status_code == 200 and f'action="{url}/reports"' not in seen.text
    csrf = csrf_of(board, url)
    report = {"csrf_token": csrf, "reported_on": "2024-06-30", "completed_value_vnd": "1.000.001"}
    over = board.post(f"{url}/reports", data=report)
    assert over.status_code == 422
    assert re.search(r'<input name="completed_value_vnd"[^>]*aria-invalid="true"', over.text)
    added = board.post(f"{url}/reports", data={**report, "completed_value_vnd": "250.000"},
                       follow_redirects=False)  # fmt: skip
    assert added.status_code == 303
    done = metrics.compute(session, "readiness.works_pct_value", work=work.id, as_of="2024-07-01")
    assert done.value == 25
    edit = {"csrf_token": csrf, "version": str(work.version), "name": "Trạm biến áp thử",
            "start_date": "2024-01-01", "planned_completion": "2024-12-31",
            "actual_completion": "2023-06-01"}  # fmt: skip
    bad = board.post(url, data=edit)
    assert bad.status_code == 422
    assert re.search(r'<input name="actual_completion"[^>]*aria-invalid="true"', bad.text)
    saved = board.post(url, data={**edit, "actual_completion": ""}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"{url}?saved=edited"


def test_an_id_the_database_cannot_hold_is_4xx(client: TestClient) -> None:
    for path in ("/readiness/tasks/99999999999999999999", "/readiness/works/2147483648"):
        assert client.get(path).status_code in (404, 422), path


def test_zone_panel_splits_the_labour_demand_into_projects_and_expansion_plans(
    client: TestClient, session: Session
) -> None:
    """The readiness panel on a zone's page (figures as of today) shows the labour demand and
    its split: workers the projects still plan to hire + those of the expansion plans filed
    for the last quarter ended."""
    zone = session.scalar(select(Zone).where(Zone.code == "KCN-YEN-LU"))
    assert zone is not None
    stmt = select(Project.certificate_number).where(Project.zone_id == zone.id)
    certificate = session.scalar(stmt.order_by(Project.id).limit(1))
    today = date.today()
    quarter = (today.month - 1) // 3
    period = f"{today.year}-Q{quarter}" if quarter else f"{today.year - 1}-Q4"
    plan = report_payload(str(certificate), period=period, filed_on=today.isoformat(),
                          expansion_workers=80, expansion_year=today.year + 1)  # fmt: skip
    filed = client.post("/api/v1/periodic-reports", json=plan)
    assert filed.status_code == 201, filed.text
    split = {
        name: metrics.compute(session, f"labour.{name}", zone=zone.code, as_of=today).value
        for name in ("demand", "demand_projects", "demand_expansion")
    }
    assert split["demand_expansion"] == 80 and split["demand_projects"]
    assert split["demand"] == split["demand_projects"] + 80
    for lang, words in (("vi", "Nhu cầu tuyển: {} (dự án {} + mở rộng {})"),
                        ("en", "Workers to hire: {} (projects {} + expansion {})")):  # fmt: skip
        page = client.get(f"/zones/{zone.id}", params={"lang": lang})
        panel = page.text[page.text.index('id="readiness"') :]
        shown = [fmt_number(split[k], lang, 0) for k in split]
        assert words.format(*shown) in panel, panel[:600]


def test_english_pages_name_zones_in_english(client: TestClient, session: Session) -> None:
    zone = session.scalar(select(Zone).where(Zone.code == "KCN-YEN-LU"))
    assert zone is not None and zone.name_en
    page = client.get("/readiness", params={"lang": "en"}).text
    assert f'<a href="/zones/{zone.id}">{zone.name_en}</a>' in page  # the tables
    assert f'<option value="KCN-YEN-LU">{zone.name_en}</option>' in page  # the new-task form
    assert zone.name not in page


def test_a_field_left_out_of_the_edit_form_is_kept(anon: TestClient, session: Session) -> None:
    task = _task(session, "KCN-YEN-LU", "Diện tích còn lại")
    notice, unit = task.notice_date, task.responsible_unit
    assert notice and unit
    url = f"/readiness/tasks/{task.id}"
    board = signed_in(anon, "zone_board")
    data = {"csrf_token": csrf_of(board, url), "version": str(task.version),
            "start_date": str(task.start_date), "deadline": "2025-06-30"}  # fmt: skip
    saved = board.post(url, data=data, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    session.expire_all()
    changed = session.get(ClearanceTask, task.id)
    assert changed is not None and str(changed.deadline) == "2025-06-30"
    assert (changed.notice_date, changed.responsible_unit, changed.phase) == (
        notice, unit, "Diện tích còn lại")  # fmt: skip
