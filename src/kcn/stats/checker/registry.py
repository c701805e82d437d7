"""What a check is and what it reports: findings, derived values, skips.

A check computes, with interval arithmetic, what some figures allow for another and reports a
:class:`Finding` when the two intervals do not meet, with the gap between them. The checks
themselves live in :mod:`kcn.stats.checker.checks`, one module per family.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from kcn.stats.checker.figure import Figure, Figures
from kcn.stats.checker.interval import Interval, over_corners


@dataclass(frozen=True)
class Finding:
    """Figures that cannot all be right: ``computed`` is what the others allow for the figure
    under test, ``published`` what that figure allows, ``gap`` the distance between them."""

    check: str
    code: str
    formula: str
    figures: tuple[Figure, ...]
    computed: Interval
    published: Interval
    gap: Decimal

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(figure.key for figure in self.figures)


@dataclass(frozen=True)
class Derived:
    """A value the figures imply: from their values as written, and over their intervals."""

    check: str
    key: str
    code: str
    formula: str
    value: Decimal
    interval: Interval
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    """A check that could not be made, and why."""

    check: str
    code: str
    keys: tuple[str, ...]
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    tested: int = 0  # relations between figures compared (a finding or not)


class Check:
    """One rule over the figures: ``evaluate`` gives its findings, derived values and skips.
    ``formulas`` gives, for each code the check reports, the relation it tests or derives."""

    name: ClassVar[str]
    description: ClassVar[str]
    formulas: ClassVar[dict[str, str]]

    def evaluate(self, figures: Figures) -> Outcome:
        raise NotImplementedError

    def finding(
        self, code: str, figures: Iterable[Figure], computed: Interval, published: Interval
    ) -> Finding:
        formula, gap = self.formulas[code], computed.gap(published)
        return Finding(self.name, code, formula, tuple(figures), computed, published, gap)

    def derive(
        self, key: str, code: str, function: Callable[..., Decimal], *args: Figure
    ) -> list[Derived]:
        """``function`` of the figures' values, and its range over their intervals' corners
        (the caller makes sure it is monotone there); nothing when an interval is open."""
        if not all(arg.interval.bounded for arg in args):
            return []
        value = function(*(arg.value for arg in args))
        interval = over_corners(function, *(arg.interval for arg in args))
        sources = tuple(arg.key for arg in args)
        return [Derived(self.name, key, code, self.formulas[code], value, interval, sources)]


def sibling(key: str, name: str) -> str:
    """``a.b.value`` → ``a.b.<name>``."""
    return key.rsplit(".", 1)[0] + "." + name
