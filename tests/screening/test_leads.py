"""The investor pipeline: stage transitions (forward, skipped, refused), activities and the
overdue list, the funnel metrics, the ranking by score, and conversion into a project."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.cases import DEMO_TAX_CODE, _lead_payload

ClientAs = Callable[[str | None], TestClient]
API = "/api/v1/leads"


def new_lead(c: TestClient, **changes: Any) -> dict[str, Any]:
    created = c.post(API, json={**_lead_payload(901), **changes})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


def stage(c: TestClient, lead_id: int, to: str, reason: str = "") -> Any:
    return c.post(
        f"{API}/{lead_id}/stage", json={"stage": to, "reason": reason, "on": "2026-11-25"}
    )


def test_transitions(client_as: ClientAs) -> None:
    c = client_as("investment")
    lead = new_lead(c)
    assert lead["stage"] == "first_contact" and lead["score"] is not None
    # The score is the registry's figure for the lead.
    metric = c.get("/api/v1/metrics/screening.lead_score", params={"lead": lead["id"]}).json()
    assert metric["value"] is not None and int(float(metric["value"])) == lead["score"]
    assert lead["verdict"] in ("priority", "eligible") and lead["policy_version"] >= 1
    # Forward, skipping a stage.
    moved = stage(c, lead["id"], "proposal")
    assert moved.status_code == 200 and moved.json()["stage"] == "proposal"
    assert moved.json()["activities"][-1]["note"] == "first_contact → proposal"
    # Back, or the same stage: 409; lost without a reason: 422.
    for to in ("site_visit", "proposal"):
        refused = stage(c, lead["id"], to)
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "conflict"
    no_reason = stage(c, lead["id"], "lost", "  ")
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["fields"][0]["field"] == "reason"
    assert stage(c, lead["id"], "bogus").status_code == 422
    lost = stage(c, lead["id"], "lost", "Chose another province")
    assert lost.status_code == 200
    body = lost.json()
    assert (body["stage"], body["lost_at_stage"], body["lost_reason"]) == (
        "lost",
        "proposal",
        "Chose another province",
    )
    # A closed lead moves no more.
    assert stage(c, lead["id"], "dossier_submitted").status_code == 409
    # Only the investment staff and administrators move leads.
    assert (
        client_as("zone_board")
        .post(f"{API}/{lead['id']}/stage", json={"stage": "lost"})
        .status_code
        == 403
    )


def test_activities_and_overdue_follow_ups(client_as: ClientAs) -> None:
    c = client_as("investment")
    lead = new_lead(c, next_action_due="2026-11-20")
    overdue = c.get(API, params={"overdue_on": "2026-11-21", "limit": 200}).json()
    assert lead["id"] in [x["id"] for x in overdue["items"]]
    assert all(
        x["next_action_due"] < "2026-11-21"
        and x["stage"] in ("first_contact", "site_visit", "proposal", "dossier_submitted")
        for x in overdue["items"]
    )
    on_time = c.get(API, params={"overdue_on": "2026-11-20", "limit": 200}).json()
    assert lead["id"] not in [x["id"] for x in on_time["items"]]
    added = c.post(
        f"{API}/{lead['id']}/activities",
        json={
            "happened_on": "2026-11-22",
            "kind": "call",
            "note": "Đã gọi lại",
            "next_action": "Gửi bảng giá thuê đất",
            "next_action_due": "2026-12-05",
        },
    )
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["activities"][-1]["note"] == "Đã gọi lại"
    assert body["next_action_due"] == "2026-12-05" and body["version"] > lead["version"]
    after = c.get(API, params={"overdue_on": "2026-11-21", "limit": 200}).json()
    assert lead["id"] not in [x["id"] for x in after["items"]]
    bad = c.post(f"{API}/{lead['id']}/activities", json={"happened_on": "x", "kind": "call"})
    assert bad.status_code == 422


def test_funnel_and_ranking(client_as: ClientAs) -> None:
    c = client_as("viewer")
    every = c.get(API, params={"limit": 500}).json()["items"]
    funnel = c.get(f"{API}/funnel").json()
    steps = {s["stage"]: s["reached"] for s in funnel["steps"]}
    order = ["first_contact", "site_visit", "proposal", "dossier_submitted", "certificate_issued"]

    def reached(item: dict[str, Any], s: str) -> bool:
        at = item["lost_at_stage"] if item["stage"] == "lost" else item["stage"]
        return order.index(at) >= order.index(s)

    assert steps == {s: sum(reached(i, s) for i in every) for s in order}
    assert steps["first_contact"] == len(every) and steps["certificate_issued"] >= 1
    assert funnel["lost"] == sum(i["stage"] == "lost" for i in every) >= 1
    assert funnel["overdue"] == sum(i["overdue"] for i in every) >= 1
    assert float(funnel["conversion_pct"]) == round(
        100 * steps["certificate_issued"] / len(every), 2
    )
    korea = c.get(f"{API}/funnel", params={"country": "KR"}).json()
    assert korea["steps"][0]["reached"] == sum(i["main_country"] == "KR" for i in every)
    assert c.get(f"{API}/funnel", params={"country": "XX"}).status_code == 422
    ranked = c.get(API, params={"open": "true", "sort": "-score", "limit": 500}).json()["items"]
    assert ranked and all(i["stage"] not in ("lost", "certificate_issued") for i in ranked)
    assert [i["score"] for i in ranked] == sorted((i["score"] for i in ranked), reverse=True)


def test_convert_to_project(client_as: ClientAs) -> None:
    staff, admin = client_as("investment"), client_as("admin")
    lead = new_lead(staff)
    convert = {
        "certificate_number": "9876543210",
        "certificate_date": "2026-11-30",
        "enterprise": DEMO_TAX_CODE,
        "zone": "KCN-QUANG-CHAU",
        "name": "Dự án thử",
    }
    early = admin.post(f"{API}/{lead['id']}/convert", json=convert)
    assert early.status_code == 409
    assert stage(staff, lead["id"], "certificate_issued").status_code == 200
    # The investment staff may not register projects: the zone board or an admin converts.
    assert staff.post(f"{API}/{lead['id']}/convert", json=convert).status_code == 403
    done = admin.post(f"{API}/{lead['id']}/convert", json=convert)
    assert done.status_code == 200, done.text
    body = done.json()
    project = admin.get(f"/api/v1/projects/{body['project_id']}").json()
    assert project["certificate_number"] == "9876543210"
    assert project["vsic_code"] == lead["vsic_code"]
    assert project["capital_usd"] == lead["capital_usd"]
    kinds = [a["kind"] for a in body["activities"]]
    assert kinds[-2:] == ["stage", "converted"]  # the history is kept
    again = admin.post(f"{API}/{lead['id']}/convert", json=convert)
    assert again.status_code == 409
    assert admin.delete(f"{API}/{lead['id']}").status_code == 409
