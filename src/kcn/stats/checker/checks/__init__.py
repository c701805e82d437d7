"""The checks of published figures, one small class each, in the registry :data:`CHECKS`.

Every figure stands for the interval its text allows (:mod:`kcn.figures.intervals`): rounding
to the digits written, widened for "about", open above for "more than", just below for
"nearly"; an estimate is held to its rounding only. A check computes, with interval arithmetic,
what some figures allow for another and reports a finding when the two intervals do not meet,
with the gap between them.

Adding a check: one subclass of :class:`~kcn.stats.checker.registry.Check` in the module of its
family (or a new module here), one line in :data:`CHECKS`, and its test. A test fails when a
check class is left out of the registry.

Families: :mod:`.parts` (parts add up to their total), :mod:`.growth` (a total's growth from
its parts'), :mod:`.plans` (plans, shares and contributions), :mod:`.counts` (subsets and the
districts that grew).
"""

from __future__ import annotations

from kcn.stats.checker.checks.counts import DistrictsGrowth, Subsets
from kcn.stats.checker.checks.growth import TotalGrowthFromParts, growth_range
from kcn.stats.checker.checks.parts import PartsAddUp
from kcn.stats.checker.checks.plans import ContributionFromShare, PlanShare
from kcn.stats.checker.checks.plausibility import ContributionsOfParts, DeclaredShares
from kcn.stats.checker.registry import Check

CHECKS: list[Check] = [
    PartsAddUp(),
    TotalGrowthFromParts(),
    PlanShare(),
    ContributionFromShare(),
    Subsets(),
    DistrictsGrowth(),
    DeclaredShares(),
    ContributionsOfParts(),
]
"""Every check, in the order the report lists them."""

__all__ = ["CHECKS", "growth_range"]
