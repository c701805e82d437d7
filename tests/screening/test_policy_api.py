"""The screening policy through the API: a change by the investment staff makes a new,
audited version; evaluations name their version and stay the same when evaluated again with
it; bad proposals get field errors, never a verdict. And ``kcn screen``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kcn.cli import app
from kcn.config import get_settings
from kcn.models import AuditRecord

ClientAs = Callable[[str | None], TestClient]
PROPOSAL: dict[str, Any] = {
    "investor": "Công ty TNHH Thử Nghiệm",
    "countries": ["JP"],
    "sector": "2599",
    "capital_usd": "6000000",
    "land_ha": "10",
    "workers": 1000,
    "zone_kind": "industrial_park",
    "date": "2024-06-30",
}


def test_a_change_makes_a_new_version_and_old_verdicts_stay(
    client_as: ClientAs, session: Session
) -> None:
    staff = client_as("investment")
    first = staff.post("/api/v1/screening/evaluate", json=PROPOSAL)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["verdict"] == "eligible" and body["score"] == 65
    old = body["policy_version"]
    rule = staff.get(
        "/api/v1/screening/rules", params={"kind": "min_investment_rate", "limit": 50}
    ).json()
    park = next(r for r in rule["items"] if r["code"] == "min_rate_park")
    changed = staff.patch(f"/api/v1/screening/rules/{park['id']}", json={"threshold": "0.80"})
    assert changed.status_code == 200, changed.text
    versions = staff.get("/api/v1/screening/policy/versions").json()
    assert versions[0]["number"] == old + 1 and versions[0]["actor_name"] == "Test investment"
    stored = next(r for r in versions[0]["rules"] if r["code"] == "min_rate_park")
    assert stored["threshold"] == "0.80"
    audit = session.scalars(
        select(AuditRecord).where(AuditRecord.object_type == "screening_rule")
    ).all()
    assert audit[-1].after == {"threshold": "0.80", "version": park["version"] + 1}
    now = staff.post("/api/v1/screening/evaluate", json=PROPOSAL).json()
    assert now["verdict"] == "not_eligible" and now["policy_version"] == old + 1
    again = staff.post("/api/v1/screening/evaluate", json={**PROPOSAL, "policy_version": old})
    assert again.json() == body


def test_only_investment_staff_and_admins_change_the_policy(client_as: ClientAs) -> None:
    rules = client_as("admin").get("/api/v1/screening/rules", params={"limit": 1}).json()
    url = f"/api/v1/screening/rules/{rules['items'][0]['id']}"
    for role, status in (("zone_board", 403), ("viewer", 403), (None, 401)):
        assert client_as(role).patch(url, json={"weight": 1}).status_code == status
    assert client_as("enterprise").get("/api/v1/screening/policy/versions").status_code == 403


def test_rule_fields_are_checked_together(client: TestClient) -> None:
    response = client.post(
        "/api/v1/screening/rules",
        json={
            "code": "bad",
            "kind": "restricted_sectors",
            "effect": "required",
            "title_vi": "x",
            "title_en": "x",
            "codes": ["2599", "0400"],
            "source": "test",
        },
    )
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["codes.1"]
    no_threshold = client.post(
        "/api/v1/screening/rules",
        json={
            "code": "bad2",
            "kind": "max_workers_per_ha",
            "effect": "condition",
            "title_vi": "x",
            "title_en": "x",
            "source": "test",
        },
    )
    assert no_threshold.json()["error"]["fields"][0]["field"] == "threshold"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sector": "0400"}, "sector"),
        ({"land_ha": "0"}, "land_ha"),
        ({"countries": ["XX"]}, "countries"),
        ({"capital_usd": "-1"}, "capital_usd"),
        ({"zone": "NO-SUCH-ZONE"}, "zone"),
        ({"policy_version": 999}, "policy_version"),
    ],
)
def test_bad_proposals_get_field_errors(
    anon: TestClient, change: dict[str, Any], field: str
) -> None:
    response = anon.post("/api/v1/screening/evaluate", json={**PROPOSAL, **change})
    assert response.status_code == 422, response.text
    assert [f["field"] for f in response.json()["error"]["fields"]] == [field]
    assert "verdict" not in response.text


def test_english_lines(client_as: ClientAs) -> None:
    body = client_as(None).post("/api/v1/screening/evaluate?lang=en", json=PROPOSAL).json()
    assert body["verdict_label"] == "Eligible"
    rate = next(x for x in body["lines"] if x["code"] == "min_rate_park")
    assert rate["value"] in ("0.6", "0.60") and rate["passed"] is True and rate["source"]


runner = CliRunner()


@pytest.fixture
def cli_env(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KCN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KCN_DEFAULT_LANGUAGE", "en")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_cli_screens_one_or_a_list(cli_env: None, tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    one.write_text(json.dumps(PROPOSAL), "utf-8")
    result = runner.invoke(app, ["screen", str(one), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "eligible"
    many = tmp_path / "many.yaml"
    many.write_text(json.dumps([PROPOSAL, {**PROPOSAL, "sector": "1313"}]), "utf-8")
    both = json.loads(runner.invoke(app, ["screen", str(many), "--json"]).stdout)
    assert [r["verdict"] for r in both] == ["eligible", "not_eligible"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("investor: X\ncountries: [JP]\nsector: '0400'\ncapital_usd: 1\nland_ha: 0\n")
    refused = runner.invoke(app, ["screen", str(bad)])
    assert refused.exit_code == 2
    assert "sector" in refused.output and "land_ha" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
