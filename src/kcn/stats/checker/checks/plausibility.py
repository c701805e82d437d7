"""Shares, contributions of parts and bases: what the figures allow by their definitions.

The relations are the metrics registry's (``stats.share_pct``, ``stats.contribution_pp``,
``stats.growth_pct`` in :mod:`kcn.stats.metrics`): the formula each finding states is the
registry's, and the arithmetic is :mod:`kcn.stats.formulas`, which the metrics compute with.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import ClassVar

from kcn.kit import metrics as registry
from kcn.stats import metrics as _metrics  # noqa: F401  (registers the stats metrics)
from kcn.stats.checker.checks.parts import UNIVERSES
from kcn.stats.checker.figure import Figure, Figures
from kcn.stats.checker.interval import ZERO, Interval, over_corners, total
from kcn.stats.checker.registry import Check, Derived, Outcome
from kcn.stats.formulas import implied_share, plan_share

HUNDRED = Decimal(100)
SHARE_RANGE = Interval(ZERO, HUNDRED)


def formula(metric: str) -> str:
    """The formula of ``metric`` as the metrics registry states it."""
    return registry.get(metric).formula


class DeclaredShares(Check):
    name = "declared_shares"
    description = "A part's declared share (share_pct) is its value over its total's."
    formulas: ClassVar[dict[str, str]] = {
        "share_differs": formula("stats.share_pct") + " = share_pct",
    }

    def evaluate(self, figures: Figures) -> Outcome:
        outcome = Outcome()
        pattern = r"(?P<base>.+)\.by_\w+\.[^.]+\.share_pct"
        for match, share in figures.matching(pattern):
            part = figures.get(share.key.rsplit(".", 1)[0] + ".value")
            whole = figures.get(f"{match['base']}.total.value")
            if part is None or whole is None:
                continue
            cur, tot = part.interval.at_least(ZERO), whole.interval
            if not tot.bounded or tot.low <= 0:
                continue
            outcome.tested += 1
            if cur.high is None:  # "hơn": the share has a floor only
                computed = Interval(plan_share(cur.low, tot.high or tot.low), None)
            else:
                computed = over_corners(plan_share, cur, tot)
            if not computed.meets(share.interval):
                found = self.finding(
                    "share_differs", (part, whole, share), computed, share.interval
                )
                outcome.findings.append(found)
        return outcome


class ContributionsOfParts(Check):
    name = "contributions_of_parts"
    description = (
        "Parts' contributions (pp) add up to the total's growth; each implies a share of the "
        "previous total within 0–100 %; no growth implies a negative base."
    )
    formulas: ClassVar[dict[str, str]] = {
        "contributions_differ": "Σ contribution_pp_i = growth_pct, contribution_pp_i = "
        + formula("stats.contribution_pp"),
        "contribution_remainder": "growth_pct − Σ known contribution_pp_i",
        "contribution_share_out_of_range": "0 ≤ contribution_pp / growth_pct × 100 ≤ 100",
        "negative_base": "value / (1 + growth_pct / 100) > 0, so growth_pct > −100",
    }

    def evaluate(self, figures: Figures) -> Outcome:
        outcome = Outcome()
        self._bases(figures, outcome)
        groups: dict[tuple[str, str], list[Figure]] = {}
        pattern = r"(?P<base>.+)\.(?P<dim>by_\w+)\.[^.]+\.contribution_pp"
        for match, figure in figures.matching(pattern):
            groups.setdefault((match["base"], match["dim"]), []).append(figure)
            self._share(figures, figure, outcome)
        for (base, dim), parts in groups.items():
            growth = figures.get(f"{base}.total.growth_pct")
            if growth is None:
                continue
            names = {figure.key.rsplit(".", 2)[1] for figure in parts}
            covered = frozenset(code.strip() for name in names for code in name.split("+"))
            declared = figures.breakdowns.get(f"{base}.{dim}")
            universe = UNIVERSES.get(dim)
            complete = covered == universe if declared is None else declared
            summed = total(figure.interval for figure in parts)
            involved = (*parts, growth)
            outcome.tested += 1
            if complete:
                if not summed.meets(growth.interval):
                    found = self.finding("contributions_differ", involved, summed, growth.interval)
                    outcome.findings.append(found)
                continue
            if summed.high is None:
                continue
            value = growth.value - sum((figure.value for figure in parts), ZERO)
            high = None if growth.interval.high is None else growth.interval.high - summed.low
            interval = Interval(growth.interval.low - summed.high, high)
            rest = "+".join(sorted((universe or frozenset()) - covered)) or "rest"
            key, code = f"{base}.{dim}.{rest}.contribution_pp", "contribution_remainder"
            sources = tuple(figure.key for figure in involved)
            outcome.derived.append(
                Derived(self.name, key, code, self.formulas[code], value, interval, sources)
            )
        return outcome

    def _share(self, figures: Figures, contribution: Figure, outcome: Outcome) -> None:
        growth = figures.get(contribution.key.rsplit(".", 1)[0] + ".growth_pct")
        if growth is None or not growth.interval.bounded or not contribution.interval.bounded:
            return
        g = growth.interval
        if not (g.low > 0 or (g.high is not None and g.high < 0)):
            return  # a growth that may be zero implies no share
        outcome.tested += 1
        computed = over_corners(implied_share, contribution.interval, g)
        if not computed.meets(SHARE_RANGE):
            found = self.finding(
                "contribution_share_out_of_range", (contribution, growth), computed, SHARE_RANGE
            )
            outcome.findings.append(found)

    def _bases(self, figures: Figures, outcome: Outcome) -> None:
        for key, figure in figures.items():
            if not re.search(r"growth_pct(\.value)?$", key):
                continue
            if figure.interval.high is not None and figure.interval.high <= -100:
                allowed = Interval(Decimal(-100), None)
                found = self.finding("negative_base", (figure,), figure.interval, allowed)
                outcome.findings.append(found)
