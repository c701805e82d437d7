"""Plans, shares and contributions to growth."""

from __future__ import annotations

from typing import ClassVar

from kcn.stats.checker.figure import Figures
from kcn.stats.checker.interval import over_corners, upper
from kcn.stats.checker.registry import Check, Outcome
from kcn.stats.formulas import contribution_from_share, implied_plan, implied_share, plan_share


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
                outcome.tested += 1
                computed = over_corners(plan_share, value.interval, plan.interval)
                if not computed.meets(share.interval):
                    involved = (value, plan, share)
                    found = self.finding("plan_share_differs", involved, computed, share.interval)
                    outcome.findings.append(found)
        return outcome


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
                if growth.interval.low > 0 or upper(growth.interval) < 0:  # a divisor with a sign
                    key, code = f"{base}.implied_share_of_{of}_pct", "implied_share"
                    found = self.derive(key, code, implied_share, contribution, growth)
                    outcome.derived += found
            elif share.interval.bounded:
                outcome.tested += 1
                computed = over_corners(contribution_from_share, growth.interval, share.interval)
                if not computed.meets(contribution.interval):
                    involved, allowed = (growth, share, contribution), contribution.interval
                    found_ = self.finding("contribution_differs", involved, computed, allowed)
                    outcome.findings.append(found_)
        return outcome
