"""A published figure as written (value, digits, qualifier), the figures of a file, and how
one figure is read from its text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kcn.figures import intervals
from kcn.kit.text import fold
from kcn.stats.checker.interval import Interval


@dataclass(frozen=True)
class Figure:
    """A published figure: its dotted key, its value as written, and what it allows."""

    key: str
    value: Decimal
    decimals: int  # digits after the point as written; negative for "12 thousand" (1.2E+4)
    qualifier: str = "exact"  # exact, about, estimate, more_than, nearly
    count: bool = False  # a count of things (9 parks) is exact, not rounded, unless qualified

    @property
    def interval(self) -> Interval:
        qualifier = "exact" if self.qualifier == "estimate" else self.qualifier
        if self.count and qualifier == "exact":
            return Interval.point(self.value)
        low, high = intervals.interval(self.value, qualifier, self.decimals)
        return Interval(low, high)


class Figures(Mapping[str, Figure]):
    """The figures of one file, by dotted key."""

    def __init__(self, figures: Iterable[Figure], source: str = "") -> None:
        self._items = {figure.key: figure for figure in figures}
        self.source = source

    def __getitem__(self, key: str) -> Figure:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def matching(self, pattern: str) -> list[tuple[re.Match[str], Figure]]:
        """The figures whose key matches the regular expression ``pattern``, in file order."""
        compiled = re.compile(pattern)
        return [(m, f) for key, f in self._items.items() if (m := compiled.fullmatch(key))]


FIGURE_FIELDS = frozenset(
    {"value", "count", "area_ha", "growth_pct", "plan_pct", "plan", "share_pct", "of"}
)
COUNT_FIELDS = frozenset({"count", "of"})
META_FIELDS = frozenset(
    {"line", "qualifier", "unit", "name", "name_vi", "name_en", "note", "source", "deadline"}
)
FIGURE_MAP_SUFFIXES = ("_pct", "_pp", "_ha")
QUALIFIER_ALIASES = {
    "": "exact", "exact": "exact",
    "about": "about", "approximately": "about", "khoang": "about", "xap xi": "about",
    "estimate": "estimate", "uoc": "estimate", "uoc tinh": "estimate", "uoc dat": "estimate",
    "more_than": "more_than", "more than": "more_than", "hon": "more_than", "tren": "more_than",
    "nearly": "nearly", "almost": "nearly", "gan": "nearly",
}  # fmt: skip
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


class LoadError(ValueError):
    """A file that cannot be read as figures; ``key`` names the figure at fault, if one."""

    def __init__(self, source: str, problem: str, key: str | None = None) -> None:
        self.source, self.problem, self.key = source, problem, key
        super().__init__(f"{source}: {key + ': ' if key else ''}{problem}")


def parse_figure(key: str, text: str, qualifier: str = "", source: str = "") -> Figure:
    """A figure from its text as written (``"311986.8"``) and a qualifier name."""
    written = str(text).strip()
    if not NUMBER.fullmatch(written):
        hint = " (use '.' as the decimal point)" if re.fullmatch(r"[\d.]*,\d+", written) else ""
        raise LoadError(source, f"not a number: {written!r}{hint}", key)
    name = QUALIFIER_ALIASES.get(fold(str(qualifier)).replace("_", " "))
    name = name or QUALIFIER_ALIASES.get(fold(str(qualifier)))
    if name is None:
        raise LoadError(source, f"unknown qualifier {qualifier!r}", key)
    try:
        value = Decimal(written)
    except InvalidOperation:  # pragma: no cover - NUMBER admits only valid decimals
        raise LoadError(source, f"not a number: {written!r}", key) from None
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return Figure(key, value, -exponent, name, key.rsplit(".", 1)[-1] in COUNT_FIELDS)
