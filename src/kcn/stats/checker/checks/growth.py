"""Growth of a total from its parts' values and growths."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from kcn.stats.checker.checks.parts import MERGE, PartSum, part_sums
from kcn.stats.checker.figure import Figure, Figures
from kcn.stats.checker.interval import ZERO, Interval, over_corners, total, upper
from kcn.stats.checker.registry import Check, Derived, Outcome, Skipped, sibling
from kcn.stats.formulas import growth_from_parts, implied_previous

MAX_GROWTH_PARTS = 200
"""The most parts whose values and growths :func:`growth_range` bounds. Its work grows with
the square of the parts (n + 1 corners of n terms); a breakdown with more parts (no published
breakdown has) is skipped, and said so, rather than left to run."""


def growth_range(parts: list[tuple[Interval, Interval]]) -> Interval:
    """The range of the total's growth ``(Σ cur_i / Σ prev_i − 1) × 100``, with
    ``prev_i = cur_i / (1 + g_i / 100)``, over the parts' intervals of ``(cur_i, g_i)``.

    The total grows faster as any ``g_i`` grows, so its maximum takes every ``g_i`` high. With
    ``p_i = 1 / (1 + g_i / 100)`` fixed, ``Σ cur_i / Σ p_i cur_i`` is linear-fractional in the
    ``cur_i``: at its maximum ``R``, ``cur_i`` is high exactly where ``p_i < 1 / R``. So the
    maximum is the best of the n + 1 corners "the k fastest-growing parts high, the others
    low"; the minimum likewise, with every ``g_i`` low and the slowest-growing parts high.

    Open-ended figures narrow rather than switch the check off: a growth "more than" leaves the
    maximum open; a value "more than" can grow without bound, and the ratio then tends to that
    part's own ``1 / p_i``, which joins the candidates (the other corners take it at its
    floor); a growth down to −100 % puts the minimum at −100.
    """
    ends: list[Decimal | None] = []
    for maximise in (False, True):
        if maximise and any(growth.high is None for _, growth in parts):
            ends.append(None)
            continue
        if not maximise and any(growth.low <= -100 for _, growth in parts):
            ends.append(Decimal(-100))
            continue
        factors = [
            (cur, 1 / (1 + (upper(growth) if maximise else growth.low) / 100))
            for cur, growth in parts
        ]
        factors.sort(key=lambda item: item[1], reverse=not maximise)
        ratios = [1 / p for cur, p in factors if cur.high is None]
        for k in range(len(factors) + 1):
            values = [
                (c.high if i < k and c.high is not None else c.low, p)
                for i, (c, p) in enumerate(factors)
            ]
            previous = sum((value * p for value, p in values), ZERO)
            if previous > 0:
                ratios.append(sum((value for value, _ in values), ZERO) / previous)
        if not ratios:
            raise ValueError("no part has a value above zero")
        ends.append(((max(ratios) if maximise else min(ratios)) - 1) * 100)
    low = ends[0]
    assert low is not None
    return Interval(low, ends[1])


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
        if len(parts) > MAX_GROWTH_PARTS:
            counts = {"count": str(len(parts)), "limit": str(MAX_GROWTH_PARTS)}
            outcome.skipped.append(
                Skipped(self.name, "too_many_parts", (total_growth.key,), counts)
            )
            return
        pairs = [(f.interval.at_least(ZERO), growth_of[f.key].interval) for f in parts]
        no_base = any(growth_of[f.key].value <= -100 for f in parts)
        if no_base or all(c.high is not None and c.high <= 0 for c, _ in pairs):
            outcome.skipped.append(Skipped(self.name, "unbounded", (total_growth.key,)))
            return
        point = growth_from_parts([(f.value, growth_of[f.key].value) for f in parts])
        involved = (*parts, *(growth_of[f.key] for f in parts), total_growth)
        sources = tuple(f.key for f in involved[:-1])
        bounded = all(c.bounded and g.bounded and g.low > -100 for c, g in pairs)
        if bounded:
            previous = total(over_corners(implied_previous, c, g) for c, g in pairs)
        else:  # open-ended: no range for the previous total, the growth is still narrowed
            previous = Interval(ZERO, None)
        reachable = growth_range(pairs)
        for code, value, interval in (
            ("previous_from_parts", point.total_previous, previous),
            ("growth_from_parts", point.growth_pct, reachable),
        ):
            key = sibling(total_growth.key, code)
            outcome.derived.append(
                Derived(self.name, key, code, self.formulas[code], value, interval, sources)
            )
        outcome.tested += 1
        if not reachable.meets(total_growth.interval):
            found = self.finding("growth_unreachable", involved, reachable, total_growth.interval)
            outcome.findings.append(found)
