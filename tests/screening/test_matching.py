"""Land matching: available land at and around the need, stage, the zone kind against the
sector, the infrastructure hook, and the API and CLI."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kcn.kit.permissions import system_actor
from kcn.screening import matching, service
from tests.zones.factories import park_payload

ACTOR = system_actor("test", "cli")
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
    result = service.match_land(session, ACTOR, "en", Decimal(ha), as_of=None, **kw)
    left = {z.code: z.reason or "" for z in result.left_out}
    return [z.code for z in result.zones], left


def test_matching(parks: None, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
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

    # The infrastructure hook.
    def no_power(zone: Any, need: matching.Need) -> matching.Reason | None:
        return ("screening.match.no_land", {}) if zone.code == "MATCH-READY" else None

    monkeypatch.setattr(matching, "INFRASTRUCTURE_CHECKS", [no_power])
    hosts, left = found(session, "1", kind="industrial_park")
    assert "MATCH-READY" not in hosts and left["MATCH-READY"] == "No land figures recorded."


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
