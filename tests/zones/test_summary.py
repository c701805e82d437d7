"""The summary reproduces the province's published figures for 30 June 2024 exactly."""

from __future__ import annotations

import json
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kcn.zones.summary import summarize

H1 = date(2024, 6, 30)


def test_parks_match_the_published_pipeline(session: Session) -> None:
    parks = summarize(session, H1)["industrial_park"]
    assert parks["reached"]["policy_approved"] == {"count": 9, "area_ha": 2238}
    assert parks["stage"]["policy_dossier_submitted"]["count"] == 12
    approved_plan_pending = (
        parks["stage"]["construction_plan_approved"]["count"]
        + parks["stage"]["policy_dossier_submitted"]["count"]
    )
    assert approved_plan_pending == 14
    assert parks["stage"]["zoning_plan"]["count"] == 6
    assert parks["stage"]["planning_task"]["count"] == 1


def test_clusters_match_the_published_counts(session: Session) -> None:
    result = summarize(session, H1)
    clusters = result["industrial_cluster"]
    assert clusters["reached"]["established"] == {"count": 55, "area_ha": 2329}
    assert clusters["reached"]["operating"] == {"count": 35, "area_ha": 1245}
    assert clusters["established_in_year"].get("2024") == 1
    assert result["established_in_year"].get("2024") == 1


def test_park_occupancy_is_about_seventy_percent(session: Session) -> None:
    result = summarize(session, H1)
    assert 69.5 <= result["occupancy_pct"] < 70.5
    parks = result["industrial_park"]
    # A ratio of sums, not a mean of ratios.
    assert result["occupancy_pct"] == round(parks["leased_ha"] / parks["leasable_ha"] * 100, 2)


def test_stage_counts_are_exclusive_and_reached_cumulative(session: Session) -> None:
    for kind in ("industrial_park", "industrial_cluster"):
        part = summarize(session, H1)[kind]
        stages = list(part["stage"])
        assert sum(part["stage"][s]["count"] for s in stages) == part["total"]["count"]
        for i, name in enumerate(stages):
            assert part["reached"][name]["count"] == sum(
                part["stage"][s]["count"] for s in stages[i:]
            )


def test_as_of_goes_back_in_time(session: Session) -> None:
    before = summarize(session, date(2023, 12, 31))["industrial_cluster"]
    assert before["reached"]["established"]["count"] == 54
    assert summarize(session, date(1990, 1, 1))["industrial_park"]["total"]["count"] == 0


def test_api_and_cli_give_the_same_object(
    client: TestClient, session: Session, monkeypatch: object
) -> None:
    api = client.get("/api/v1/zones/summary", params={"as_of": "2024-06-30"}).json()
    assert api == json.loads(json.dumps(summarize(session, H1)))
    assert set(api) >= {"industrial_park", "industrial_cluster", "occupancy_pct"}
    for kind in ("industrial_park", "industrial_cluster"):
        assert set(api[kind]) >= {"total", "stage", "reached"}
        entry = api[kind]["total"]
        assert isinstance(entry["count"], int)
        assert isinstance(entry["area_ha"], int | float)


def test_available_land_is_leasable_less_leased(session: Session) -> None:
    parks = summarize(session, H1)["industrial_park"]
    assert parks["available_ha"] == round(parks["leasable_ha"] - parks["leased_ha"], 2)
    assert parks["available_ha"] > 0
