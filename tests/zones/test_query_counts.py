"""List endpoints issue a fixed number of queries, whatever the page size (no N+1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

# Pinned: count, page, and one selectin load per relation (admin unit, land, milestones, parent).
ZONE_LIST_QUERIES = 6


@contextmanager
def count_queries(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []
    connection = session.connection()

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", before)


def test_zone_list_query_count_is_pinned(anon: TestClient, session: Session) -> None:
    counts = []
    for limit in (5, 80):
        with count_queries(session) as statements:
            response = anon.get("/api/v1/zones", params={"limit": limit})
        assert response.status_code == 200
        assert len(response.json()["items"]) == limit
        counts.append(len(statements))
    # A page without expansions skips the parent load; N+1 would add a query per zone.
    assert counts[0] <= counts[1] == ZONE_LIST_QUERIES
