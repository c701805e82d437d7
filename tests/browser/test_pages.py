"""Every main page in a real browser: no sideways scroll at phone width (360 px), no request
outside the server, no serious accessibility violation (axe-core), screenshots kept."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Visit

# (name, path): the pages an official or a visitor uses; "{zone}" is Yên Lư's page.
PAGES = [
    ("zones", "/zones"),
    ("zones-parks", "/zones?kind=industrial_park&sort=-available_ha"),
    ("zone", "/zones/{zone}"),
    ("zone-edit", "/zones/{zone}/edit"),
    ("zone-new", "/zones-new"),
    ("summary", "/summary"),
    ("summary-2024", "/summary?as_of=2024-06-30"),
    ("stats", "/stats"),
    ("checker", "/stats/check?demo=1"),
    ("stats-import", "/stats/import"),
    ("figures", "/figures"),
    ("audit", "/audit"),
    ("account", "/account"),
    ("dashboard", "/dashboard"),
    ("map", "/map"),
    ("zone-facts-edit", "/zones/{zone}/facts"),
    ("investors", "/investors?area_ha=20"),
    ("investor-zone", "/investors/zones/KCN-YEN-LU"),
    ("investors-compare", "/investors/compare?zone=KCN-YEN-LU&zone=KCN-VAN-TRUNG"),
    ("investors-figures", "/investors/figures"),
    ("stats-compare", "/stats/compare?run=1&period=2024-H1"),
    ("stats-iip", "/stats/iip"),
    (
        "screening",
        "/screening?investor=Demo&countries=KR&sector=2610&capital_usd=120000000"
        "&land_ha=20&workers=1800&technology_class=high_tech&water_m3_day=100",
    ),
    ("screening-match", "/screening/match?ha=5&power_mva=50&water_m3_day=100"),
    ("screening-policy", "/screening/policy"),
    ("leads", "/leads"),
    ("leads-ranked", "/leads?open=true&sort=-score"),
    ("lead", "/leads/1"),
]


@pytest.fixture(scope="module")
def zone_id(server: str) -> int:
    import httpx

    found = httpx.get(f"{server}/api/v1/zones", params={"q": "yen lu"}).json()["items"]
    return int(found[0]["id"])


def _path(path: str, zone_id: int) -> str:
    return path.format(zone=zone_id)


def test_no_sideways_scroll_at_phone_width_and_nothing_from_outside(
    admin_phone: Visit, zone_id: int
) -> None:
    wide: dict[str, Any] = {}
    for name, path in PAGES:
        admin_phone.go(_path(path, zone_id))
        if (overflow := admin_phone.horizontal_overflow()) > 0:
            wide[name] = (overflow, admin_phone.too_wide())
        admin_phone.screenshot(f"{name}-360")
    assert wide == {}
    assert admin_phone.outside() == []


def test_login_and_english_pages_at_phone_width(phone: Visit) -> None:
    for name, path in [
        ("login", "/login"),
        ("zones-public", "/zones"),
        ("summary-en", "/summary?lang=en"),
        ("investors-en", "/investors?lang=en&area_ha=5"),
        ("investor-zone-en", "/investors/zones/KCN-VAN-TRUNG?lang=en"),
        ("investors-compare-en", "/investors/compare?lang=en&zone=KCN-VAN-TRUNG&zone=KCN-YEN-LU"),
    ]:
        phone.go(path)
        assert phone.horizontal_overflow() <= 0, (name, phone.too_wide())
        phone.screenshot(f"{name}-360")
    assert phone.outside() == []


def test_desktop_screenshots(admin: Visit, zone_id: int) -> None:
    for name, path in PAGES[:8]:
        admin.go(_path(path, zone_id))
        admin.screenshot(f"{name}-1280")
    assert admin.outside() == []


def test_no_serious_accessibility_violations(admin_axe: Visit, zone_id: int) -> None:
    found = {}
    for name, path in [*PAGES, ("login", "/login")]:
        admin_axe.go(_path(path, zone_id))
        if violations := admin_axe.axe():
            found[name] = violations
    assert found == {}
