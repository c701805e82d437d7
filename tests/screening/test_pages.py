"""The pages: the screening form explains its verdict and lists zones; bad fields are shown
(422); the pipeline page is for internal staff, with the funnel and the overdue list."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.auth.test_login import csrf_of, login
from tests.cases import _lead_payload

ClientAs = Callable[[str | None], TestClient]
FORM = {
    "investor": "ABC",
    "countries": "JP, KR",
    "sector": "2610",
    "capital_usd": "30.000.000",
    "land_ha": "12,5",
    "workers": "900",
    "technology_class": "high_tech",
    "zone_kind": "industrial_park",
    "date": "2026-06-30",
}


def test_screening_page(anon: TestClient) -> None:
    page = anon.get("/screening", params=FORM)
    assert page.status_code == 200
    assert "Ưu tiên thu hút" in page.text and "100/100" in page.text
    assert "suất đầu tư 2,4 triệu USD/ha" in page.text  # Vietnamese numbers
    assert (
        "Khu/cụm còn ít nhất 12,5 ha đất trống" in page.text
        and "Khu công nghiệp Yên Lư" in page.text
    )
    english = anon.get(
        "/screening", params={**FORM, "capital_usd": "30,000,000", "land_ha": "12.5", "lang": "en"}
    )
    assert "investment rate 2.4 USD million/ha" in english.text
    bad = anon.get("/screening", params={**FORM, "sector": "0400", "countries": "XX"})
    assert bad.status_code == 422
    assert (
        "VSIC 2018" in bad.text and "ISO 3166-1" in bad.text and "Ưu tiên thu hút" not in bad.text
    )


def test_screening_page_checks_the_infrastructure_needed(anon: TestClient) -> None:
    needs = {"power_mva": "100.000", "water_m3_day": "1.500"}
    page = anon.get("/screening", params={**FORM, **needs})
    assert page.status_code == 200 and "Ưu tiên thu hút" in page.text
    # No park's substation reaches 100,000 MVA: every park is left out, saying so.
    assert "Không có khu/cụm nào đáp ứng." in page.text
    assert "Điện: cần 100.000 MVA, khu chỉ ghi nhận" in page.text
    fits = anon.get("/screening", params={**FORM, "water_m3_day": "1.500"})
    assert "✓ Cấp nước: cần 1.500 m³/ngày đêm, khu ghi nhận" in fits.text
    bad = anon.get("/screening", params={**FORM, "power_mva": "lots"})
    assert bad.status_code == 422 and "Ưu tiên thu hút" not in bad.text
    assert 'name="power_mva" type="text" inputmode="decimal"' in bad.text
    assert bad.text.count('aria-invalid="true"') == 1


def test_leads_page(client_as: ClientAs) -> None:
    page = client_as("investment").get("/leads", params={"open": "true"})
    assert page.status_code == 200
    assert "Phễu chuyển đổi" in page.text and "Demo Semiconductor" in page.text
    assert "Demo Steel Rolling" not in page.text  # lost: not open
    assert client_as("enterprise").get("/leads").status_code == 403


def test_leads_page_ranks_open_leads_by_score(client_as: ClientAs) -> None:
    c = client_as("investment")
    page = c.get("/leads", params={"open": "true", "sort": "-score", "lang": "en"}).text
    assert '<th class="num">Rank</th>' in page and "Open leads ranked by screening score" in page
    ranks = re.findall(r'<td class="num rank">(\d+)</td>', page)
    api = c.get("/api/v1/leads", params={"open": "true", "sort": "-score", "limit": 200}).json()
    assert ranks == [str(n) for n in range(1, len(api["items"]) + 1)] and len(ranks) >= 5
    # Rows in the API's order: the best score first.
    order = [int(i) for i in re.findall(r'<a href="/leads/(\d+)">', page)]
    assert order == [x["id"] for x in api["items"]]
    scores = [x["score"] for x in api["items"] if x["score"] is not None]
    assert scores == sorted(scores, reverse=True)
    # Another sort, or closed leads too: no rank.
    assert 'class="num rank"' not in c.get("/leads", params={"sort": "investor"}).text


def test_policy_page_edits_a_rule(anon: TestClient, client_as: ClientAs) -> None:
    assert login(anon, "investment").status_code == 303
    page = anon.get("/screening/policy")
    assert page.status_code == 200 and "min_rate_park" in page.text
    rule = next(
        r
        for r in client_as("admin")
        .get("/api/v1/screening/rules", params={"limit": 100})
        .json()["items"]
        if r["code"] == "max_workers"
    )
    token = csrf_of(anon, "/screening/policy")
    url = f"/screening/policy/{rule['id']}"
    bad = anon.post(
        url,
        data={"csrf_token": token, "version": rule["version"], "threshold": "1.5.0"},
        follow_redirects=False,
    )
    assert bad.status_code == 422 and "1.234,5" in bad.text
    ok = anon.post(
        url,
        data={"csrf_token": token, "version": rule["version"], "threshold": "120", "weight": "15"},
        follow_redirects=False,
    )
    assert ok.status_code == 303, ok.text[:500]
    after = client_as("admin").get(f"/api/v1/screening/rules/{rule['id']}").json()
    assert after["threshold"] == "120.00"
    versions = client_as("admin").get("/api/v1/screening/policy/versions").json()
    assert versions[0]["note"] == "update max_workers"
    viewer = client_as("viewer").get("/screening/policy")
    assert viewer.status_code == 200 and 'action="/screening/policy/' not in viewer.text


def test_lead_page_forms(anon: TestClient, client_as: ClientAs) -> None:
    lead = client_as("investment").post("/api/v1/leads", json=_lead_payload(77)).json()
    assert login(anon, "investment").status_code == 303
    url = f"/leads/{lead['id']}"
    page = anon.get(url)
    assert page.status_code == 200 and lead["investor"] in page.text
    token = csrf_of(anon, url)
    added = anon.post(
        f"{url}/activities",
        data={
            "csrf_token": token,
            "happened_on": "2026-11-30",
            "kind": "meeting",
            "note": "Gặp tại Sở",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert "Gặp tại Sở" in anon.get(url).text
    no_reason = anon.post(
        f"{url}/stage", data={"csrf_token": token, "stage": "lost"}, follow_redirects=False
    )
    assert no_reason.status_code == 422 and "Cần nêu lý do dừng." in no_reason.text
    moved = anon.post(
        f"{url}/stage", data={"csrf_token": token, "stage": "site_visit"}, follow_redirects=False
    )
    assert moved.status_code == 303
    back = anon.post(
        f"{url}/stage", data={"csrf_token": token, "stage": "first_contact"}, follow_redirects=False
    )
    assert back.status_code == 409
    assert client_as("enterprise").get(url).status_code == 403
