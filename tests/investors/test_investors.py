"""Zone facts (geometry checks, the infrastructure read by other domains), the map, the
dashboard and the public investor view."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.models import Zone
from kcn.zones import facts, service
from kcn.zones.facts_schemas import check_area, check_point

SQUARE = [[106.0, 21.0], [106.01, 21.0], [106.01, 21.01], [106.0, 21.01], [106.0, 21.0]]
BOWTIE = [[106.0, 21.0], [106.01, 21.01], [106.01, 21.0], [106.0, 21.01], [106.0, 21.0]]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ({"type": "Polygon", "coordinates": [BOWTIE]}, "geometry.self_intersecting"),
        ({"type": "Polygon", "coordinates": [SQUARE[:3]]}, "geometry.not_polygon"),
        ({"type": "Point", "coordinates": [106, 21]}, "geometry.not_polygon"),
        ({"type": "Polygon", "coordinates": [[[p[0] + 200, p[1]] for p in SQUARE]]},
         "geometry.out_of_range"),
    ],
)  # fmt: skip
def test_a_bad_boundary_is_refused(value: dict[str, Any], key: str) -> None:
    with pytest.raises(ValueError, match=key):
        check_area(value)


def test_good_geometry_is_kept_as_geojson() -> None:
    assert check_area({"type": "Polygon", "coordinates": [SQUARE]})["coordinates"] == [SQUARE]
    assert check_point({"type": "Point", "coordinates": [106.1, 21.2]})["coordinates"] == [
        106.1,
        21.2,
    ]
    with pytest.raises(ValueError, match=r"geometry\.not_point"):
        check_point({"type": "Point", "coordinates": "here"})


def _zone_id(session: Session, code: str) -> int:
    zone_id = session.scalar(select(Zone.id).where(Zone.code == code))
    assert zone_id is not None
    return zone_id


def test_api_refuses_a_self_intersecting_boundary_as_a_field_error(client: TestClient) -> None:
    body = {"zone": "KCN-VAN-TRUNG", "as_of": "2019-01-01",
            "boundary": {"type": "Polygon", "coordinates": [BOWTIE]}}  # fmt: skip
    response = client.post("/api/v1/zone-facts", json=body)
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert [f["field"] for f in fields] == ["boundary"]
    body["boundary"] = {"type": "Polygon", "coordinates": [SQUARE]}
    assert client.post("/api/v1/zone-facts", json=body).status_code == 201
    again = client.post("/api/v1/zone-facts", json=body)  # the same date twice
    assert again.status_code == 422 and again.json()["error"]["fields"][0]["field"] == "as_of"


def test_a_board_limited_to_a_district_writes_only_its_parks_facts(
    client: TestClient, client_as: Any, session: Session
) -> None:
    from tests.auth.test_permissions import _scoped_board_user

    headers = {"Authorization": f"Bearer {_scoped_board_user(session, admin_units=('222',))}"}
    inside = {"zone": "KCN-DINH-TRAM", "as_of": "2019-01-01", "power_kv": "22"}  # Việt Yên
    outside = {**inside, "zone": "KCN-HOA-PHU"}  # Hiệp Hòa
    created = client.post("/api/v1/zone-facts", json=inside, headers=headers)
    assert created.status_code == 201
    assert client.post("/api/v1/zone-facts", json=outside, headers=headers).status_code == 403
    theirs = client.get("/api/v1/zone-facts", params={"zone": "KCN-HOA-PHU"}).json()["items"][0]
    refused = client.patch(f"/api/v1/zone-facts/{theirs['id']}", json={"power_kv": "1"},
                           headers=headers)  # fmt: skip
    assert refused.status_code == 403
    cluster = {**inside, "zone": "CCN-DOI-NGO"}
    assert client_as("industry_trade").post("/api/v1/zone-facts", json=cluster).status_code == 201
    assert client_as("statistics").post("/api/v1/zone-facts", json=outside).status_code == 403
    assert client_as(None).post("/api/v1/zone-facts", json=outside).status_code == 401
    audited = client.get("/api/v1/audit", headers=headers, params={"limit": 500}).json()["items"]
    assert created.json()["id"] in {r["object_id"] for r in audited if r["object_type"] ==
                                    "zone_facts"}  # fmt: skip


def test_infrastructure_is_the_latest_sheet_or_none(client: TestClient, session: Session) -> None:
    park = _zone_id(session, "KCN-VAN-TRUNG")
    before = service.infrastructure(session, park)
    assert before is not None and before.is_demo and before.power_kv == Decimal("110.0")
    body = {"zone": "KCN-VAN-TRUNG", "as_of": "2030-01-01", "power_mva": "250",
            "water_m3_day": "12000", "demo_fields": []}  # fmt: skip
    assert client.post("/api/v1/zone-facts", json=body).status_code == 201
    after = service.infrastructure(session, park)
    assert after is not None and after.power_mva == Decimal("250.00") and not after.is_demo
    assert service.infrastructure(session, park, before.as_of) == before
    session.add(Zone(code="NO-FACTS", kind="industrial_park", name="Khu thử", name_folded="x"))
    session.flush()
    assert service.infrastructure(session, _zone_id(session, "NO-FACTS")) is None


def test_map_links_every_placed_zone_and_keeps_the_list_filter(anon: TestClient) -> None:
    page = anon.get("/map", params={"kind": "industrial_park"}).text
    codes = re.findall(r'class="zone-mark" href="/zones/\d+" data-code="([^"]+)"', page)
    assert len(codes) == 30 and all(c.startswith("KCN-") for c in codes)
    in_viet_yen = anon.get("/map", params={"admin_unit": "district:222"}).text
    assert 0 < in_viet_yen.count('class="zone-mark"') < len(codes) + 59
    assert 'data-code="KCN-VAN-TRUNG"' in in_viet_yen and "KCN-TAN-HUNG" not in in_viet_yen
    assert "SƠ ĐỒ" in page  # schematic boundaries are said to be so
    communes = anon.get("/map", params={"era": "2025", "lang": "en"}).text
    assert communes.count('class="unit"') > 50
    # Units are named as the registry writes them, and in English on an English map.
    assert ">Thị xã Việt Yên</text>" in page and "Thị Xã" not in page
    english = anon.get("/map", params={"kind": "industrial_park", "lang": "en"}).text
    assert ">Viet Yen Town</text>" in english and "Huyện" not in english
    # A public zone page's map: a mark without a stage says no empty stage ("· – ·").
    investor = anon.get("/investors/zones/KCN-YEN-LU", params={"lang": "en"}).text
    assert 'class="zone-mark"' in investor and " · – · " not in investor


def test_zone_page_shows_its_facts_and_own_map(anon: TestClient, session: Session) -> None:
    page = anon.get(f"/zones/{_zone_id(session, 'KCN-VAN-TRUNG')}").text
    assert 'id="facts"' in page and 'class="zone-boundary"' in page and "110 kV" in page


def test_dashboard_reads_the_registry_and_shows_staff_tiles_to_staff_only(
    anon: TestClient, client_as: Any
) -> None:
    page = anon.get("/dashboard", params={"period": "2024-H1"}).text
    tiles = dict(re.findall(r'data-key="([^"]+)">\s*<span class="tile-value">([^<]+)<', page))
    assert tiles["dashboard.parks"] == "30" and tiles["dashboard.clusters"] == "59"
    assert tiles["dashboard.occupancy"].startswith("70,")
    assert "dashboard.clearance_at_risk" not in tiles and "dữ liệu mẫu" in page
    assert "dashboard.requests_overdue" not in tiles
    assert "<script" not in page
    staff = client_as("viewer").get("/dashboard", params={"period": "2024-H1"}).text
    seen = dict(re.findall(r'data-key="([^"]+)">\s*<span class="tile-value">([^<]+)<', staff))
    at_risk = client_as("viewer").get(
        "/api/v1/metrics/readiness.clearance_at_risk_count", params={"as_of": "2024-06-30"}
    )
    assert at_risk.status_code == 200, at_risk.text
    assert seen["dashboard.clearance_at_risk"] == str(int(at_risk.json()["value"]))
    assert "dashboard.requests_overdue" in seen
    assert anon.get("/dashboard", params={"period": "soon"}).status_code == 422


INTERNAL = ("notes", "note", "milestone", "dossier", "hồ sơ", "clearance", "giải phóng mặt bằng",
            "request", "yêu cầu", "stage", "giai đoạn")  # fmt: skip


def test_investor_search_compare_and_facts_show_nothing_internal(
    anon: TestClient, session: Session
) -> None:
    zone = session.get(Zone, _zone_id(session, "KCN-VAN-TRUNG"))
    assert zone is not None
    zone.notes = "GHI CHÚ NỘI BỘ bí mật"
    session.flush()
    found = anon.get("/investors", params={"area_ha": "30", "max_rent": "130"}).text
    picked = re.findall(r'name="zone" value="([^"]+)"', found)
    assert "KCN-VAN-TRUNG" in picked and "KCN-DINH-TRAM" not in picked  # 0.4 ha left
    compared = anon.get("/investors/compare", params={"zone": picked[:4], "lang": "en"})
    assert compared.status_code == 200 and compared.text.count('scope="col"') == min(4, len(picked))
    empty = {"area_ha": "30", "sector": "", "max_port_km": "", "max_rent": "", "kind": ""}
    assert re.findall(r'name="zone" value="([^"]+)"', anon.get("/investors", params=empty).text)
    assert anon.get("/investors", params={"area_ha": "-1"}).status_code == 422
    too_many = anon.get("/investors/compare", params={"zone": ["A", "B", "C", "D", "E"]})
    assert too_many.status_code == 422
    facts = anon.get("/investors/zones/KCN-VAN-TRUNG").text
    figures = anon.get("/investors/figures", params={"lang": "en"}).text
    for page in (found, compared.text, facts, figures):
        main = page.split("<main>")[1].split("</main>")[0]
        assert "GHI CHÚ NỘI BỘ" not in main
        visible = re.sub(r"<[^>]+>", " ", main).lower()
        assert not [w for w in INTERNAL if w in visible], [w for w in INTERNAL if w in visible]
    assert "110 kV" in facts and 'class="zone-boundary"' in facts


def test_board_edits_facts_on_the_zone_page_with_field_errors(
    anon: TestClient, session: Session
) -> None:
    from tests.auth.test_login import csrf_of, login

    assert login(anon, "zone_board").status_code == 303
    park = _zone_id(session, "KCN-YEN-LU")
    assert f'href="/zones/{park}/facts"' in anon.get(f"/zones/{park}").text
    form = anon.get(f"/zones/{park}/facts").text
    assert 'name="rent_usd_m2"' in form and 'value="110"' in form  # the latest sheet, vi style
    data = {"csrf_token": csrf_of(anon, f"/zones/{park}/facts"), "as_of": "2024-06-30",
            "longitude": "106,2", "latitude": "21,2", "rent_usd_m2": "99,5",
            "boundary": json.dumps({"type": "Polygon", "coordinates": [BOWTIE]})}  # fmt: skip
    refused = anon.post(f"/zones/{park}/facts", data=data, follow_redirects=False)
    assert refused.status_code == 422 and "tự cắt" in refused.text
    assert service.infrastructure(session, park) is not None
    data["boundary"] = ""
    saved = anon.post(f"/zones/{park}/facts", data=data, follow_redirects=False)
    assert saved.status_code == 303
    sheet = facts.latest(session, park)
    assert sheet is not None and sheet.rent_usd_m2 == Decimal("99.50") and sheet.boundary is None
    assert sheet.location == {"type": "Point", "coordinates": [106.2, 21.2]}
