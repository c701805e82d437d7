"""Pages count with the noun in the right form: '1 zone', '2 zones', '1 khu, cụm'."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def meta(page: str) -> str:
    found = re.search(r'<p class="meta">([^·<]*)', page)
    assert found, page[:500]
    return found.group(1).strip()


def test_the_zone_list_counts_in_each_language(anon: TestClient) -> None:
    assert meta(anon.get("/zones?q=yen+lu&lang=en").text) == "1 zone"
    assert meta(anon.get("/zones?q=yen+lu&lang=vi").text) == "1 khu, cụm"
    many = meta(anon.get("/zones?lang=en").text)
    assert re.fullmatch(r"[\d,]+ zones", many) and many != "1 zones"


def test_the_summary_counts_parks_and_clusters(anon: TestClient) -> None:
    page = anon.get("/summary?as_of=2024-06-30&lang=en").text
    assert re.search(r'<p class="big">\d+ industrial parks · [\d,.]+ ha</p>', page)
    vi = anon.get("/summary?as_of=2024-06-30&lang=vi").text
    assert re.search(r'<p class="big">\d+ khu công nghiệp · [\d.,]+ ha</p>', vi)


def test_the_language_switch_offers_the_other_language(anon: TestClient) -> None:
    assert 'hreflang="en"' in anon.get("/zones?lang=vi").text
    assert 'hreflang="vi"' in anon.get("/zones?lang=en").text
