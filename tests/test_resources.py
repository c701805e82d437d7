"""The generic tests of the resource kit, run over every registered resource (tests/cases.py):
a new resource gets them by registering and declaring its case."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.app import create_app
from kcn.auth import service as auth_service
from kcn.config import Settings
from kcn.kit.i18n import translate
from kcn.kit.permissions import Action, restrict
from kcn.kit.resources import RESOURCES, Resource
from kcn.models import AuditRecord, User
from kcn.models.auth import ROLES
from tests.cases import CASES, Case
from tests.queries import count_queries

ClientAs = Callable[[str | None], TestClient]
CASE_IDS = sorted(CASES)
_numbers = itertools.count(1)

create_app(Settings(database_url="sqlite://"))  # every domain's resources are registered


def resource_of(case: Case) -> Resource:
    return RESOURCES[case.resource]


def test_every_resource_has_a_case() -> None:
    assert sorted(RESOURCES) == CASE_IDS


def visible(session: Session, resource: Resource, role: str) -> int:
    """How many rows the permission filter lets ``role``'s test user see."""
    user = session.scalar(select(User).where(User.username == role))
    assert user is not None
    actor = auth_service.actor_for(session, user, "api")
    stmt = restrict(select(resource.model), resource.model, actor, Action.view)
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


@pytest.mark.parametrize("name", CASE_IDS)
@pytest.mark.parametrize("role", [None, *ROLES])
def test_list_permissions(
    client_as: ClientAs, session: Session, name: str, role: str | None
) -> None:
    case, resource = CASES[name], RESOURCES[name]
    response = client_as(role).get(resource.path, params={"limit": 1})
    if role in case.readers:
        assert response.status_code == 200, response.text
        if role is not None:
            assert response.json()["total"] == visible(session, resource, role)
    else:
        assert response.status_code == (401 if role is None else 403)
        assert response.json()["error"]["code"] in ("not_authenticated", "forbidden")


@pytest.mark.parametrize("name", [n for n in CASE_IDS if CASES[n].new])
@pytest.mark.parametrize("role", [None, *ROLES])
def test_write_permissions(client_as: ClientAs, name: str, role: str | None) -> None:
    case, resource = CASES[name], RESOURCES[name]
    assert case.new is not None
    c = client_as(role)
    created = client_as("admin").post(resource.path, json=case.new(next(_numbers)))
    assert created.status_code == 201, created.text
    url = f"{resource.path}/{created.json()['id']}"
    attempts = {
        "create": c.post(resource.path, json=case.new(next(_numbers))),
        "update": c.patch(url, json=case.change),
        "delete": c.delete(url),
    }
    for action, response in attempts.items():
        if role in case.writers:
            assert response.status_code in (200, 201, 204), (action, response.text)
        else:
            assert response.status_code == (401 if role is None else 403), (action, role)


