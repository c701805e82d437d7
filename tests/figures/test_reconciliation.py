"""Published figures stand beside what the registry derives; a change in the registry shows."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.figures.service import reconcile
from kcn.models import Zone


def test_demo_registry_matches_every_derivable_figure(session: Session) -> None:
    result = reconcile(session, "vi")
    derivable = [r for r in result.rows if r.status != "not_derivable"]
    assert {r.figure.key: r.status for r in derivable if r.status != "match"} == {}
    # Every figure is derived, the enterprises operating from the projects (issue 12).
    missing = [r.figure.key for r in result.rows if r.status == "not_derivable"]
    assert missing == []
    assert len(result.rows) == 32
    approved = next(r for r in result.rows if r.figure.key == "industrial_parks.approved.area_ha")
    assert approved.figure.qualifier == "about"
    assert approved.figure.source_line == "6"


def test_a_registry_change_is_flagged(session: Session) -> None:
    zone = session.scalar(select(Zone).where(Zone.code == "KCN-DINH-TRAM"))
    assert zone is not None
    zone.planned_area_ha = (zone.planned_area_ha or 0) + 100
    session.flush()
    rows = {r.figure.key: r for r in reconcile(session, "en").rows}
    area = rows["industrial_parks.approved.area_ha"]
    # "About 2,238 ha" allows 2.5 % (56 ha) either way: 100 ha more is a difference.
    assert area.status == "differs"
    assert area.difference == 100
    assert rows["industrial_parks.approved.count"].status == "match"


def test_reconciliation_endpoint_and_page(client: TestClient) -> None:
    body = client.get("/api/v1/published-figures/reconciliation").json()
    assert body["counts"] == {"match": 32}
    page = client.get("/figures", headers={"Accept-Language": "vi"})
    assert page.status_code == 200
    assert "Số KCN đã được Thủ tướng chấp thuận chủ trương đầu tư" in page.text
    assert "2.238" in page.text
    english = client.get("/figures?lang=en")
    assert "2,238" in english.text
