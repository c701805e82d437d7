"""Screening in a real browser, in Vietnamese at phone width and in English on a desktop: the
evaluate form with a valid proposal shows the verdict and one line per rule; invalid input
(land 0, an unknown VSIC code) shows field errors and no verdict; the leads list ranked by
score; the land-matching page with infrastructure lines. No sideways scroll, nothing loaded
from outside the server."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Visit, _visit

PROPOSAL = {
    "investor": "Demo Browser Electronics",
    "countries": "KR",
    "sector": "2610",
    "capital_usd": "120000000",
    "land_ha": "20",
    "workers": "1800",
}
VERDICTS = {
    "vi": ("Ưu tiên thu hút", "Đủ điều kiện", "Không đủ điều kiện"),
    "en": ("Priority", "Eligible", "Conditionally eligible", "Not eligible"),
}


def _fill(v: Visit, values: dict[str, str]) -> None:
    for name, value in values.items():
        v.page.fill(f"main form input[name={name}]", value)


def _no_overflow(v: Visit, name: str) -> None:
    assert v.horizontal_overflow() <= 0, (name, v.too_wide())
    v.screenshot(name)


def _evaluate(v: Visit, lang: str, width: int) -> None:
    expected = v.page.request.post(
        f"{v.origin}/api/v1/screening/evaluate?lang={lang}",
        data={**PROPOSAL, "countries": ["KR"], "technology_class": "high_tech"},
    ).json()
    v.go("/screening")
    _fill(v, PROPOSAL)
    v.page.select_option("main form select[name=technology_class]", "high_tech")
    v.page.click("main form button[type=submit]")
    v.page.wait_for_url("**/screening?**")
    heading = v.page.locator("#verdict").inner_text()
    assert heading.startswith(expected["verdict_label"]) and str(expected["score"]) in heading
    rows = v.page.locator("section[aria-labelledby=verdict] tbody tr")
    assert rows.count() == len(expected["lines"]) >= 5
    for n, line in enumerate(expected["lines"]):
        assert line["title"] in rows.nth(n).inner_text()
    # The zones that can host it, below the verdict.
    assert v.page.locator("#land").count() == 1
    _no_overflow(v, f"screening-{lang}-{width}")

    # Land 0 and an unknown VSIC code: field errors, no verdict.
    v.go("/screening")
    _fill(v, {**PROPOSAL, "land_ha": "0", "sector": "0400"})
    v.page.click("main form button[type=submit]")
    v.page.wait_for_url("**/screening?**")
    assert v.page.locator("#verdict").count() == 0
    for name in ("land_ha", "sector"):
        field = v.page.locator(f"label.invalid:has(input[name={name}])")
        assert field.count() == 1, name
        assert field.locator("small.error").inner_text().strip(), name
        assert v.page.get_attribute(f"input[name={name}]", "aria-invalid") == "true"
    assert v.page.locator("p.error[role=alert]").count() == 1
    _no_overflow(v, f"screening-invalid-{lang}-{width}")


def _leads(v: Visit, lang: str, width: int) -> None:
    v.go("/leads")
    rows = v.page.locator("main table.list").last.locator("tbody tr")
    assert rows.count() >= 8
    scores = [
        int(s)
        for s in v.page.locator("main table.list").last.locator("tbody td.num").all_inner_texts()
        if s.strip().isdigit()
    ]
    assert len(scores) >= 6 and scores == sorted(scores, reverse=True)
    _no_overflow(v, f"leads-{lang}-{width}")
    # The ranking of open leads by score, from its link.
    v.page.click("main a[href='/leads?open=true&sort=-score']")
    v.page.wait_for_url("**/leads?open=true&sort=-score")
    ranks = v.page.locator("td.rank").all_inner_texts()
    assert ranks == [str(n) for n in range(1, len(ranks) + 1)] and len(ranks) >= 5
    _no_overflow(v, f"leads-ranked-{lang}-{width}")


def _match(v: Visit, lang: str, width: int) -> None:
    v.go("/screening/match")
    _fill(v, {"ha": "5", "water_m3_day": "100", "power_mva": "100000"})
    v.page.click("main form button[type=submit]")
    v.page.wait_for_url("**/screening/match?**")
    # Power above every recorded substation: no park is left; each left-out zone says why.
    left = v.page.locator("ul.left-out li")
    assert left.count() >= 30
    reasons = left.all_text_contents()
    assert all(": " in text for text in reasons)
    power = "Điện: cần 100.000 MVA" if lang == "vi" else "Power: 100,000 MVA needed"
    assert any(power in text for text in reasons)
    _no_overflow(v, f"match-short-{lang}-{width}")
    v.go("/screening/match?ha=5&water_m3_day=100")
    hosts = v.page.locator("section[aria-labelledby=land] tbody tr")
    assert hosts.count() >= 1
    assert hosts.first.locator("ul.infra li").count() == 1
    _no_overflow(v, f"match-{lang}-{width}")


def test_screening_pages_in_both_languages(
    browser: Any, server: str, admin_state: dict[str, Any]
) -> None:
    for width, lang in ((360, "vi"), (1280, "en")):
        for v in _visit(browser, server, width, lang, admin_state):
            _evaluate(v, lang, width)
            _leads(v, lang, width)
            _match(v, lang, width)
            assert v.outside() == []
