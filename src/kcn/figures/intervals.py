"""What a published figure stands for: the interval of true values its text allows.

"2.238 ha" stands for [2237.5, 2238.5] (rounding to the digits given, both ends allowed);
"khoảng 70%" (about) widens that by a relative margin; "ước" (estimate) is held to its
rounding like an exact figure (an estimate is still the figure published, and its parts must
still add up); "hơn/trên" (more than) is any value above it; "gần" (nearly) lies just below.
"""

from __future__ import annotations

from decimal import Decimal

QUALIFIERS = ("exact", "about", "estimate", "more_than", "nearly")
RELATIVE_MARGIN = {"about": Decimal("0.025")}
NEARLY_MARGIN = Decimal("0.05")


def rounding_half_width(decimals: int) -> Decimal:
    """Half a unit of the last digit given: 0.5 for whole numbers, 0.005 for two decimals."""
    return Decimal(5).scaleb(-(decimals + 1))


def interval(value: Decimal, qualifier: str, decimals: int) -> tuple[Decimal, Decimal | None]:
    """``(low, high)`` of the values the figure allows; ``high`` is None when unbounded."""
    half = rounding_half_width(decimals)
    if qualifier == "more_than":
        return value, None
    if qualifier == "nearly":
        return value * (1 - NEARLY_MARGIN), value + half
    margin = max(half, abs(value) * RELATIVE_MARGIN.get(qualifier, Decimal(0)))
    return value - margin, value + margin


def classify(value: Decimal, qualifier: str, decimals: int, derived: Decimal) -> str:
    """``match`` when equal at the precision given, ``within`` when inside the interval the
    qualifier allows, ``differs`` otherwise."""
    half = rounding_half_width(decimals)
    if qualifier not in {"more_than", "nearly"} and abs(derived - value) <= half:
        return "match"
    low, high = interval(value, qualifier, decimals)
    above_low = low < derived if qualifier == "more_than" else low <= derived
    inside = above_low and (high is None or derived <= high)
    return "within" if inside else "differs"
