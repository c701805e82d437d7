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


def _png() -> bytes:
    import io

    from PIL import Image

    image = Image.linear_gradient("L").resize((640, 400)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_board_adds_a_photo_investors_see_it_lazy_loaded_then_it_is_deleted(
    browser: Any, server: str, admin: Visit
) -> None:
    import httpx

    found = httpx.get(f"{server}/api/v1/zones", params={"q": "van trung"}).json()["items"]
    park = next(z["id"] for z in found if z["code"] == "KCN-VAN-TRUNG")
    admin.go(f"/zones/{park}/facts")
    form = admin.page.locator("#photos form[enctype='multipart/form-data']")
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "gate.png", "mimeType": "image/png", "buffer": _png()}]
    )
    form.locator("input[name=caption]").fill("Cổng chính của khu")
    form.locator("input[name=caption_en]").fill("The park's main gate")
    form.locator("input[name=source]").fill("Ban Quản lý (ảnh thử)")
    form.locator("input[name=taken_on]").fill("2024-05-01")
    form.locator("button[type=submit]").click()
    admin.page.wait_for_url("**saved=photo**")
    for v in _visit(browser, server, 360, "en"):
        v.go("/investors/zones/KCN-VAN-TRUNG")
        img = v.page.locator("#photos img")
        assert img.get_attribute("alt") == "The park's main gate"
        assert img.get_attribute("loading") == "lazy"
        img.scroll_into_view_if_needed()
        v.page.wait_for_function("() => document.querySelector('#photos img').naturalWidth > 0")
        assert v.horizontal_overflow() <= 0
        v.screenshot("investor-zone-photo-en-360")
        assert v.outside() == []
    admin.go(f"/zones/{park}/facts")
    admin.page.locator("#photos li form button[type=submit]").click()
    admin.page.wait_for_url("**saved=photo**")
    assert admin.page.locator("#photos img").count() == 0
