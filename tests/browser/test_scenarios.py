"""What an official does, in a real browser: sign in, find a zone without typing diacritics,
correct its area the Vietnamese way, sort by available land, correct a milestone, read the
change in the audit trail in local time, switch language, check a file of published figures."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.browser.conftest import ADMIN, PASSWORD, Visit

FACTS = Path(__file__).resolve().parents[2] / "src/kcn/stats/examples/bac_giang_2024h1_facts.yaml"


def _vi_number(text: str) -> Decimal | None:
    text = text.strip().split()[0] if text.strip() else ""
    if not text or text == "–":
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def test_an_official_corrects_a_park(visit: Visit) -> None:
    page = visit.page
    visit.login(ADMIN, PASSWORD)
    assert page.locator("nav a[href='/account/password']").count() == 1

    # Find Yên Lư by typing its name without diacritics.
    visit.go("/zones")
    page.fill("input[name=q]", "yen lu")
    page.click("form.filters button[type=submit]")
    page.click("table.zones a:text-is('Khu công nghiệp Yên Lư')")
    assert page.locator("h1").inner_text().startswith("Khu công nghiệp Yên Lư")
    zone_url = page.url.split("?")[0]

    # Its planned area, typed with a decimal comma, comes back the same way.
    page.click("a.button[href$='/edit']")
    page.fill("input[name=planned_area_ha]", "380,75")
    page.click("main form button[type=submit]")
    assert "saved=zone" in page.url
    assert page.locator("p.notice").inner_text().endswith("Đã lưu thay đổi.")
    assert "380,75 ha" in page.locator("main").inner_text()
    page.click("a.button[href$='/edit']")
    assert page.input_value("input[name=planned_area_ha]") == "380,75"

    # An ambiguous number is refused with the style to use, and nothing is saved.
    page.fill("input[name=planned_area_ha]", "1,234,5")
    page.click("main form button[type=submit]")
    assert page.locator("label.invalid small.error").count() == 1

    # Correct a milestone's document number from the zone page.
    visit.go(zone_url.removeprefix(visit.origin))
    step = page.locator("ol.timeline li", has=page.locator("details.row-edit")).first
    step.locator("summary").click()
    step.locator("input[name=document_number]").fill("999/QĐ-TTg")
    step.locator("button[type=submit]:not(.danger)").click()
    assert "saved=milestone" in page.url
    assert "999/QĐ-TTg" in page.locator("ol.timeline").inner_text()

    # The audit trail shows the change, old → new, at Vietnam's time.
    visit.go("/audit")
    first = page.locator("table.audit tbody tr").first
    row = first.inner_text()
    assert "999/QĐ-TTg" in row and "Số văn bản" in row and "→" in row
    shown = first.locator("time").inner_text()
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(tzinfo=None)
    at = datetime.strptime(shown, "%d/%m/%Y %H:%M")
    assert abs(at - now) < timedelta(minutes=5), (shown, now)
    assert visit.outside() == []


def test_available_land_sorts_and_parks_come_first(visit: Visit) -> None:
    page = visit.page
    visit.go("/zones")
    kinds = page.locator("table.zones tbody tr td:nth-child(3)").all_inner_texts()
    assert kinds[0] == "Khu công nghiệp"  # parks first, then clusters
    column = "table.zones tbody tr td:nth-child(7)"
    page.click("th a[href*='sort=available_ha']")
    page.click("th a[href*='sort=-available_ha']")
    assert page.locator("th[aria-sort=descending]").count() == 1
    values = [v for t in page.locator(column).all_inner_texts() if (v := _vi_number(t))]
    assert len(values) > 5 and values == sorted(values, reverse=True)


def test_switching_to_english(visit: Visit) -> None:
    page = visit.page
    visit.go("/zones?q=yen+lu&kind=industrial_park")
    page.click("a.lang")
    assert page.locator("html").get_attribute("lang") == "en"
    text = page.locator("main").inner_text()
    assert re.search(r"\b1 zone\b|\b\d+ zones\b", text)
    assert "Huyện" not in text and "District" in text
    visit.go("/zones?q=yen+lu&kind=industrial_park&stage=operating")
    count = page.locator("p.meta").inner_text()
    assert not re.search(r"\b1 zones\b", count)
    visit.go("/stats?period=2024-H1")
    assert "first half of 2024" in page.locator("h1").inner_text()
    assert "first half of 2024" in page.locator("select[name=period]").inner_text()


def test_checking_a_file_of_published_figures(visit: Visit) -> None:
    page = visit.page
    visit.go("/stats/check")
    page.set_input_files("input[type=file]", str(FACTS))
    page.click("main form button[type=submit]")
    assert page.locator("p.status").count() == 1
    assert visit.outside() == []