@pytest.mark.parametrize("name", CASE_IDS)
def test_unknown_id_is_404(client_as: ClientAs, name: str) -> None:
    resource = RESOURCES[name]
    c = client_as("admin")
    url = f"{resource.path}/987654321"
    calls = [c.get(url)]
    if resource.update is not None:
        calls.append(c.patch(url, json=CASES[name].change))
    if resource.delete is not None:
        calls.append(c.delete(url))
    for response in calls:
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("name", [n for n in CASE_IDS if CASES[n].new])
def test_stale_write_is_409(client: TestClient, session: Session, name: str) -> None:
    case, resource = CASES[name], RESOURCES[name]
    assert case.new is not None
    created = client.post(resource.path, json=case.new(next(_numbers)))
    url = f"{resource.path}/{created.json()['id']}"
    etag = client.get(url).headers["etag"]
    assert etag == created.headers["etag"]
    changed = client.patch(url, json=case.change, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.text
    assert changed.headers["etag"] != etag
    before = client.get(url).json()
    stale = client.patch(url, json=case.change, headers={"If-Match": etag})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert client.delete(url, headers={"If-Match": etag}).status_code == 409
    assert client.get(url).json() == before  # a refused write changed nothing


@pytest.mark.parametrize("name", [n for n in CASE_IDS if CASES[n].new])
def test_writes_leave_one_audit_entry_each(client: TestClient, session: Session, name: str) -> None:
    case, resource = CASES[name], RESOURCES[name]
    assert case.new is not None and case.change is not None

    def entries(object_id: int) -> list[AuditRecord]:
        stmt = select(AuditRecord).where(
            AuditRecord.object_type == resource.name, AuditRecord.object_id == object_id
        )
        return list(session.scalars(stmt.order_by(AuditRecord.id)))

    created = client.post(resource.path, json=case.new(next(_numbers))).json()
    url = f"{resource.path}/{created['id']}"
    assert [e.action for e in entries(created["id"])] == ["create"]
    client.patch(url, json=case.change)
    client.patch(url, json=case.change)  # the same again changes nothing: no entry
    update = entries(created["id"])[-1]
    assert [e.action for e in entries(created["id"])] == ["create", "update"]
    assert update.before is not None and update.after is not None
    # Before and after hold exactly what changed, with the old and new values.
    for key in case.change:
        assert key in update.after and update.before[key] != update.after[key]
    assert set(update.before) == set(update.after)
    assert all(update.before[k] != update.after[k] for k in update.after)
    assert client.delete(url).status_code == 204
    assert [e.action for e in entries(created["id"])] == ["create", "update", "delete"]


@pytest.mark.parametrize("name", CASE_IDS)
def test_paging(client_as: ClientAs, name: str) -> None:
    case, resource = CASES[name], RESOURCES[name]
    c = client_as(case.list_role)
    first = c.get(resource.path, params={"limit": 3, "offset": 0, **case.params})
    second = c.get(resource.path, params={"limit": 3, "offset": 3, **case.params})
    body1, body2 = first.json(), second.json()
    assert body1["total"] == body2["total"] >= 6
    assert (body1["limit"], body1["offset"], body2["offset"]) == (3, 0, 3)
    assert not {i["id"] for i in body1["items"]} & {i["id"] for i in body2["items"]}
    assert first.headers["x-total-count"] == str(body1["total"])
    assert "offset=3" in first.headers["link"] and 'rel="next"' in first.headers["link"]
    assert 'rel="prev"' in second.headers["link"]
    too_big = c.get(resource.path, params={"limit": 100_000})
    assert too_big.status_code == 422 and too_big.json()["error"]["fields"][0]["field"] == "limit"


def _ordered(values: list[Any], descending: bool) -> bool:
    present = [v for v in values if v is not None]
    if values != present + [None] * (len(values) - len(present)):
        return False  # empty values come last either way
    return present == sorted(present, reverse=descending)


@pytest.mark.parametrize("name", CASE_IDS)
def test_sorting(client_as: ClientAs, name: str) -> None:
    case, resource = CASES[name], RESOURCES[name]
    c = client_as(case.list_role)
    assert set(case.sort_values) == set(resource.sort_keys)
    for key, value in case.sort_values.items():
        for sort in (key, f"-{key}"):
            response = c.get(resource.path, params={"sort": sort, "limit": 200, **case.params})
            assert response.status_code == 200, (sort, response.text)
            if value is not None:
                values = [value(item) for item in response.json()["items"]]
                assert _ordered(values, sort.startswith("-")), sort
    wrong = c.get(resource.path, params={"sort": "colour"})
    assert wrong.status_code == 422
    error = wrong.json()["error"]["fields"][0]
    assert error["field"] == "sort"
    assert all(k in error["message"] for k in resource.sort_keys)


@pytest.mark.parametrize("name", CASE_IDS)
def test_export_round_trip(client_as: ClientAs, name: str) -> None:
    case, resource = CASES[name], RESOURCES[name]
    c = client_as(case.list_role)
    listed = c.get(resource.path, params={"limit": 500, **case.params}).json()
    exported = c.get(f"{resource.path}/export.csv", params=case.params)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == listed["total"]
    column, value = case.export_key
    spec = next(col for col in resource.export_columns if col.key == column)
    index = header.index(translate(spec.header_key, "vi"))
    assert [r[index] for r in body[: len(listed["items"])]] == [
        str(value(i)) for i in listed["items"]
    ]
    xlsx = c.get(f"{resource.path}/export.xlsx", params=case.params)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.parametrize("name", CASE_IDS)
def test_list_query_count_is_pinned(client_as: ClientAs, session: Session, name: str) -> None:
    case, resource = CASES[name], RESOURCES[name]
    c = client_as(case.list_role)
    auth = ("FROM api_token", "FROM user_account", "FROM user_scope", "UPDATE api_token")
    counts = []
    for limit in (5, 80):
        with count_queries(session) as statements:
            response = c.get(resource.path, params={"limit": limit, **case.params})
        assert response.status_code == 200
        assert len(response.json()["items"]) == min(limit, response.json()["total"])
        # What the token costs is the same on every request: left out of the count.
        counts.append(len([q for q in statements if not any(a in q for a in auth)]))
    assert counts[0] <= counts[1] == case.list_queries, counts
