"""The readiness pages: the province page sorted by risk, a task page with its chart and
blockers, the panel on a zone's page, and who may see them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.models import ClearanceTask, Zone


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
