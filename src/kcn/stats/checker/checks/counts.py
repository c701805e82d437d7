"""Counts within counts: subsets and the districts that grew."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from kcn.stats.checker.figure import Figure, Figures
from kcn.stats.checker.interval import ZERO, Interval
from kcn.stats.checker.registry import Check, Outcome

_CCN, _KCN, _IND = "industrial_clusters.", "industrial_parks.", "industry_statistics."
SUBSETS: tuple[tuple[str, str], ...] = (
    (_CCN + "with_infrastructure_operating.count", _CCN + "established_total.count"),
    (_CCN + "with_infrastructure_operating.area_ha", _CCN + "established_total.area_ha"),
    (_CCN + "established_this_year.count", _CCN + "established_total.count"),
    (
        _KCN + "policy_dossiers_pending_at_ministry.count",
        _KCN + "construction_plans_approved_2022_2025.count",
    ),
    (_IND + "districts_with_growth.count", _IND + "districts_with_growth.of"),
)


class Subsets(Check):
    name = "subsets"
    description = "The count or area of a subset does not exceed its superset's (SUBSETS)."
    formulas: ClassVar[dict[str, str]] = {"subset_exceeds_superset": "subset ≤ superset"}

    def evaluate(self, figures: Figures) -> Outcome:
        outcome = Outcome()
        for sub_key, super_key in SUBSETS:
            sub, sup = figures.get(sub_key), figures.get(super_key)
            if sub is None or sup is None or sup.interval.high is None:
                continue
            outcome.tested += 1
            if sub.interval.low > sup.interval.high:
                found = self.finding(
                    "subset_exceeds_superset", (sub, sup), sub.interval, sup.interval
                )
                outcome.findings.append(found)
        return outcome


class DistrictsGrowth(Check):
    name = "districts_growth"
    description = "Named districts' growths agree with how many of the districts grew."
    formulas: ClassVar[dict[str, str]] = {
        "district_did_not_grow": "#(named districts with growth ≤ 0) ≤ of − count",
        "too_many_districts_grew": "#(named districts with growth > 0) ≤ count",
    }

    def evaluate(self, figures: Figures) -> Outcome:
        outcome = Outcome()
        named_by_base = _named_districts(figures)
        for match, grew in figures.matching(r"(?P<base>.+)\.districts_with_growth\.count"):
            of = figures.get(f"{match['base']}.districts_with_growth.of")
            named = named_by_base.get(match["base"], [])
            if of is None or of.interval.high is None or grew.interval.high is None:
                continue
            outcome.tested += 1
            not_grown = [f for f in named if f.interval.high is not None and f.interval.high <= 0]
            count = Interval.point(Decimal(len(not_grown)))
            allowed = Interval(ZERO, max(ZERO, of.interval.high - grew.interval.low))
            if not count.meets(allowed):
                involved = (*not_grown, grew, of)
                found = self.finding("district_did_not_grow", involved, count, allowed)
                outcome.findings.append(found)
            count = Interval.point(Decimal(sum(1 for f in named if f.interval.low > 0)))
            allowed = Interval(ZERO, grew.interval.high)
            if not count.meets(allowed):
                found = self.finding("too_many_districts_grew", (*named, grew), count, allowed)
                outcome.findings.append(found)
        return outcome


NAMED = ".production_growth_by_district_pct."


def _named_districts(figures: Figures) -> dict[str, list[Figure]]:
    """``<base>.production_growth_by_district_pct.<district>`` figures by base, in file order
    (one pass over the keys)."""
    found: dict[str, list[Figure]] = {}
    for key, figure in figures.items():
        at = key.find(NAMED)
        while at >= 0:
            name = key[at + len(NAMED) :]
            if at > 0 and name and "\n" not in name:
                found.setdefault(key[:at], []).append(figure)
            at = key.find(NAMED, at + 1)
    return found
