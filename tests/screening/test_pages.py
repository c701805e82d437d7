"""The pages: the screening form explains its verdict and lists zones; bad fields are shown
(422); the pipeline page is for internal staff, with the funnel and the overdue list."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

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


def test_leads_page(client_as: ClientAs) -> None:
    page = client_as("investment").get("/leads", params={"open": "true"})
    assert page.status_code == 200
    assert "Phễu chuyển đổi" in page.text and "Demo Semiconductor" in page.text
    assert "Demo Steel Rolling" not in page.text  # lost: not open
    assert client_as("enterprise").get("/leads").status_code == 403
