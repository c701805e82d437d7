"""Every column a list filters or sorts by has an index (or is a key): a new filter or sort
key without one fails here, before the national data set makes it slow.

The list queries are caught as the API builds them (``Resource.list_query``), for each filter
parameter set alone and for each sort key, and the columns their WHERE clauses (subqueries
included) and ORDER BY name are looked up in the tables' indexes and keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Column, Select, Table
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import UnaryExpression

from kcn.kit.resources import RESOURCES, Resource

# Columns a list's WHERE names that no index would serve, and why.
EXEMPT = {
    # Leases in force on a day, summed per zone over all its leases (the zone list's land
    # subquery): the zone_id index finds them, the dates are checked on each.
    ("lease", "start_date"),
    ("lease", "end_date"),
    # The latest land figures and the stage reached on a day, per zone (the same subqueries):
    # found through (zone_id, as_of) and the milestone's zone_id.
    ("zone_land", "as_of"),
    ("milestone", "reached_on"),
}

# Values for filter parameters whose OpenAPI schema does not say enough.
EXAMPLES = {"period": "2024-Q2", "years": "2023", "q": "an", "admin_unit": "24"}


def _value(name: str, schema: dict[str, Any]) -> Any:
    if name in EXAMPLES:
        return EXAMPLES[name]
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    option = options[0] if options else {}
    if "enum" in option:
        return option["enum"][0]
    kind = option.get("type")
    if kind == "integer":
        return max(1, int(option.get("minimum", 1)))
    if kind == "boolean":
        return "true"
    if option.get("format") == "date":
        return "2024-06-30"
    return "1"


def _columns(clause: Any) -> Iterator[Column[Any]]:
    if clause is None:
        return
    for element in visitors.iterate(clause):
        if isinstance(element, Column) and isinstance(element.table, Table):
            yield element


def filtered_columns(stmt: Select[Any]) -> set[Column[Any]]:
    """The table columns the WHERE clauses of ``stmt`` and of its subqueries name."""
    found: set[Column[Any]] = set()
    for element in [stmt, *visitors.iterate(stmt)]:
        if isinstance(element, Select):
            found.update(_columns(element.whereclause))
    return found


def sorted_column(stmt: Select[Any]) -> Column[Any] | None:
    """The table column the first ORDER BY term is (None for a computed expression)."""
    first = stmt._order_by_clauses[0]
    while isinstance(first, UnaryExpression):
        first = first.element
    return first if isinstance(first, Column) and isinstance(first.table, Table) else None


def indexed(column: Column[Any], alongside: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """The column leads the primary key, an index or a unique constraint of its table, or
    follows in one only columns filtered ``alongside`` it (column names of the same table)."""
    table = column.table
    assert isinstance(table, Table)
    keys: list[list[str]] = [[c.name for c in table.primary_key.columns]]
    keys += [[c.name for c in i.columns] for i in table.indexes]
    keys += [
        [c.name for c in constraint.columns]  # type: ignore[attr-defined]
        for constraint in table.constraints
        if hasattr(constraint, "columns")
    ]
    keys += [[c.name] for c in table.columns if c.index or c.unique]
    for names in keys:
        if column.name in names and set(names[: names.index(column.name)]) <= alongside:
            return True
    return False


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[Select[Any]]:
    statements: list[Select[Any]] = []
    original = Resource.list_query

    def spy(self: Resource, *args: Any) -> Select[Any]:
        stmt = original(self, *args)
        statements.append(stmt)
        return stmt

    monkeypatch.setattr(Resource, "list_query", spy)
    return statements


def test_every_list_filter_and_sort_key_is_indexed(
    client: TestClient, captured: list[Select[Any]], backend_kind: str
) -> None:
    if backend_kind != "sqlite":
        pytest.skip("the indexes are read from the models' metadata: one backend is enough")
    paths = client.get("/openapi.json").json()["paths"]
    missing: set[str] = set()
    refused: list[str] = []
    checked = 0
    for resource in RESOURCES.values():
        path = f"/api/v1/{resource.path.removeprefix('/api/v1/')}"
        operation = paths[path]["get"]
        for parameter in operation.get("parameters", []):
            name = parameter["name"]
            if name in ("sort", "limit", "offset"):
                continue
            captured.clear()
            value = _value(name, parameter.get("schema", {}))
            response = client.get(path, params={name: value, "limit": 1})
            if response.status_code != 200:
                refused.append(f"{path}?{name}={value}: {response.text[:300]}")
                continue
            assert captured, (path, name)
            columns = filtered_columns(captured[-1])
            for column in columns:
                checked += 1
                alongside = {c.name for c in columns if c.table is column.table}
                if (str(column.table), column.name) not in EXEMPT and not indexed(
                    column, alongside
                ):
                    missing.add(f"{path}?{name}: {column.table}.{column.name}")
        for key in resource.sort_keys:
            captured.clear()
            response = client.get(path, params={"sort": key, "limit": 1})
            assert response.status_code == 200, (path, key, response.text)
            column = sorted_column(captured[-1])
            if column is not None:
                checked += 1
                if not indexed(column):
                    missing.add(f"{path}?sort={key}: {column.table}.{column.name}")
    assert not refused, "add an example value to EXAMPLES:\n" + "\n".join(refused)
    assert checked > 50
    assert not missing, "no index:\n" + "\n".join(sorted(missing))
