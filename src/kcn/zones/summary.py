"""The registry summary: counts and areas by stage and by milestone reached, occupancy, and
zones established per year, as the registry stood on a date.

``stage`` counts each zone once, at its current stage (exclusive); ``reached`` counts a zone
under every milestone up to its stage (cumulative). Occupancy is a ratio of sums over the
latest land figures on or before the date, never a mean of ratios.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.models import Milestone, Zone, ZoneLand
from kcn.zones import pipeline
from kcn.zones.filters import stage_index_subquery
from kcn.zones.service import occupancy_pct


def _number(value: Decimal) -> int | float:
    """A JSON number: an int when whole, else the shortest float of the decimal."""
    return int(value) if value == value.to_integral_value() else float(str(value))


def _entry(count: int, area: Decimal) -> dict[str, Any]:
    return {"count": count, "area_ha": _number(area)}


def _land_totals(session: Session, as_of: date) -> dict[str, tuple[Decimal, Decimal]]:
    """Per kind: (Σ leased, Σ leasable) over each zone's latest land row on or before as_of."""
    latest = (
        select(ZoneLand.zone_id, func.max(ZoneLand.as_of).label("as_of"))
        .where(ZoneLand.as_of <= as_of)
        .group_by(ZoneLand.zone_id)
        .subquery()
    )
    stmt = (
        select(
            Zone.kind,
            func.sum(ZoneLand.industrial_leased_ha + ZoneLand.service_leased_ha),
            func.sum(ZoneLand.industrial_leasable_ha + ZoneLand.service_leasable_ha),
        )
        .join(latest, (latest.c.zone_id == ZoneLand.zone_id) & (latest.c.as_of == ZoneLand.as_of))
        .join(Zone, Zone.id == ZoneLand.zone_id)
        .group_by(Zone.kind)
    )
    return {
        kind: (Decimal(leased or 0), Decimal(leasable or 0))
        for kind, leased, leasable in session.execute(stmt)
    }


def _established_by_year(session: Session, as_of: date) -> dict[str, Counter[int]]:
    stmt = (
        select(Zone.kind, Milestone.kind, Milestone.reached_on)
        .join(Zone, Zone.id == Milestone.zone_id)
        .where(Milestone.reached_on.is_not(None), Milestone.reached_on <= as_of)
        .where(Milestone.kind.in_(set(pipeline.ESTABLISHING.values())))
    )
    years: dict[str, Counter[int]] = {kind: Counter() for kind in pipeline.KINDS}
    for zone_kind, milestone, reached_on in session.execute(stmt):
        if pipeline.ESTABLISHING[zone_kind] == milestone and reached_on is not None:
            years[zone_kind][reached_on.year] += 1
    return years


def summarize(session: Session, as_of: date | None = None) -> dict[str, Any]:
    """The summary object of ``kcn zones summary --json`` and ``GET /api/v1/zones/summary``."""
    as_of = as_of or date.today()
    stage = stage_index_subquery(as_of)
    rows = session.execute(
        select(
            Zone.kind,
            stage.c.stage_index,
            func.count(Zone.id),
            func.coalesce(func.sum(Zone.planned_area_ha), 0),
        )
        .join(stage, stage.c.zone_id == Zone.id)
        .group_by(Zone.kind, stage.c.stage_index)
    )
    by_stage: dict[tuple[str, int], tuple[int, Decimal]] = {
        (kind, int(index)): (count, Decimal(area)) for kind, index, count, area in rows
    }
    land = _land_totals(session, as_of)
    years = _established_by_year(session, as_of)
    result: dict[str, Any] = {"as_of": as_of.isoformat()}
    for kind in pipeline.KINDS:
        names = pipeline.MILESTONES[kind]
        counts = [by_stage.get((kind, i), (0, Decimal(0))) for i in range(len(names))]
        leased, leasable = land.get(kind, (Decimal(0), Decimal(0)))
        pct = occupancy_pct(leased, leasable)
        result[kind] = {
            "total": _entry(sum(c for c, _ in counts), sum((a for _, a in counts), Decimal(0))),
            "stage": {name: _entry(*counts[i]) for i, name in enumerate(names)},
            "reached": {
                name: _entry(
                    sum(c for c, _ in counts[i:]), sum((a for _, a in counts[i:]), Decimal(0))
                )
                for i, name in enumerate(names)
            },
            "leasable_ha": _number(leasable),
            "leased_ha": _number(leased),
            "available_ha": _number(leasable - leased),
            "occupancy_pct": None if pct is None else _number(pct),
            "established_in_year": {str(y): n for y, n in sorted(years[kind].items())},
        }
    result["occupancy_pct"] = result[pipeline.PARK]["occupancy_pct"]
    combined = years[pipeline.PARK] + years[pipeline.CLUSTER]
    result["established_in_year"] = {str(y): n for y, n in sorted(combined.items())}
    return result
