"""A crawl of every page a person reaches from the menus, in Vietnamese and English, anonymous
and as an administrator: no 5xx, no link to a page that does not exist, no raw message id
(``screening.infra.x``) where a sentence should be, and the page in the language asked for.

The crawl follows the site's own links from a few starting pages (each path shape visited at
most a few times, so a list of 300 zones costs three visits, not 300). It needs the demo data
only, not a backend feature, so it runs on SQLite alone."""

from __future__ import annotations

import html as html_lib
import re
from collections import deque
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient

from kcn.kit import i18n
from kcn.kit.resources import RESOURCES

# The pages a person starts from; the crawl finds the rest through their links.
SEEDS = [
    "/dashboard",
    "/zones",
    "/zones?kind=industrial_park&sort=-available_ha",
    "/summary?as_of=2024-06-30",
    "/map",
    "/stats",
    "/stats/check?demo=1",
    "/stats/compare?run=1&period=2024-H1",
    "/stats/iip",
    "/figures",
    "/investors?area_ha=20",
    "/investors/compare?zone=KCN-YEN-LU&zone=KCN-VAN-TRUNG",
    "/investors/figures",
    "/screening?investor=Demo&countries=KR&sector=2610&capital_usd=120000000"
    "&land_ha=20&workers=1800&technology_class=high_tech&water_m3_day=100",
    "/screening/match?ha=5&power_mva=50&water_m3_day=100",
    "/screening/policy",
    "/leads",
    "/readiness?as_of=2024-07-15",
    "/enterprises",
    "/projects",
    "/monitoring/reports",
    "/monitoring/requests",
    "/monitoring/requests/overdue",
    "/monitoring/non-reporters",
    "/monitoring/figures",
    "/reports",
    "/audit",
    "/account",
    "/login",
]
SKIP = re.compile(
    r"^/(api/|static/|lang/|logout|docs|openapi|metrics$|health)|\.(xlsx|csv|docx|pdf|md|svg|json)$"
)
PER_SHAPE = 3  # visits per path shape (numbers and codes folded), so long lists stay cheap
LIMIT = 160  # pages per crawl: a safety net, far above what the site has today
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)', re.I)
# Visible text: scripts, styles, comments and tags removed; what a reader sees in attributes
# (title, placeholder, aria-label, alt) kept.
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.S | re.I)
SEEN_ATTR = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', re.I)
TAG = re.compile(r"<[^>]+>")
DOTTED = re.compile(r"(?<![\w./@-])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+(?![\w/@-])")


@cache
def _namespaces() -> frozenset[str]:
    """The first part of every message id (``zone``, ``screening``, ``report``…)."""
    return frozenset(key.split(".")[0] for key in i18n.catalog("vi") if "." in key)


def visible_text(page: str) -> str:
    page = HIDDEN.sub(" ", page)
    attrs = " ".join(SEEN_ATTR.findall(page))
    return html_lib.unescape(TAG.sub(" ", page) + " " + attrs)


def raw_ids(page: str) -> set[str]:
    """Dotted words in the visible text that look like a message id left untranslated."""
    return {m for m in DOTTED.findall(visible_text(page)) if m.split(".")[0] in _namespaces()}


def _without_lang(href: str) -> str:
    parts = urlsplit(href)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, True) if k != "lang"])
    return parts.path + (f"?{query}" if query else "")


def _shape(path: str) -> str:
    """The path with numbers and record codes (``KCN-YEN-LU``) folded: one page kind."""
    return re.sub(r"/[A-Z][A-Z0-9-]*(?=/|$)", "/*", re.sub(r"\d+", "0", urlsplit(path).path))


def crawl(client: TestClient, lang: str) -> dict[str, Any]:
    """Visit the seeds and every same-site link found, in ``lang``; report the problems."""
    queue = deque((url, "seed") for url in SEEDS)
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    problems: dict[str, Any] = {"5xx": {}, "4xx": {}, "raw": {}, "lang": [], "visited": 0}
    while queue and problems["visited"] < LIMIT:
        url, came_from = queue.popleft()
        if url in seen or SKIP.search(urlsplit(url).path):
            continue
        seen.add(url)
        shape = _shape(url)
        if shapes.get(shape, 0) >= PER_SHAPE:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        sep = "&" if "?" in url else "?"
        response = client.get(f"{url}{sep}lang={lang}")
        problems["visited"] += 1
        if response.status_code >= 500:
            problems["5xx"][url] = response.status_code
            continue
        if response.status_code >= 400 and response.status_code not in (401, 403):
            problems["4xx"][url] = (response.status_code, came_from)
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        page = response.text
        if f'<html lang="{lang}">' not in page:
            problems["lang"].append(url)
        if found := raw_ids(page):
            problems["raw"][url] = sorted(found)
        if response.status_code >= 400:
            continue
        for href in HREF.findall(page):
            href = html_lib.unescape(href)
            if href.startswith("/") and not href.startswith("//"):
                queue.append((_without_lang(href), url))
    return problems


CLEAN = {"5xx": {}, "4xx": {}, "raw": {}, "lang": []}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("role", ["admin", None])
def test_every_page_reached_has_no_error_no_raw_message_id_and_no_broken_link(
    request: pytest.FixtureRequest, backend_kind: str, role: str | None, lang: str
) -> None:
    if backend_kind != "sqlite":  # asked before the client, so PostgreSQL is not even set up
        pytest.skip("the pages read the same demo data on either backend")
    found = crawl(request.getfixturevalue("client_as")(role), lang)
    visited = found.pop("visited")
    assert visited >= (80 if role else 40), visited  # the crawl really went through the site
    assert found == CLEAN


def test_every_kind_of_audited_record_has_a_name() -> None:
    """The audit page names each record's kind (``audit.object.<kind>``) in both languages."""
    import kcn.app  # noqa: F401  (registers every domain's resources)

    kinds = set(RESOURCES) | {"user", "api_token", "observation", "published_figure", "zone_photo"}
    for lang in ("vi", "en"):
        assert {k for k in kinds if f"audit.object.{k}" not in i18n.catalog(lang)} == set()


def test_the_raw_message_id_check_sees_one() -> None:
    assert raw_ids("<p>Kết quả: <b>screening.infra.power_mva</b></p>") == {
        "screening.infra.power_mva"
    }
    assert raw_ids('<input placeholder="report.clearance.none">') == {"report.clearance.none"}
    # Data and addresses are not message ids: a file name, a domain, a decimal number.
    assert raw_ids("<p>bao-cao.docx · kcn.example.vn · 2.238 ha · /zones/1</p>") == set()
    assert raw_ids("<script>let x = zone.name;</script>") == set()
