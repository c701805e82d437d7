"""Each zone metric against a small registry built by hand (the demo zones removed inside the
test's transaction), with the expected values worked out in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from sqlalchemy import Table, delete, update
from sqlalchemy.orm import Session

from kcn.db import Base
from kcn.kit import metrics
from kcn.kit.errors import ValidationFailed
from kcn.models import Milestone, Zone, ZoneLand
from kcn.zones.summary import summarize

END_2023, MID_2024 = date(2023, 12, 31), date(2024, 6, 30)
PARK, CLUSTER = "industrial_park", "industrial_cluster"


Land = list[tuple[str, str, str, str, str]]


def _zone(
    session: Session,
    code: str,
    kind: str,
    area: str,
    steps: dict[str, str],
    land: Land | None = None,
) -> None:
    zone = Zone(code=code, kind=kind, name=code, name_folded=code, planned_area_ha=D(area))
    zone.milestones = [
        Milestone(kind=k, reached_on=date.fromisoformat(d)) for k, d in steps.items()
    ]
    zone.land = [
        ZoneLand(as_of=date.fromisoformat(day), industrial_leasable_ha=D(il),
                 service_leasable_ha=D(sl), industrial_leased_ha=D(id_), service_leased_ha=D(sd))
        for day, il, sl, id_, sd in land or []
    ]  # fmt: skip
    session.add(zone)


def _depending_on(target: Table) -> list[Table]:
    """``target`` and every table whose rows point at it, directly or not, children first."""
    found = {target}
    for table in Base.metadata.sorted_tables:  # parents before children
        if any(
            fk.column.table in found for fk in table.foreign_keys if fk.column.table is not table
        ):
            found.add(table)
    return [t for t in reversed(Base.metadata.sorted_tables) if t in found]


@pytest.fixture
def registry(session: Session) -> Session:
    """Two parks and two clusters (the demo registry is removed, then rolled back)."""
    session.execute(update(Zone).values(parent_id=None))
    for table in _depending_on(Zone.__table__):
        session.execute(delete(table))
    # Park A, 100 ha: approved in 2022; land on 2022-12-31 (40 of 80 leased), then 60 of 80.
    steps = {"planning_task": "2020-01-01", "zoning_plan": "2021-01-01",
             "policy_approved": "2022-05-01"}  # fmt: skip
    land = [("2022-12-31", "60", "20", "30", "10"), ("2023-06-30", "60", "20", "50", "10")]
    _zone(session, "A", PARK, "100", steps, land)
    # Park B, 50.5 ha: dossier submitted in 2023; 9 of 10 ha leased.
    _zone(session, "B", PARK, "50.5",
          {"planning_task": "2021-03-01", "policy_dossier_submitted": "2023-02-01"},
          [("2023-01-01", "10", "0", "9", "0")])  # fmt: skip
    # Cluster C, 40 ha: established 2023-07-01, operating 2024-01-10; 3 of 30 ha leased in 2024.
    _zone(session, "C", CLUSTER, "40", {"planned": "2019-01-01", "established": "2023-07-01",
          "operating": "2024-01-10"}, [("2024-01-01", "30", "0", "3", "0")])  # fmt: skip
    # Cluster D, 20 ha: established 2024-03-01.
    _zone(session, "D", CLUSTER, "20", {"established": "2024-03-01"})
    session.flush()
    return session


def value(session: Session, name: str, **params: Any) -> D | None:
    return metrics.compute(session, name, **params).value


def test_counts_and_areas_by_stage_and_reached(registry: Session) -> None:
    s, day = registry, END_2023
    # On 2023-12-31: A is at policy_approved, B at policy_dossier_submitted, C established.
    assert value(s, "zones.count", kind=PARK, as_of=day) == 2
    assert value(s, "zones.area_ha", kind=PARK, as_of=day) == D("150.5")
    assert value(s, "zones.count", kind=PARK, reached="policy_approved", as_of=day) == 1
    assert value(s, "zones.area_ha", kind=PARK, reached="policy_approved", as_of=day) == 100
    # Reached is cumulative: B reached its dossier stage, A went beyond it.
    assert value(s, "zones.count", kind=PARK, reached="policy_dossier_submitted", as_of=day) == 2
    # Stage is exclusive: only B is there now; nobody is at zoning_plan any more.
    assert value(s, "zones.count", kind=PARK, stage="policy_dossier_submitted", as_of=day) == 1
    assert value(s, "zones.count", kind=PARK, stage="zoning_plan", as_of=day) == 0
    # Both kinds: 2 parks + cluster C (D is not established yet).
    assert value(s, "zones.count", as_of=day) == 3
    assert value(s, "zones.count", kind=CLUSTER, reached="established", as_of=MID_2024) == 2
    assert value(s, "zones.area_ha", kind=CLUSTER, reached="operating", as_of=MID_2024) == 40


def test_established_per_year(registry: Session) -> None:
    s = registry
    assert value(s, "zones.established", kind=PARK, year=2022, as_of=MID_2024) == 1
    assert value(s, "zones.established", kind=CLUSTER, year=2023, as_of=MID_2024) == 1
    # The year defaults to the year of as_of: D in 2024, but not before its date.
    assert value(s, "zones.established", kind=CLUSTER, as_of=MID_2024) == 1
    assert value(s, "zones.established", kind=CLUSTER, as_of=date(2024, 2, 1)) == 0
    assert value(s, "zones.established", year=2023, as_of=MID_2024) == 1  # both kinds


def test_land_occupancy_is_a_ratio_of_sums(registry: Session) -> None:
    s, day = registry, END_2023
    # Latest rows on 2023-12-31: A 60 of 80, B 9 of 10 → Σ 69 of 90 = 76.666… → 76.67 %
    # (a mean of the ratios would be (75 + 90) / 2 = 82.5 %).
    assert value(s, "zones.leased_ha", kind=PARK, as_of=day) == 69
    assert value(s, "zones.leasable_ha", kind=PARK, as_of=day) == 90
    assert value(s, "zones.available_ha", kind=PARK, as_of=day) == 21
    assert value(s, "zones.occupancy_pct", kind=PARK, as_of=day) == D("76.67")
    # Earlier, A's first row counts: 40 of 80 and B's 9 of 10 on 2023-01-01 → 49 / 90.
    assert value(s, "zones.leased_ha", kind=PARK, as_of=date(2023, 1, 1)) == 49
    # Nothing leasable: no occupancy.
    assert value(s, "zones.occupancy_pct", kind=CLUSTER, as_of=day) is None
    assert value(s, "zones.occupancy_pct", kind=CLUSTER, as_of=MID_2024) == 10


def test_bad_parameters_are_refused(registry: Session) -> None:
    with pytest.raises(ValidationFailed):
        metrics.compute(registry, "zones.count", kind="factory")
    with pytest.raises(ValidationFailed):
        metrics.compute(registry, "zones.count", stage="operating", reached="operating")
    with pytest.raises(ValidationFailed):
        metrics.compute(registry, "zones.count", colour="red")


def test_the_summary_is_the_registry(registry: Session) -> None:
    summary = summarize(registry, END_2023)
    parks = summary[PARK]
    assert parks["reached"]["policy_approved"] == {"count": 1, "area_ha": 100}
    assert parks["stage"]["policy_dossier_submitted"]["count"] == 1
    assert parks["occupancy_pct"] == 76.67
    assert summary["established_in_year"] == {"2022": 1, "2023": 1}
    for name in ("planning_task", "zoning_plan", "policy_approved", "operating"):
        for how in ("stage", "reached"):
            params = {"kind": PARK, how: name, "as_of": END_2023}
            assert parks[how][name]["count"] == value(registry, "zones.count", **params)
            assert parks[how][name]["area_ha"] == value(registry, "zones.area_ha", **params)
