"""The registry summary: counts and areas by stage and by milestone reached, occupancy, and
zones established per year, as the registry stood on a date.

Every number is a metric of :mod:`kcn.zones.metrics`, read through the registry
(:mod:`kcn.kit.metrics`); this module only arranges them. ``stage`` counts each zone once, at
its current stage (exclusive); ``reached`` counts a zone under every milestone up to its stage
(cumulative). Occupancy is a ratio of sums, never a mean of ratios.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.zones import pipeline
from kcn.zones.metrics import established_by_year


def _number(value: Decimal | None) -> int | float | None:
    """A JSON number: an int when whole, else the shortest float of the decimal."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(str(value))


def summarize(session: Session, as_of: date | None = None) -> dict[str, Any]:
    """The summary object of ``kcn zones summary --json`` and ``GET /api/v1/zones/summary``:
    public figures, kept in the metrics' cache under the data version (a copy is returned)."""
    as_of = as_of or date.today()
    context = metrics.Context(session)
    made: dict[str, Any] = context.cached(
        ("zones.summary", as_of), lambda: _summary(context, as_of)
    )
    return copy.deepcopy(made)


def _summary(context: metrics.Context, as_of: date) -> dict[str, Any]:

    def value(name: str, **params: Any) -> int | float | None:
        return _number(metrics.compute_in(context, name, {"as_of": as_of, **params}).value)

    def entry(**params: Any) -> dict[str, Any]:
        count, area = value("zones.count", **params), value("zones.area_ha", **params)
        return {"count": count, "area_ha": area}

    years = established_by_year(context, as_of)
    result: dict[str, Any] = {"as_of": as_of.isoformat()}
    for kind in pipeline.KINDS:
        names = pipeline.MILESTONES[kind]
        result[kind] = {
            "total": entry(kind=kind),
            "stage": {name: entry(kind=kind, stage=name) for name in names},
            "reached": {name: entry(kind=kind, reached=name) for name in names},
            "leasable_ha": value("zones.leasable_ha", kind=kind),
            "leased_ha": value("zones.leased_ha", kind=kind),
            "available_ha": value("zones.available_ha", kind=kind),
            "occupancy_pct": value("zones.occupancy_pct", kind=kind),
            "established_in_year": {
                str(y): value("zones.established", kind=kind, year=y) for y in sorted(years[kind])
            },
        }
    result["occupancy_pct"] = result[pipeline.PARK]["occupancy_pct"]
    all_years = sorted(set(years[pipeline.PARK]) | set(years[pipeline.CLUSTER]))
    result["established_in_year"] = {str(y): value("zones.established", year=y) for y in all_years}
    return result
