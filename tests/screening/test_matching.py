"""Land matching: available land at and around the need, stage, the zone kind against the
sector, power, water and wastewater at and around the zone's capacity or not recorded, and
the API, the CLI and the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kcn.cli import app as cli_app
from kcn.kit.errors import ValidationFailed
from kcn.kit.permissions import system_actor
from kcn.screening import cli as screening_cli
from kcn.screening import service
from tests.zones.factories import park_payload

ACTOR = system_actor("test", "cli")
runner = CliRunner()
MILESTONES = [
    {"kind": "policy_approved", "reached_on": "2015-01-01"},
    {"kind": "infrastructure_started", "reached_on": "2016-01-01"},
]


@pytest.fixture
def parks(client: TestClient) -> Iterator[None]:
    """Two parks in 2026: 'MATCH-READY' with 34.75 ha available, 'MATCH-EARLY' (no
    infrastructure yet) with plenty of land."""
    land = [
        {
            "as_of": "2026-01-01",
            "industrial_leasable_ha": "100.00",
            "service_leasable_ha": "0",
            "industrial_leased_ha": "65.25",
            "service_leased_ha": "0",
        }
    ]
    for code, milestones in (("MATCH-READY", MILESTONES), ("MATCH-EARLY", MILESTONES[:1])):
        body = park_payload(code=code, land=land, milestones=milestones)
        assert client.post("/api/v1/zones", json=body).status_code == 201
    yield


def found(session: Session, ha: str, **kw: Any) -> tuple[list[str], dict[str, str]]:
    kw.setdefault("as_of", None)
    result = service.match_land(session, ACTOR, "en", Decimal(ha), **kw)
    left = {z.code: z.reason or "" for z in result.left_out}
    return [z.code for z in result.zones], left


def test_matching(parks: None, session: Session) -> None:
    hosts, left = found(session, "34.75", kind="industrial_park")
    assert "MATCH-READY" in hosts and "MATCH-EARLY" not in hosts
    assert "Not ready" in left["MATCH-EARLY"]
    hosts, left = found(session, "34.76", kind="industrial_park")
    assert "MATCH-READY" not in hosts
    assert left["MATCH-READY"] == "Only 34.75 ha available, 34.76 ha needed."

    # The zone kind against the sector, and the ranking.
    hosts, _ = found(session, "1", kind="industrial_park", sector="2610")
    assert "MATCH-READY" in hosts
    # Ranked: operating parks first, then by available land, descending.
    result = service.match_land(session, ACTOR, "en", Decimal(1), kind="industrial_park")
    operating = [z for z in result.zones if z.stage == "operating"]
    assert result.zones[: len(operating)] == operating
    rest = result.zones[len(operating) :]
    assert [z.available_ha for z in rest] == sorted((z.available_ha for z in rest), reverse=True)
    # Building construction (41) is not among the sectors the policy fits to a park.
    hosts, left = found(session, "1", kind="industrial_park", sector="4100")
    assert "MATCH-READY" not in hosts
    assert left["MATCH-READY"] == "Sector 4100 does not fit the zone kind: Industrial park."


def test_api_refuses_bad_input(anon: TestClient) -> None:
    ok = anon.get("/api/v1/screening/match", params={"ha": "5", "sector": "2610"})
    assert ok.status_code == 200 and ok.json()["zones"]
    for params, field in (
        ({"ha": "0"}, "ha"),
        ({"ha": "5", "sector": "0400"}, "sector"),
        ({"ha": "x"}, "ha"),
    ):
        bad = anon.get("/api/v1/screening/match", params=params)
        assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == field


FACTS = {"power_mva": "40", "water_m3_day": "5000", "wastewater_m3_day": "4000"}


def needs(session: Session, code: str, **need: str) -> tuple[bool, list[str], str | None]:
    """(hosted, the zone's infrastructure lines, why it was left out) for a 10 ha project."""
    values = {k: Decimal(v) for k, v in need.items()}
    result = service.match_land(
        session, ACTOR, "en", Decimal(10), kind="industrial_park", infrastructure=values
    )
    for hosted, zones in ((True, result.zones), (False, result.left_out)):
        for z in zones:
            if z.code == code:
                return hosted, [line.text for line in z.infrastructure], z.reason
    raise AssertionError(f"{code} not listed")


def test_infrastructure_at_and_around_each_capacity(
    parks: None, client: TestClient, session: Session
) -> None:
    # Recorded nothing: never left out for it, each line says so.
    hosted, lines, reason = needs(session, "MATCH-READY", **{k: "1" for k in FACTS})
    assert hosted and reason is None
    assert lines == [
        "Power: 1 MVA needed; the zone's capacity is not recorded (not left out).",
        "Water supply: 1 m³/day needed; the zone's capacity is not recorded (not left out).",
        "Wastewater treatment: 1 m³/day needed; the zone's capacity is not recorded "
        "(not left out).",
    ]
    body = {"zone": "MATCH-READY", "as_of": "2026-06-01", **FACTS, "demo_fields": []}
    assert client.post("/api/v1/zone-facts", json=body).status_code == 201
    units = {"power_mva": "MVA", "water_m3_day": "m³/day", "wastewater_m3_day": "m³/day"}
    for need, capacity in FACTS.items():
        at = Decimal(capacity)
        hosted, lines, reason = needs(session, "MATCH-READY", **{need: str(at)})
        assert hosted and reason is None and len(lines) == 1, (need, reason)
        assert f"the zone records {at:,} {units[need]}" in lines[0]
        hosted, _, reason = needs(session, "MATCH-READY", **{need: str(at - Decimal("0.01"))})
        assert hosted and reason is None
        hosted, _, reason = needs(session, "MATCH-READY", **{need: str(at + Decimal("0.01"))})
        assert not hosted and reason is not None
        assert f"{at + Decimal('0.01'):,} {units[need]} needed, the zone records only" in reason
    # Two short: both said; a need not given is not checked.
    hosted, lines, reason = needs(session, "MATCH-READY", power_mva="41", water_m3_day="5001")
    assert not hosted and reason is not None and "Power" in reason and "Water" in reason
    assert len(lines) == 2
    # The facts sheet in force on the date: before it, nothing recorded.
    early = service.match_land(
        session, ACTOR, "en", Decimal(10), kind="industrial_park",
        as_of=date(2026, 5, 31), infrastructure={"power_mva": Decimal(500)},
    )  # fmt: skip
    ready = next(z for z in early.zones if z.code == "MATCH-READY")
    assert ready.infrastructure[0].passed is None and ready.infrastructure[0].capacity is None
    # A negative need is a field error.
    with pytest.raises(ValidationFailed) as bad:
        needs(session, "MATCH-READY", water_m3_day="-1")
    assert [f.field for f in bad.value.fields] == ["water_m3_day"]


def test_infrastructure_through_api_cli_and_page(
    anon: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo parks record (demo) capacities; clusters record none."""
    params = {"ha": "1", "power_mva": "100000", "water_m3_day": "1"}
    body = anon.get("/api/v1/screening/match", params=params).json()
    assert body["infrastructure"] == {"power_mva": "100000", "water_m3_day": "1"}
    assert not [z for z in body["zones"] if z["kind"] == "industrial_park"]
    parks = [z for z in body["left_out"] if z["kind"] == "industrial_park"]
    short = [z for z in parks if "Điện: cần 100.000 MVA, khu chỉ ghi nhận" in z["reason"]]
    assert short and all(z["infrastructure"][0]["passed"] is False for z in short)
    assert all(z["infrastructure"][1]["passed"] is True for z in short)
    # Clusters record no capacity: their lines say so (they are left out for their land).
    clusters = [z for z in body["left_out"] if z["kind"] == "industrial_cluster"]
    assert clusters and all(
        [line["passed"] for line in z["infrastructure"]] == [None, None] for z in clusters
    )
    assert "chưa ghi nhận công suất" in clusters[0]["infrastructure"][0]["text"]
    bad = anon.get("/api/v1/screening/match", params={"ha": "1", "wastewater_m3_day": "-5"})
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"][0]["field"] == "wastewater_m3_day"

    @contextmanager
    def same_session() -> Iterator[Session]:
        yield session

    monkeypatch.setattr(screening_cli, "cli_session", same_session)
    monkeypatch.setattr(screening_cli, "cli_lang", lambda: "en")
    args = ["match", "--ha", "1", "--power-mva", "100000", "--wastewater-m3-day", "2", "--json"]
    run = runner.invoke(cli_app, args)
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout)
    assert result["infrastructure"] == {"power_mva": "100000", "wastewater_m3_day": "2"}
    assert result["left_out"] and not result["zones"]
    text = runner.invoke(cli_app, ["match", "--ha", "1", "--water-m3-day", "1"])
    assert text.exit_code == 0 and "Water supply: 1 m³/day needed" in text.stdout
    for option in ("--power-mva", "--water-m3-day", "--wastewater-m3-day"):
        refused = runner.invoke(cli_app, ["match", "--ha", "1", option, "lots"])
        assert refused.exit_code == 2 and option in refused.output
        assert refused.output.count("\n") == 1

    page = anon.get("/screening/match", params={"ha": "1", "power_mva": "100000", "lang": "en"})
    assert page.status_code == 200 and "MVA needed, the zone records only" in page.text
    page = anon.get("/screening/match", params={"ha": "1", "water_m3_day": "1", "lang": "en"})
    assert "<th>Infrastructure</th>" in page.text and "✓ Water supply: 1 m³/day" in page.text
    wrong = anon.get("/screening/match", params={"ha": "0", "water_m3_day": "x", "lang": "en"})
    assert wrong.status_code == 422
    assert 'aria-invalid="true"' in wrong.text and "Must be at least 0.01" in wrong.text
