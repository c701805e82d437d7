"""``kcn leads list|show|funnel``: the same filters, order and figures as the API, as text or
JSON; a bad filter exits 2 with one line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from kcn.cli import app as cli_app
from kcn.screening import cli as screening_cli

runner = CliRunner()
ClientAs = Callable[[str | None], TestClient]
Kcn = Callable[..., Result]


@pytest.fixture
def kcn(session: Session, monkeypatch: pytest.MonkeyPatch) -> Kcn:
    @contextmanager
    def same_session() -> Iterator[Session]:
        yield session

    monkeypatch.setattr(screening_cli, "cli_session", same_session)
    monkeypatch.setattr(screening_cli, "cli_lang", lambda: "en")

    def invoke(*args: str) -> Result:
        return runner.invoke(cli_app, ["leads", *args])

    return invoke


def test_list_show_and_funnel_match_the_api(kcn: Kcn, client_as: ClientAs) -> None:
    api = client_as("investment")
    every = api.get("/api/v1/leads", params={"limit": 200}).json()["items"]
    result = kcn("list", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    # Same leads, same order (the best score first).
    assert [x["id"] for x in listed] == [x["id"] for x in every] and len(listed) >= 8
    scores = [x["score"] for x in listed if x["score"] is not None]
    assert scores == sorted(scores, reverse=True)

    # Overdue on a date: open leads whose next action was due before it, as the API says.
    overdue = kcn("list", "--overdue", "--as-of", "2026-11-21", "--json")
    ids = [x["id"] for x in json.loads(overdue.stdout)]
    expected = api.get("/api/v1/leads", params={"overdue_on": "2026-11-21", "limit": 200})
    assert ids == [x["id"] for x in expected.json()["items"]] and ids
    assert all(x["overdue"] for x in json.loads(overdue.stdout))
    earlier = kcn("list", "--overdue", "--as-of", "2026-10-01", "--json")
    on_time = json.loads(earlier.stdout)
    assert len(on_time) < len(ids)

    # Stage and owner.
    lost = json.loads(kcn("list", "--stage", "lost", "--json").stdout)
    assert lost and {x["stage"] for x in lost} == {"lost"}
    nobody = kcn("list", "--owner", "nobody-here", "--json")
    assert nobody.exit_code == 0 and json.loads(nobody.stdout) == []
    mine = json.loads(kcn("list", "--owner", "investment", "--json").stdout)
    assert mine and {x["owner"] for x in mine} == {"investment"}

    # The text list: one line per lead, overdue marked.
    text = kcn("list", "--overdue", "--as-of", "2026-11-21")
    lines = text.stdout.splitlines()
    assert text.exit_code == 0 and len(lines) == len(ids)
    assert all(line.endswith("overdue") for line in lines)

    # One lead, as the API shows it.
    first = ids[0]
    shown = json.loads(kcn("show", str(first), "--json").stdout)
    api_lead = api.get(f"/api/v1/leads/{first}").json()
    assert shown["investor"] == api_lead["investor"]
    assert shown["activities"] == api_lead["activities"]
    page = kcn("show", str(first)).stdout
    assert api_lead["investor"] in page and "Stage:" in page

    # The funnel: the registry's figures the API gives.
    funnel = kcn("funnel", "--json")
    assert funnel.exit_code == 0
    assert (
        json.loads(funnel.stdout) == api.get("/api/v1/leads/funnel", params={"lang": "en"}).json()
    )
    by_country = kcn("funnel", "--country", "KOR", "--json")
    assert json.loads(by_country.stdout)["country"] == "KR"
    assert "Conversion" in kcn("funnel").stdout


BAD = [
    (("list", "--stage", "won"), "--stage"),
    (("list", "--sort", "colour"), "sort"),
    (("list", "--as-of", "2026-13-01"), "2026-13-01"),
    (("list", "--country", "XX"), "--country"),
    (("list", "--sector", "ab"), "--sector"),
    (("show", "999999"), "999999"),
    (("funnel", "--country", "ZZZ"), "--country"),
]


def test_bad_filter_exits_2_with_one_line(kcn: Kcn) -> None:
    for args, says in BAD:
        result = kcn(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.count("\n") == 1 and says in result.output, result.output
