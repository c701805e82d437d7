"""Server-rendered pages: Vietnamese by default, English on request, demo data marked."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_home_redirects_to_the_dashboard(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard"


def test_zone_list_in_vietnamese_with_search_folding(client: TestClient) -> None:
    page = client.get("/zones", params={"q": "hoa phu", "as_of": "2024-06-30"})
    assert page.status_code == 200
    assert '<html lang="vi">' in page.text
    assert "Khu công nghiệp Hòa Phú" in page.text
    assert "Khu công nghiệp Hòa Phú mở rộng" in page.text
    assert "Khu công nghiệp Yên Lư" not in page.text
    assert "207,47" in page.text  # Vietnamese decimal comma


def test_english_switch_sets_a_cookie(client: TestClient) -> None:
    response = client.get("/lang/en", params={"next": "/summary"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/summary"
    assert "kcn_lang=en" in response.headers["set-cookie"]
    page = client.get("/summary", params={"as_of": "2024-06-30"})
    assert '<html lang="en">' in page.text
    assert "2,238" in page.text and "2.238" not in page.text
    client.cookies.clear()


def test_language_switch_never_leaves_the_site(client: TestClient) -> None:
    response = client.get("/lang/en", params={"next": "//evil.example"}, follow_redirects=False)
    assert response.headers["location"] == "/zones"


def test_demo_values_are_marked(client: TestClient) -> None:
    page = client.get("/zones", params={"q": "minh hoa", "kind": "industrial_park"})
    assert page.status_code == 200
    assert page.text.count('class="demo"') >= 12
    assert "Dữ liệu mẫu" in page.text


def test_zone_page_shows_the_timeline_and_occupancy(client: TestClient) -> None:
    listing = client.get("/api/v1/zones", params={"q": "yen lu"}).json()
    zone_id = listing["items"][0]["id"]
    page = client.get(f"/zones/{zone_id}", params={"as_of": "2024-06-30"})
    assert page.status_code == 200
    assert "Tiến trình thủ tục" in page.text
    assert "Đã chấp thuận chủ trương đầu tư" in page.text
    assert re.search(r"<meter [^>]*value=", page.text)


def test_summary_page_has_the_published_numbers(client: TestClient) -> None:
    page = client.get("/summary", params={"as_of": "2024-06-30"})
    assert page.status_code == 200
    assert "2.238" in page.text and "2.329" in page.text and "1.245" in page.text


def test_errors_are_pages_not_tracebacks(client: TestClient) -> None:
    missing = client.get("/zones/999999")
    assert missing.status_code == 404
    assert "text/html" in missing.headers["content-type"]
    assert "Không có khu, cụm công nghiệp số 999999." in missing.text
    bad = client.get("/zones", params={"stage": "bogus"})
    assert bad.status_code == 422
    assert "text/html" in bad.headers["content-type"]
    assert "stage" in bad.text


def test_pages_need_no_internet(client: TestClient) -> None:
    for path in ("/zones", "/summary", "/figures"):
        html = client.get(path).text
        assert not re.search(r"""(src|href)=["']https?://""", html), path
    assert client.get("/static/kcn.css").status_code == 200


def test_pages_stay_vietnamese_for_an_english_browser(client: TestClient) -> None:
    page = client.get("/zones", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in page.text
    api = client.get("/api/v1/zones/999999", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert api.json()["error"]["message"] == "No zone with id 999999."


def test_available_land_and_english_names(client: TestClient) -> None:
    listing = client.get("/api/v1/zones", params={"q": "dinh tram", "as_of": "2024-06-30"})
    land = listing.json()["items"][0]["land"]
    assert land["available_ha"] == f"{float(land['leasable_ha']) - float(land['leased_ha']):.2f}"
    page = client.get("/zones", params={"q": "dinh tram", "lang": "en"})
    assert "Dinh Tram Industrial Park" in page.text and "Available land (ha)" in page.text
    assert '<small class="muted" lang="vi">Khu công nghiệp Đình Trám</small>' in page.text
