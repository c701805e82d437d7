"""Milestones and land rows corrected and deleted from the zone page, with a confirmation."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.auth.test_login import csrf_of
from tests.web.test_forms import signed_in, zone


def _post(c: TestClient, zone_id: int, path: str, **data: str) -> object:
    token = csrf_of(c, f"/zones/{zone_id}")
    return c.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def test_a_milestone_is_corrected_then_deleted(anon: TestClient, session: Session) -> None:
    c = signed_in(anon, "zone_board")
    park = zone(session, "KCN-YEN-LU")
    milestone = next(m for m in park.milestones if m.kind == "policy_approved")
    url = f"/zones/{park.id}/milestones/{milestone.id}"
    reached = milestone.reached_on.isoformat() if milestone.reached_on else ""
    response = _post(c, park.id, url, reached_on=reached, document_number="999/QĐ-TTg")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == f"/zones/{park.id}?saved=milestone#milestone"  # type: ignore[attr-defined]
    page = c.get(f"/zones/{park.id}?saved=milestone")
    assert "Đã lưu mốc thủ tục." in page.text and "999/QĐ-TTg" in page.text
    assert 'role="status"' in page.text
    response = _post(c, park.id, url + "/delete")
    assert response.headers["location"].startswith(f"/zones/{park.id}?saved=milestone_deleted")  # type: ignore[attr-defined]
    session.expire_all()
    assert all(m.id != milestone.id for m in zone(session, "KCN-YEN-LU").milestones)


def test_a_land_row_is_corrected_the_vietnamese_way(anon: TestClient, session: Session) -> None:
    c = signed_in(anon, "zone_board")
    park = zone(session, "KCN-YEN-LU")
    row = park.land[-1]
    page = c.get(f"/zones/{park.id}")
    assert f'action="/zones/{park.id}/land/{row.id}"' in page.text
    fields = {
        "as_of": row.as_of.isoformat(),
        "industrial_leasable_ha": "300,5",
        "industrial_leased_ha": "100,25",
        "service_leasable_ha": "0",
        "service_leased_ha": "0",
    }
    response = _post(c, park.id, f"/zones/{park.id}/land/{row.id}", **fields)
    assert response.status_code == 303, getattr(response, "text", "")  # type: ignore[attr-defined]
    session.expire_all()
    stored = next(r for r in zone(session, "KCN-YEN-LU").land if r.id == row.id)
    assert (str(stored.industrial_leasable_ha), str(stored.industrial_leased_ha)) == (
        "300.50",
        "100.25",
    )
    page = c.get(f"/zones/{park.id}")
    assert 'value="300,5"' in page.text  # shown back the way it was typed
    bad = _post(
        c, park.id, f"/zones/{park.id}/land/{row.id}", **{**fields, "industrial_leased_ha": "1,2,3"}
    )
    assert bad.status_code == 422  # type: ignore[attr-defined]
    response = _post(c, park.id, f"/zones/{park.id}/land/{row.id}/delete")
    assert response.status_code == 303  # type: ignore[attr-defined]


def test_a_saved_zone_says_so(anon: TestClient, session: Session) -> None:
    c = signed_in(anon, "zone_board")
    park = zone(session, "KCN-YEN-LU")
    assert "Đã lưu thay đổi." in c.get(f"/zones/{park.id}?saved=zone").text
    assert "notice" not in c.get(f"/zones/{park.id}?saved=<script>").text
