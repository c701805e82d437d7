"""The readiness pages in a real browser: the province page and a task page (its SVG chart) fit
a phone's width, load nothing from outside and have no serious accessibility violation."""

from __future__ import annotations

from tests.browser.conftest import Visit

AS_OF = "?as_of=2024-07-15"


def test_readiness_pages_on_a_phone_and_with_axe(admin_phone: Visit, admin_axe: Visit) -> None:
    admin_phone.go("/readiness" + AS_OF)
    link = admin_phone.page.locator("a[href^='/readiness/tasks/']").first.get_attribute("href")
    assert link
    found: dict[str, object] = {}
    for n, path in enumerate(["/readiness" + AS_OF, link + AS_OF]):
        admin_phone.go(path)
        if (overflow := admin_phone.horizontal_overflow()) > 0:
            found[path] = (overflow, admin_phone.too_wide())
        admin_phone.screenshot(f"readiness-{n}-360")
        admin_axe.go(path)
        if violations := admin_axe.axe():
            found[path + " axe"] = violations
    assert admin_phone.page.locator("svg.chart polyline").count() == 1
    assert found == {}
    assert admin_phone.outside() == []
