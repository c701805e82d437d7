"""The half-year report's page in a real browser, at phone width and on a desktop: no sideways
scroll, nothing fetched from outside, no serious accessibility violation, the preview shown."""

from __future__ import annotations

from tests.browser.conftest import Visit


def test_reports_page_phone_and_desktop(phone: Visit, admin_axe: Visit) -> None:
    visit = admin_axe  # a desktop tab that may inject axe-core
    phone.go("/reports?year=2024&half=1")
    assert phone.horizontal_overflow() <= 0, phone.too_wide()
    assert "315.145 tỷ đồng" in phone.page.inner_text("main")
    phone.screenshot("reports-360")
    visit.go("/reports?year=2024&half=1&lang=en")
    assert "VND 315,145 billion" in visit.page.inner_text("main")
    assert visit.page.locator(".report-preview figure img").count() >= 2
    visit.screenshot("reports-1280")
    assert visit.axe() == []
    assert phone.outside() == [] and visit.outside() == []
