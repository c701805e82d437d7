"""Interval arithmetic over published figures: every figure stands for an interval."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Interval:
    """The closed interval ``[low, high]``; ``high`` None is unbounded above."""

    low: Decimal
    high: Decimal | None

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @property
    def bounded(self) -> bool:
        return self.high is not None

    def __add__(self, other: Interval) -> Interval:
        high = None if self.high is None or other.high is None else self.high + other.high
        return Interval(self.low + other.low, high)

    def at_least(self, floor: Decimal) -> Interval:
        """The interval with values below ``floor`` cut off (parts are non-negative)."""
        high = None if self.high is None else max(self.high, floor)
        return Interval(max(self.low, floor), high)

    def gap(self, other: Interval) -> Decimal:
        """How far apart the two intervals are; zero when they meet."""
        if self.high is not None and self.high < other.low:
            return other.low - self.high
        if other.high is not None and other.high < self.low:
            return self.low - other.high
        return ZERO

    def meets(self, other: Interval) -> bool:
        return self.gap(other) == 0


def total(items: Iterable[Interval]) -> Interval:
    result = Interval.point(ZERO)
    for item in items:
        result = result + item
    return result


def over_corners(function: Callable[..., Decimal], *args: Interval) -> Interval:
    """The range of ``function`` over bounded intervals, from its values at their corners:
    exact when ``function`` is monotone in each argument over them (sums, products,
    quotients whose divisor keeps its sign)."""
    corners: list[list[Decimal]] = [[]]
    for arg in args:
        if arg.high is None:
            raise ValueError("unbounded interval")
        corners = [[*corner, end] for corner in corners for end in (arg.low, arg.high)]
    values = [function(*corner) for corner in corners]
    return Interval(min(values), max(values))


def upper(interval: Interval) -> Decimal:
    """The upper end of a bounded interval."""
    if interval.high is None:
        raise ValueError("unbounded interval")
    return interval.high
