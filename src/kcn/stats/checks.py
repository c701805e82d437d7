"""The checks of published figures, one small class each, in the registry ``CHECKS``.

Every figure stands for the interval its text allows (:mod:`kcn.figures.intervals`): rounding
to the digits written, widened for "about", open above for "more than", just below for
"nearly"; an estimate is held to its rounding only. A check computes, with interval arithmetic,
what some figures allow for another and reports a :class:`Finding` when the two intervals do
not meet, with the gap between them. Adding a check means adding one class here (decorated
with :func:`register`) and its test.

Parts and totals: ``<base>.total.<field>`` is the total of ``<base>.by_<dimension>.<part>.<field>``
(``field`` is ``value``, ``count`` or ``area_ha``). A part published for several categories
together is keyed by their codes joined with ``+`` (``D+E``: electricity with water) and counts
as one part covering both; parts published inside it (``D`` beside ``D+E``) are its own parts.
The parts are complete when they cover the dimension's known categories (``UNIVERSES``: VSIC
sections B–E for industry) exactly once; otherwise they need only not exceed the total.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, TypeVar

from kcn.stats.checker import (
    ZERO,
    Check,
    Derived,
    Figure,
    Figures,
    Interval,
    Outcome,
    Skipped,
    over_corners,
    total,
)
from kcn.stats.formulas import (
    contribution_from_share,
    growth_from_parts,
    implied_plan,
    implied_previous,
    implied_share,
    plan_share,
)

CHECKS: list[Check] = []
C = TypeVar("C", bound=type[Check])


def register(cls: C) -> C:
    CHECKS.append(cls())
    return cls


def sibling(key: str, name: str) -> str:
    """``a.b.value`` → ``a.b.<name>``."""
    return key.rsplit(".", 1)[0] + "." + name


# --- parts and totals -------------------------------------------------------------------

UNIVERSES: dict[str, frozenset[str]] = {"by_vsic_section": frozenset("BCDE")}
MERGE = "+"


@dataclass(frozen=True)
class PartSum:
    """``whole`` is the sum of ``parts`` (figure keys); ``missing`` the categories no part
    covers (None when the dimension's categories are unknown)."""

    whole: str
    parts: tuple[str, ...]
    prefix: str
    missing: tuple[str, ...] | None
    overlapping: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.missing == () and not self.overlapping


def _arrange(
    whole: str, prefix: str, universe: frozenset[str] | None, parts: list[tuple[str, str]]
) -> Iterator[PartSum]:
    def cover(name: str) -> frozenset[str]:
        return frozenset(code.strip() for code in name.split(MERGE))

    tops: list[tuple[str, str]] = []
    inside: dict[str, list[tuple[str, str]]] = {}
    overlapping: list[str] = []
    for name, key in sorted(parts, key=lambda part: -len(cover(part[0]))):
        container = next((t for t in tops if cover(name) <= cover(t[0])), None)
        if container is not None:
            inside.setdefault(container[0], []).append((name, key))
        elif any(cover(name) & cover(t[0]) for t in tops):
            overlapping.append(key)
        else:
            tops.append((name, key))
    covered = frozenset().union(*(cover(name) for name, _ in tops))
    missing = None if universe is None else tuple(sorted(universe - covered))
    if universe is not None and not covered <= universe:
        missing = None  # parts outside the known categories: completeness unknown
    order = [key for _, key in parts]
    ordered = tuple(sorted((key for _, key in tops), key=order.index))
    yield PartSum(whole, ordered, prefix, missing, tuple(overlapping))
    for name, key in tops:
        if name in inside:
            yield from _arrange(key, f"{prefix}.{name}", cover(name), inside[name])


def part_sums(figures: Figures) -> list[PartSum]:
    """Every total with its parts, by dimension, merged parts resolved."""
    sums: list[PartSum] = []
    for match, whole in figures.matching(r"(?P<base>.+)\.total\.(?P<field>value|count|area_ha)"):
        base, name = re.escape(match["base"]), match["field"]
        by_dimension: dict[str, list[tuple[str, str]]] = {}
        for part, figure in figures.matching(rf"{base}\.(?P<dim>by_\w+)\.(?P<part>[^.]+)\.{name}"):
            by_dimension.setdefault(part["dim"], []).append((part["part"], figure.key))
        for dim, parts in by_dimension.items():
            prefix = f"{match['base']}.{dim}"
            sums.extend(_arrange(whole.key, prefix, UNIVERSES.get(dim), parts))
    return sums


@register
class PartsAddUp(Check):
    name = "parts_add_up"
    description = "Parts add up to their total within rounding; known parts never exceed it."
    formulas: ClassVar[dict[str, str]] = {
        "parts_differ": "Σ parts = total",
        "parts_exceed": "Σ known parts ≤ total",
        "remainder": "total − Σ known parts",
    }

    def evaluate(self, figures: Figures) -> Outcome:
        outcome = Outcome()
        for part_sum in part_sums(figures):
            whole = figures[part_sum.whole]
            parts = [figures[key] for key in part_sum.parts]
            summed = total(part.interval.at_least(ZERO) for part in parts)
            involved, allowed = (*parts, whole), whole.interval
            if part_sum.overlapping:
                outcome.skipped.append(Skipped(self.name, "overlapping", part_sum.overlapping))
            if part_sum.complete:
                if not summed.meets(allowed):
                    outcome.findings.append(self.finding("parts_differ", involved, summed, allowed))
            elif allowed.high is not None and summed.low > allowed.high:
                outcome.findings.append(self.finding("parts_exceed", involved, summed, allowed))
            elif part_sum.missing and allowed.high is not None:
                outcome.derived.append(self._remainder(part_sum, whole, parts, summed))
        return outcome

    def _remainder(
        self, part_sum: PartSum, whole: Figure, parts: list[Figure], summed: Interval
    ) -> Derived:
        """What the parts not published add up to: the total less the known parts."""
        field_name = part_sum.whole.rsplit(".", 1)[1]
        key = f"{part_sum.prefix}.{MERGE.join(part_sum.missing or ())}.{field_name}"
        value = whole.value - sum((part.value for part in parts), ZERO)
        high = whole.interval.high
        low = ZERO if summed.high is None else max(ZERO, whole.interval.low - summed.high)
        interval = Interval(low, None if high is None else high - summed.low)
        sources = tuple(figure.key for figure in (*parts, whole))
        return Derived(
            self.name, key, "remainder", self.formulas["remainder"], value, interval, sources
        )


def _high(interval: Interval) -> Decimal:
    if interval.high is None:
        raise ValueError("unbounded interval")
    return interval.high


def growth_range(parts: list[tuple[Interval, Interval]]) -> Interval:
    """The range of the total's growth ``(Σ cur_i / Σ prev_i − 1) × 100``, with
    ``prev_i = cur_i / (1 + g_i / 100)``, over the parts' intervals of ``(cur_i, g_i)``.

    The total grows faster as any ``g_i`` grows, so its maximum takes every ``g_i`` high. With
    ``p_i = 1 / (1 + g_i / 100)`` fixed, ``Σ cur_i / Σ p_i cur_i`` is linear-fractional in the
    ``cur_i``: at its maximum ``R``, ``cur_i`` is high exactly where ``p_i < 1 / R``. So the
    maximum is the best of the n + 1 corners "the k fastest-growing parts high, the others
    low"; the minimum likewise, with every ``g_i`` low and the slowest-growing parts high.
    """
    ends: list[Decimal] = []
    for maximise in (False, True):
        factors = [
            (cur, 1 / (1 + (_high(growth) if maximise else growth.low) / 100))
            for cur, growth in parts
        ]
        factors.sort(key=lambda item: item[1], reverse=not maximise)
        ratios: list[Decimal] = []
        for k in range(len(factors) + 1):
            values = [(_high(c) if i < k else c.low, p) for i, (c, p) in enumerate(factors)]
            previous = sum((value * p for value, p in values), ZERO)
            if previous > 0:
                ratios.append(sum((value for value, _ in values), ZERO) / previous)
        if not ratios:
            raise ValueError("no part has a value above zero")
        ends.append(((max(ratios) if maximise else min(ratios)) - 1) * 100)
    return Interval(ends[0], ends[1])


@register
class TotalGrowthFromParts(Check):
    name = "total_growth_from_parts"
    description = "The total's growth must be reachable from its parts' values and growths."
    formulas: ClassVar[dict[str, str]] = {
        "implied_previous": "value / (1 + growth_pct / 100)",
        "previous_from_parts": "Σ cur_i / (1 + g_i / 100)",
        "growth_from_parts": "(Σ cur_i / Σ (cur_i / (1 + g_i / 100)) − 1) × 100",
        "growth_unreachable": "(Σ cur_i / Σ (cur_i / (1 + g_i / 100)) − 1) × 100 = G",
    }

    def evaluate(self, figures: Figures) -> Outcome:
        outcome, seen = Outcome(), set()  # a merged part is a part, and the whole of its parts
        for part_sum in part_sums(figures):
            if not part_sum.whole.endswith(".value"):
                continue
            whole = figures[part_sum.whole]
            parts = [figures[key] for key in part_sum.parts]
            growth_of: dict[str, Figure] = {}
            for value in (*parts, whole):
                if (growth := figures.get(sibling(value.key, "growth_pct"))) is None:
                    continue
                growth_of[value.key] = growth
                if growth.interval.low > -100 and value.key not in seen:
                    seen.add(value.key)
                    key = sibling(value.key, "implied_previous")
                    found = self.derive(key, "implied_previous", implied_previous, value, growth)
                    outcome.derived += found
            if whole.key in growth_of:
                self._check(outcome, part_sum, parts, growth_of, growth_of[whole.key])
        return outcome

    def _check(
        self,
        outcome: Outcome,
        part_sum: PartSum,
        parts: list[Figure],
        growth_of: dict[str, Figure],
        total_growth: Figure,
    ) -> None:
        absent = tuple(sibling(f.key, "growth_pct") for f in parts if f.key not in growth_of)
        if not part_sum.complete:
            missing = {"missing": MERGE.join(part_sum.missing or ()) or "?"}
            outcome.skipped.append(
                Skipped(self.name, "parts_missing", (total_growth.key,), missing)
            )
            return
        if absent:
            outcome.skipped.append(Skipped(self.name, "growth_missing", absent))
            return
        pairs = [(f.interval.at_least(ZERO), growth_of[f.key].interval) for f in parts]
        if any(not c.bounded or not g.bounded or g.low <= -100 for c, g in pairs):
            outcome.skipped.append(Skipped(self.name, "unbounded", (total_growth.key,)))
            return
        point = growth_from_parts([(f.value, growth_of[f.key].value) for f in parts])
        involved = (*parts, *(growth_of[f.key] for f in parts), total_growth)
        sources = tuple(f.key for f in involved[:-1])
        previous = total(over_corners(implied_previous, c, g) for c, g in pairs)
        reachable = growth_range(pairs)
        for code, value, interval in (
            ("previous_from_parts", point.total_previous, previous),
            ("growth_from_parts", point.growth_pct, reachable),
        ):
            key = sibling(total_growth.key, code)
            outcome.derived.append(
                Derived(self.name, key, code, self.formulas[code], value, interval, sources)
            )
        if not reachable.meets(total_growth.interval):
            found = self.finding("growth_unreachable", involved, reachable, total_growth.interval)
            outcome.findings.append(found)


# --- plans, shares and contributions ----------------------------------------------------


@register
class PlanShare(Check):
    name = "plan_share"
    description = "A share of plan agrees with the plan, or implies one."
    formulas: ClassVar[dict[str, str]] = {
        "plan_share_differs": "value / plan × 100 = plan_pct",
        "implied_plan": "value / plan_pct × 100",
    }

    def evaluate(self, figures: Figures) -> Outcome:
        outcome = Outcome()
        for match, share in figures.matching(r"(?P<base>.+)\.plan_pct"):
            value = figures.get(f"{match['base']}.value")
            plan = figures.get(f"{match['base']}.plan")
            if value is None or share.interval.low <= 0:
                continue
            if plan is None:
                key = f"{match['base']}.implied_plan"
                outcome.derived += self.derive(key, "implied_plan", implied_plan, value, share)
            elif value.interval.bounded and plan.interval.bounded and plan.interval.low > 0:
                computed = over_corners(plan_share, value.interval, plan.interval)
                if not computed.meets(share.interval):
                    involved = (value, plan, share)
                    found = self.finding("plan_share_differs", involved, computed, share.interval)
                    outcome.findings.append(found)
        return outcome


@register
class ContributionFromShare(Check):
    name = "contribution_from_share"
    description = "A contribution to growth is the growth times the previous period's share."
    formulas: ClassVar[dict[str, str]] = {
        "contribution_differs": "growth_pct × share_pct / 100 = contribution_pp",
        "implied_share": "contribution_pp / growth_pct × 100",
    }

    def evaluate(self, figures: Figures) -> Outcome:
        outcome = Outcome()
        pattern = r"(?P<base>.+)\.contribution_to_(?P<of>\w+)_growth_pp\.value"
        for match, contribution in figures.matching(pattern):
            base, of = match["base"], match["of"]
            growth = figures.get(f"{base}.value_added_growth_pct.value")
            share = figures.get(f"{base}.share_of_{of}_pct.value")
            if growth is None or not growth.interval.bounded:
                continue
            if share is None:
                if growth.interval.low > 0 or _high(growth.interval) < 0:  # a divisor with a sign
                    key, code = f"{base}.implied_share_of_{of}_pct", "implied_share"
                    found = self.derive(key, code, implied_share, contribution, growth)
                    outcome.derived += found
            elif share.interval.bounded:
                computed = over_corners(contribution_from_share, growth.interval, share.interval)
                if not computed.meets(contribution.interval):
                    involved, allowed = (growth, share, contribution), contribution.interval
                    found_ = self.finding("contribution_differs", involved, computed, allowed)
                    outcome.findings.append(found_)
        return outcome


# --- counts within counts ---------------------------------------------------------------

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


@register
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
            if sub.interval.low > sup.interval.high:
                found = self.finding(
                    "subset_exceeds_superset", (sub, sup), sub.interval, sup.interval
                )
                outcome.findings.append(found)
        return outcome


@register
class DistrictsGrowth(Check):
    name = "districts_growth"
    description = "Named districts' growths agree with how many of the districts grew."
    formulas: ClassVar[dict[str, str]] = {
        "district_did_not_grow": "#(named districts with growth ≤ 0) ≤ of − count",
        "too_many_districts_grew": "#(named districts with growth > 0) ≤ count",
    }

    def evaluate(self, figures: Figures) -> Outcome:
        outcome = Outcome()
        for match, grew in figures.matching(r"(?P<base>.+)\.districts_with_growth\.count"):
            of = figures.get(f"{match['base']}.districts_with_growth.of")
            named_pattern = rf"{re.escape(match['base'])}\.production_growth_by_district_pct\..+"
            named = [figure for _, figure in figures.matching(named_pattern)]
            if of is None or of.interval.high is None or grew.interval.high is None:
                continue
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
