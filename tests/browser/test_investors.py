"""The dashboard, the map (a zone found by clicking it, and by keyboard), the investor search
and comparison, in both languages, at phone width and on a desktop: no sideways scroll, no
request leaving the server, our own assets under 300 KB a page; screenshots kept."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Visit, _visit

OWN_BYTES = """() => performance.getEntriesByType('navigation')[0].decodedBodySize
    + performance.getEntriesByType('resource').reduce((n, e) => n + e.decodedBodySize, 0)"""
# The centre of a zone mark that nothing covers, and its code (a mark a person can click).
CLEAR_MARK = """() => { for (const a of document.querySelectorAll('a.zone-mark')) {
    const r = a.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.closest('a') === a && r.width > 4) return [x, y, a.dataset.code]; }
    return null; }"""


def _check(v: Visit, name: str) -> None:
    assert v.horizontal_overflow() <= 0, (name, v.too_wide())
    assert v.page.evaluate(OWN_BYTES) < 300_000, name
    v.screenshot(name)


def test_dashboard_map_and_investor_view_in_both_languages(browser: Any, server: str) -> None:
    for width, lang in ((360, "vi"), (1280, "en")):
        for v in _visit(browser, server, width, lang):
            v.go("/dashboard")
            assert v.page.locator(".tiles a").count() >= 10
            v.page.locator(".tiles a").first.click()  # a tile leads to its list
            assert "/zones?kind=industrial_park" in v.page.url
            v.go("/dashboard")
            _check(v, f"dashboard-{lang}-{width}")

            v.go("/map?kind=industrial_park")
            _check(v, f"map-{lang}-{width}")
            if width > 1000:  # a person clicks a mark
                x, y, code = v.page.evaluate(CLEAR_MARK)
                v.page.mouse.click(x, y)
            else:  # or reaches one with the keyboard
                code = "KCN-VAN-TRUNG"
                v.page.focus(f'a.zone-mark[data-code="{code}"]')
                v.page.keyboard.press("Enter")
            v.page.wait_for_url("**/zones/*")
            assert code in v.page.locator("main").inner_text()

            v.go("/investors")
            v.page.fill("input[name=area_ha]", "5")
            v.page.click("#find button[type=submit]")
            v.page.wait_for_url("**area_ha=5**")
            picks = v.page.locator("input[name=zone]")
            assert picks.count() >= 2
            picks.nth(0).check()
            picks.nth(1).check()
            _check(v, f"investors-{lang}-{width}")
            v.page.get_by_role("button", name="So sánh" if lang == "vi" else "Compare").click()
            v.page.wait_for_url("**/investors/compare?**")
            assert v.page.locator("thead th[scope=col]").count() == 2
            _check(v, f"compare-{lang}-{width}")
            v.page.locator("thead th a").first.click()
            v.page.wait_for_url("**/investors/zones/**")
            assert v.page.locator("svg.map").count() == 1
            _check(v, f"investor-zone-{lang}-{width}")
            assert v.outside() == []
