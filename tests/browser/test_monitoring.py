"""The monitoring pages in a real browser: no sideways scroll at phone width, nothing from
outside, and an official assigns a request with the workflow buttons on a desktop."""

from __future__ import annotations

from tests.browser.conftest import Visit

PAGES = [
    ("monitoring-reports", "/monitoring/reports"),
    ("monitoring-non-reporters", "/monitoring/non-reporters?period=2024-Q2"),
    ("monitoring-requests", "/monitoring/requests"),
    ("monitoring-overdue", "/monitoring/requests/overdue?period=2024-H1"),
    ("monitoring-figures", "/monitoring/figures?period=2024-Q2"),
]


def test_monitoring_pages_at_phone_width_and_a_request_assigned(
    admin_phone: Visit, admin: Visit
) -> None:
    wide = {}
    for name, path in PAGES:
        admin_phone.go(path)
        if (overflow := admin_phone.horizontal_overflow()) > 0:
            wide[name] = (overflow, admin_phone.too_wide())
        admin_phone.screenshot(f"{name}-360")
    assert wide == {}
    assert admin_phone.outside() == []
    admin.go("/monitoring/requests?state=received")
    admin.page.click("table.list tbody a")
    admin.page.wait_for_load_state()
    admin.page.select_option("select[name=agency]", "labour")
    admin.page.click("form.step-form button:has-text('Giao xử lý')")
    admin.page.wait_for_load_state()
    assert "Đã giao xử lý" in admin.page.inner_text("dl.facts")
    admin.screenshot("monitoring-request-1280")
    assert admin.outside() == []
