"""Web forms go through the same service: same rules, permissions and audit as the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.models import AuditRecord, Zone
from tests.auth.test_login import csrf_of, login


def zone(session: Session, code: str) -> Zone:
    found = session.scalar(select(Zone).where(Zone.code == code))
    assert found is not None
    return found


def signed_in(anon: TestClient, role: str) -> TestClient:
    assert login(anon, role).status_code == 303
    return anon


def edit(client: TestClient, zone_id: int, **fields: Any) -> Any:
    data = {"csrf_token": csrf_of(client, f"/zones/{zone_id}/edit"), **fields}
    return client.post(f"/zones/{zone_id}/edit", data=data, follow_redirects=False)


def test_board_edits_a_park_and_the_trail_says_web(anon: TestClient, session: Session) -> None:
    c = signed_in(anon, "zone_board")
    park = zone(session, "KCN-YEN-LU")
    page = c.get(f"/zones/{park.id}")
    assert f'href="/zones/{park.id}/edit"' in page.text
    response = edit(c, park.id, name="Khu công nghiệp Yên Lư", planned_area_ha="380,5",
                    version=str(park.version), admin_unit="district:223")  # fmt: skip
    assert response.status_code == 303, response.text
    session.expire_all()
    assert str(zone(session, "KCN-YEN-LU").planned_area_ha) == "380.50"
    record = session.scalar(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1))
    assert record is not None and record.via == "web" and record.actor_name == "Test zone_board"


def test_a_field_left_out_of_the_form_is_kept_and_one_sent_empty_clears(
    anon: TestClient, session: Session
) -> None:
    c = signed_in(anon, "zone_board")
    park = zone(session, "KCN-YEN-LU")
    name_en, unit = park.name_en, park.admin_unit_id
    assert name_en and unit
    kept = edit(c, park.id, name=park.name, planned_area_ha="380,5", version=str(park.version))
    assert kept.status_code == 303, kept.text
    session.expire_all()
    after = zone(session, "KCN-YEN-LU")
    assert (after.name_en, after.admin_unit_id) == (name_en, unit)  # not sent: unchanged
    cleared = edit(c, park.id, name=park.name, name_en="", version=str(after.version))
    assert cleared.status_code == 303, cleared.text
    session.expire_all()
    assert zone(session, "KCN-YEN-LU").name_en is None


def test_a_bad_form_shows_the_message_beside_the_field(anon: TestClient, session: Session) -> None:
    c = signed_in(anon, "zone_board")
    park = zone(session, "KCN-YEN-LU")
    response = edit(c, park.id, name="Khu công nghiệp Yên Lư", planned_area_ha="-5",
                    version=str(park.version))  # fmt: skip
    assert response.status_code == 422
    assert "Phải lớn hơn hoặc bằng 0." in response.text
    assert 'aria-invalid="true"' in response.text
    session.expire_all()
    assert zone(session, "KCN-YEN-LU").planned_area_ha == park.planned_area_ha


def test_a_stale_form_is_refused(anon: TestClient, session: Session) -> None:
    c = signed_in(anon, "zone_board")
    park = zone(session, "KCN-YEN-LU")
    response = edit(c, park.id, name="Khu công nghiệp Yên Lư", version=str(park.version + 7))
    assert response.status_code == 409
    assert "Bản ghi đã được người khác sửa" in response.text


def test_roles_and_visitors_without_the_right(anon: TestClient, session: Session) -> None:
    park = zone(session, "KCN-YEN-LU")
    visitor = anon.get(f"/zones/{park.id}/edit", follow_redirects=False)
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login")
    c = signed_in(anon, "industry_trade")
    assert f"/zones/{park.id}/edit" not in c.get(f"/zones/{park.id}").text
    assert c.get(f"/zones/{park.id}/edit").status_code == 403


def test_new_zone_and_milestone_forms(anon: TestClient, session: Session) -> None:
    c = signed_in(anon, "industry_trade")
    data = {"csrf_token": csrf_of(c, "/zones-new"), "code": "CCN-FORM-1",
            "kind": "industrial_cluster", "name": "Cụm công nghiệp Thử Biểu Mẫu",
            "admin_unit": "district:223", "planned_area_ha": "30"}  # fmt: skip
    created = c.post("/zones-new", data=data, follow_redirects=False)
    assert created.status_code == 303, created.text
    new = zone(session, "CCN-FORM-1")
    milestone = {"csrf_token": csrf_of(c, f"/zones/{new.id}"), "kind": "established",
                 "reached_on": "2024-05-01", "document_number": "9/QĐ-UBND"}  # fmt: skip
    added = c.post(f"/zones/{new.id}/milestones", data=milestone, follow_redirects=False)
    assert added.status_code == 303
    assert c.get(f"/api/v1/zones/{new.id}").json()["stage"] == "established"
    bad = {"csrf_token": csrf_of(c, f"/zones/{new.id}"), "kind": "planned"}
    refused = c.post(f"/zones/{new.id}/milestones", data=bad)
    assert refused.status_code == 422
    assert "Cần ngày đạt được hoặc ngày dự kiến." in refused.text
    duplicate = c.post("/zones-new", data={**data, "csrf_token": csrf_of(c, "/zones-new")})
    assert duplicate.status_code == 422
    assert "đã được dùng" in duplicate.text
