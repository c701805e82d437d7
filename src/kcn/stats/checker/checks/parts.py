"""Parts and totals: parts add up to their total (merged parts, missing parts).

``<base>.total.<field>`` is the total of ``<base>.by_<dimension>.<part>.<field>`` (``field`` is
``value``, ``count`` or ``area_ha``). A part published for several categories together is keyed
by their codes joined with ``+`` (``D+E``: electricity with water) and counts as one part
covering both; parts published inside it (``D`` beside ``D+E``) are its own parts. The parts
are complete when they cover the dimension's known categories (``UNIVERSES``: VSIC sections
B–E for industry) exactly once, or when the file declares ``breakdown: complete`` in the
``by_…`` mapping (``partial``: never complete); otherwise they need only not exceed the total.
A single part larger than its total is always a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from kcn.stats.checker.figure import Figure, Figures
from kcn.stats.checker.interval import ZERO, Interval, total
from kcn.stats.checker.registry import Check, Derived, Outcome, Skipped

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
    whole: str,
    prefix: str,
    universe: frozenset[str] | None,
    parts: list[tuple[str, str]],
    declared: bool | None = None,
) -> Iterator[PartSum]:
    def cover(name: str) -> frozenset[str]:
        return frozenset(code.strip() for code in name.split(MERGE))

    tops: list[tuple[str, str]] = []
    owner: dict[str, tuple[str, str]] = {}  # category → the top-level part covering it
    inside: dict[str, list[tuple[str, str]]] = {}
    overlapping: list[str] = []
    for name, key in sorted(parts, key=lambda part: -len(cover(part[0]))):
        owners = {owner.get(code) for code in cover(name)}
        if len(owners) == 1 and None not in owners:  # inside one part (parts are disjoint)
            container = owners.pop()
            assert container is not None
            inside.setdefault(container[0], []).append((name, key))
        elif owners - {None}:
            overlapping.append(key)
        else:
            tops.append((name, key))
            owner.update(dict.fromkeys(cover(name), (name, key)))
    covered = frozenset(owner)
    missing = None if universe is None else tuple(sorted(universe - covered))
    if universe is not None and not covered <= universe:
        missing = None  # parts outside the known categories: completeness unknown
    if declared is not None:  # the file says: breakdown: complete | partial
        missing = () if declared else (missing or None)
    order = {key: i for i, (_, key) in enumerate(parts)}
    ordered = tuple(sorted((key for _, key in tops), key=order.__getitem__))
    yield PartSum(whole, ordered, prefix, missing, tuple(overlapping))
    for name, key in tops:
        if name in inside:
            yield from _arrange(key, f"{prefix}.{name}", cover(name), inside[name])


FIELDS = ("value", "count", "area_ha")
DIMENSION = re.compile(r"by_\w+")


def part_sums(figures: Figures) -> list[PartSum]:
    """Every total with its parts, by dimension, merged parts resolved (in one pass over the
    keys: ``<base>.<by_dimension>.<part>.<field>`` is indexed by base and field)."""
    parts_of: dict[tuple[str, str], dict[str, list[tuple[str, str]]]] = {}
    for key in figures:
        pieces = key.rsplit(".", 3)
        if len(pieces) == 4 and pieces[3] in FIELDS and DIMENSION.fullmatch(pieces[1]):
            base, dim, part, name = pieces
            if base and part:
                by_dimension = parts_of.setdefault((base, name), {})
                by_dimension.setdefault(dim, []).append((part, key))
    sums: list[PartSum] = []
    for match, whole in figures.matching(r"(?P<base>.+)\.total\.(?P<field>value|count|area_ha)"):
        for dim, parts in parts_of.get((match["base"], match["field"]), {}).items():
            prefix = f"{match['base']}.{dim}"
            declared = figures.breakdowns.get(prefix)
            sums.extend(_arrange(whole.key, prefix, UNIVERSES.get(dim), parts, declared))
    return sums


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
            outcome.tested += allowed.high is not None or part_sum.complete
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
