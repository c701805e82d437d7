"""The arithmetic of published growth figures, in Decimal, unrounded.

Every function takes and returns ``Decimal`` and quantizes nothing: callers round for
publication (GSO prints growth with one decimal, indices with two). Growth rates are in per
cent (``28.14`` means +28.14 %), contributions in percentage points, shares in per cent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

HUNDRED = Decimal(100)


def growth_pct(current: Decimal, previous: Decimal) -> Decimal:
    """Growth in per cent: ``g = (current / previous − 1) × 100``."""
    if previous == 0:
        raise ValueError("growth from a previous value of zero is undefined")
    return (current / previous - 1) * HUNDRED


def implied_previous(current: Decimal, growth: Decimal) -> Decimal:
    """The previous period's value that ``growth`` per cent leads from:
    ``previous = current / (1 + g / 100)``."""
    factor = 1 + growth / HUNDRED
    if factor <= 0:
        raise ValueError(f"a growth of {growth}% leaves nothing to grow from")
    return current / factor


class PartsGrowth(NamedTuple):
    """The total's growth computed from its parts, and what it was computed from."""

    growth_pct: Decimal
    previous: list[Decimal]
    total_current: Decimal
    total_previous: Decimal


def growth_from_parts(parts: Sequence[tuple[Decimal, Decimal]]) -> PartsGrowth:
    """The growth of a total from its parts' ``(current, growth_pct)``:
    ``prev_i = cur_i / (1 + g_i / 100)`` and ``G = (Σ cur_i / Σ prev_i − 1) × 100``."""
    if not parts:
        raise ValueError("no parts")
    previous = [implied_previous(current, growth) for current, growth in parts]
    total_current = sum((current for current, _ in parts), Decimal(0))
    total_previous = sum(previous, Decimal(0))
    return PartsGrowth(
        growth_pct(total_current, total_previous), previous, total_current, total_previous
    )


def contribution_pp(current: Decimal, previous: Decimal, whole_previous: Decimal) -> Decimal:
    """A part's contribution to the growth of its whole, in percentage points:
    ``c = (cur − prev) / whole_prev × 100`` (industry's value added in GRDP, a section in
    industry). The parts' contributions add up to the whole's growth."""
    if whole_previous == 0:
        raise ValueError("contributions to growth from a previous total of zero are undefined")
    return (current - previous) / whole_previous * HUNDRED


def contributions_from_values(pairs: Sequence[tuple[Decimal, Decimal]]) -> list[Decimal]:
    """Each part's contribution in percentage points from its ``(current, previous)`` values,
    the whole being the sum of the parts: ``c_i = (cur_i − prev_i) / Σ prev_j × 100``. A part
    that fell to zero (−100 %) is fine."""
    total_previous = sum((previous for _, previous in pairs), Decimal(0))
    return [contribution_pp(current, previous, total_previous) for current, previous in pairs]


def contribution_from_share(growth: Decimal, share_pct: Decimal) -> Decimal:
    """A component's contribution to its total's growth, in percentage points:
    ``c = g × s / 100``, where ``g`` is the component's growth in per cent and ``s`` its share
    of the total in the *previous* period, in per cent."""
    return growth * share_pct / HUNDRED


def implied_share(contribution_pp: Decimal, growth: Decimal) -> Decimal:
    """The share of the previous period's total a component must have had for its growth to
    contribute ``contribution_pp``: ``s = c / g × 100`` (inverse of
    :func:`contribution_from_share`)."""
    if growth == 0:
        raise ValueError("a component that did not grow contributes nothing; no share follows")
    return contribution_pp / growth * HUNDRED


def plan_share(current: Decimal, plan: Decimal) -> Decimal:
    """How much of the plan is done, in per cent: ``s = current / plan × 100``."""
    if plan == 0:
        raise ValueError("a plan of zero has no share")
    return current / plan * HUNDRED


def implied_plan(current: Decimal, share_pct: Decimal) -> Decimal:
    """The plan that ``current`` is ``share_pct`` per cent of: ``plan = current / s × 100``."""
    if share_pct == 0:
        raise ValueError("a share of zero implies no plan")
    return current / share_pct * HUNDRED


def rank(values: Mapping[str, Decimal], descending: bool = True) -> list[tuple[str, Decimal, int]]:
    """``(key, value, rank)`` from the first to the last, with competition ranking: equal
    values share a rank and the next rank skips (1, 2, 2, 4). Equal values keep the order of
    ``values``."""
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=descending)
    ranked: list[tuple[str, Decimal, int]] = []
    for position, (key, value) in enumerate(ordered, start=1):
        tied = bool(ranked) and ranked[-1][1] == value
        ranked.append((key, value, ranked[-1][2] if tied else position))
    return ranked
