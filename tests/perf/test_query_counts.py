"""No N+1: a list's, the summary's, the dashboard's and the investor search's number of SQL
statements does not grow with the rows they show.

Lists: the same count for a page of 2 rows and a page of 20 (rows are added first where the
demo has fewer). Summary, dashboard and investor search read every zone: the same count
before and after synthetic zones, enterprises, projects, leases, reports and requests are
added (``kcn.demo.national.add_rows``). ``tests/test_resources.py`` pins each list's count.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kcn.demo.national import add_rows
from kcn.demo.national_rows import Scale
from kcn.kit import metrics
from kcn.kit.resources import RESOURCES
from tests.cases import CASES
from tests.queries import count_queries

# What the caller's token costs is the same on every request: left out of the counts.
AUTH = ("FROM api_token", "FROM user_account", "FROM user_scope", "UPDATE api_token")
LISTS = ["zone", "enterprise", "project", "support_request", "periodic_report", "lead",
         "clearance_task", "lease", "audit_record"]  # fmt: skip
MORE = Scale(provinces=2, parks=12, clusters=8, enterprises=20, projects=30, requests=20,
             report_years=1, stat_years=1)  # fmt: skip


def queries(session: Session, call: Callable[[], int]) -> int:
    with count_queries(session) as statements:
        assert call() == 200
    return len([q for q in statements if not any(a in q for a in AUTH)])


@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_the_page(
    client: TestClient, session: Session, name: str
) -> None:
    case, resource = CASES[name], RESOURCES[name]
    params = dict(case.params)
    total = client.get(resource.path, params={"limit": 1, **params}).json()["total"]
    if total < 20:
        assert case.new is not None
        for n in range(20 - total):
            created = client.post(resource.path, json=case.new(9000 + n))
            assert created.status_code == 201, created.text

    def page(limit: int) -> Callable[[], int]:
        def call() -> int:
            response = client.get(resource.path, params={"limit": limit, **params})
            assert len(response.json()["items"]) == limit
            return response.status_code

        return call

    assert queries(session, page(2)) == queries(session, page(20))


PAGES = {
    "summary": ("/api/v1/zones/summary", {}),
    "dashboard": ("/dashboard", {"period": "2024-H1"}),
    "investor search": ("/investors", {"area_ha": "1"}),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_queries_do_not_grow_with_the_rows(
    client: TestClient, session: Session, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What computing the page costs: the metrics' cache is off (a write in the test's
    transaction turns it off anyway until the transaction ends)."""
    monkeypatch.setattr(metrics.CACHE, "enabled", False)
    path, params = PAGES[page]

    def call() -> int:
        return client.get(path, params=params).status_code

    call()  # anything loaded once per process is loaded now
    before = queries(session, call)
    add_rows(session, MORE, seed=5)
    assert queries(session, call) == before


CACHED = {"summary": 1, "dashboard": 2}


@pytest.mark.parametrize("page", sorted(CACHED))
def test_cached_pages_read_the_data_version_and_little_else(
    client: TestClient, session: Session, page: str
) -> None:
    """Once computed, the summary and the dashboard's figures come from the metrics' cache:
    the data version's stamp (read once per transaction: the tests' session keeps one open,
    so it may already be known), and what the page reads besides its figures."""
    path, params = PAGES[page]
    assert client.get(path, params=params).status_code == 200
    count = queries(session, lambda: client.get(path, params=params).status_code)
    assert CACHED[page] - 1 <= count <= CACHED[page]
