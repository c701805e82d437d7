"""Every create, update and delete writes exactly one audit record; a refused one, none; and
nothing can change the trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kcn.models import AuditRecord, Zone
from tests.zones.factories import park_payload

API = "/api/v1/zones"


def count(session: Session) -> int:
    return session.scalar(select(func.count(AuditRecord.id))) or 0


def latest(session: Session) -> AuditRecord:
    record = session.scalar(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1))
    assert record is not None
    return record


def zone_id(session: Session, code: str) -> int:
    found = session.scalar(select(Zone.id).where(Zone.code == code))
    assert found is not None
    return found


Op = Callable[[TestClient, Session], Any]


def _milestone_id(c: TestClient, zid: int, kind: str) -> int:
    return next(m["id"] for m in c.get(f"{API}/{zid}/milestones").json() if m["kind"] == kind)


OPERATIONS: dict[str, tuple[Op, str, str]] = {
    "create zone": (lambda c, s: c.post(API, json=park_payload()), "zone", "create"),
    "update zone": (
        lambda c, s: c.patch(f"{API}/{zone_id(s, 'KCN-YEN-LU')}", json={"developer": "Y"}),
        "zone", "update",
    ),
    "delete zone": (lambda c, s: c.delete(f"{API}/{zone_id(s, 'CCN-DEMO-02')}"), "zone", "delete"),
    "add milestone": (
        lambda c, s: c.post(f"{API}/{zone_id(s, 'KCN-YEN-SON')}/milestones",
                            json={"kind": "policy_approved", "target_date": "2030-01-01"}),
        "zone", "update",
    ),
    "update milestone": (
        lambda c, s: c.patch(
            f"{API}/{zone_id(s, 'KCN-YEN-LU')}/milestones/"
            f"{_milestone_id(c, zone_id(s, 'KCN-YEN-LU'), 'policy_approved')}",
            json={"document_number": "1/QĐ-TTg"}),
        "zone", "update",
    ),
    "delete milestone": (
        lambda c, s: c.delete(
            f"{API}/{zone_id(s, 'KCN-YEN-LU')}/milestones/"
            f"{_milestone_id(c, zone_id(s, 'KCN-YEN-LU'), 'infrastructure_started')}"),
        "zone", "update",
    ),
    "add land": (
        lambda c, s: c.post(f"{API}/{zone_id(s, 'KCN-YEN-LU')}/land", json={"as_of": "2024-12-31"}),
        "zone", "update",
    ),
    "create figure": (
        lambda c, s: c.post("/api/v1/published-figures", json={
            "key": "t.x", "label_vi": "x", "label_en": "x", "value": "1", "unit": "count",
            "period": "2024-H1", "as_of": "2024-06-30", "source": "t"}),
        "published_figure", "create",
    ),
    "update figure": (lambda c, s: c.patch("/api/v1/published-figures/1", json={"value": "10"}),
                      "published_figure", "update"),
    "delete figure": (lambda c, s: c.delete("/api/v1/published-figures/2"),
                      "published_figure", "delete"),
    "create token": (lambda c, s: c.post("/api/v1/tokens", json={"name": "n"}),
                     "api_token", "create"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_each_change_writes_exactly_one_record(
    client: TestClient, session: Session, name: str
) -> None:
    operation, object_type, action = OPERATIONS[name]
    if name in {"update milestone", "delete milestone"}:
        client.get(f"{API}/{zone_id(session, 'KCN-YEN-LU')}/milestones")  # warm lookups
    before = count(session)
    response = operation(client, session)
    assert response.status_code in (200, 201, 204), response.text
    assert count(session) == before + 1
    record = latest(session)
    assert (record.object_type, record.action) == (object_type, action)
    assert record.actor_name == "Test admin"
    assert record.actor_id is not None
    assert record.via == "api"
    assert record.request_id
    if action == "update":
        assert record.before != record.after
    if action == "delete":
        assert record.after is None and record.before


def test_before_and_after_hold_the_change(client: TestClient, session: Session) -> None:
    zid = zone_id(session, "KCN-YEN-LU")
    response = client.patch(
        f"{API}/{zid}",
        json={"planned_area_ha": "380.00"},
        headers={
            "X-Change-Message": quote("Điều chỉnh theo quyết định mới"),
            "X-Request-ID": "req-42",
        },
    )
    assert response.status_code == 200
    record = latest(session)
    assert record.before is not None and record.after is not None
    assert record.after["planned_area_ha"] == "380.00"
    assert record.before["planned_area_ha"] != "380.00"
    assert record.message == "Điều chỉnh theo quyết định mới"
    assert record.request_id == "req-42"
    history = client.get(f"{API}/{zid}/history").json()
    assert history[0]["changed"] == ["planned_area_ha", "version"]


REFUSED: dict[str, Op] = {
    "invalid zone": lambda c, s: c.post(API, json=park_payload(planned_area_ha="-1")),
    "duplicate code": lambda c, s: c.post(API, json=park_payload(code="KCN-YEN-LU")),
    "stale version": lambda c, s: c.patch(f"{API}/{zone_id(s, 'KCN-YEN-LU')}",
                                          json={"version": 999, "developer": "Z"}),
    "expansion blocks delete": lambda c, s: c.delete(f"{API}/{zone_id(s, 'KCN-HOA-PHU')}"),
    "milestone out of order": lambda c, s: c.post(
        f"{API}/{zone_id(s, 'KCN-YEN-LU')}/milestones",
        json={"kind": "operating", "reached_on": "1990-01-01"}),
    "forbidden role": lambda c, s: c.patch(
        f"{API}/{zone_id(s, 'KCN-YEN-LU')}", json={"developer": "Q"},
        headers={"Authorization": "Bearer nope"}),
}  # fmt: skip


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_refused_change_writes_nothing(client: TestClient, session: Session, name: str) -> None:
    before = count(session)
    response = REFUSED[name](client, session)
    assert response.status_code in (401, 403, 409, 422), response.text
    assert count(session) == before


def test_no_route_changes_the_trail(client: TestClient, session: Session) -> None:
    record_id = latest(session).id
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(f"/api/v1/audit/{record_id}")
        assert response.status_code in (404, 405)
    paths = client.get("/openapi.json").json()["paths"]
    for path, operations in paths.items():
        if "audit" in path or path.endswith("/history"):
            assert set(operations) == {"get"}, path


def test_the_database_refuses_to_change_the_trail(session: Session) -> None:
    record_id = latest(session).id
    for statement in (
        "UPDATE audit_record SET actor_name = 'someone else' WHERE id = :id",
        "DELETE FROM audit_record WHERE id = :id",
    ):
        nested = session.begin_nested()
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(statement), {"id": record_id})
        nested.rollback()
    assert session.get(AuditRecord, record_id) is not None


def test_disabled_user_keeps_its_name_in_the_trail(client: TestClient, session: Session) -> None:
    from kcn.auth import service
    from kcn.kit.permissions import system_actor

    client.patch(f"{API}/{zone_id(session, 'KCN-YEN-LU')}", json={"developer": "W"})
    record = latest(session)
    service.set_active(session, "admin", False, system_actor("t", "cli"))
    session.expire_all()
    assert session.get(AuditRecord, record.id).actor_name == "Test admin"  # type: ignore[union-attr]
    # And the disabled user's token no longer works.
    assert client.get("/api/v1/users/me").status_code == 401


def test_audit_list_filters_and_export(client: TestClient, session: Session) -> None:
    client.patch(f"{API}/{zone_id(session, 'KCN-YEN-LU')}", json={"developer": "V"})
    listing = client.get("/api/v1/audit", params={"object_type": "zone", "user": "Test admin"})
    assert listing.status_code == 200
    items = listing.json()["items"]
    assert items and all(r["actor_name"] == "Test admin" for r in items)
    assert client.get("/api/v1/audit", params={"date_from": "2099-01-01"}).json()["total"] == 0
    export = client.get("/api/v1/audit/export.xlsx", params={"object_type": "zone"})
    assert export.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet is not None
    assert sheet.max_row >= 2
