"""Check that published figures agree with each other.

A file of figures (the layout of ``stats/examples/bac_giang_2024h1_facts.yaml``, or a CSV of
``key,value,qualifier`` rows keyed by the same dotted paths) is read into :class:`Figures`;
:func:`check` runs every registered check (:mod:`kcn.stats.checks`) and returns a
:class:`Report` of findings (figures that cannot all be right), derived values (what the
figures imply: last year's values, the plan, a share) and checks skipped for want of figures.

Every figure stands for the interval its text allows (:mod:`kcn.figures.intervals`):
rounding to the digits written, widened by 2.5 % for "about", open above for "more than",
just below for "nearly". An estimate ("ước") is held to its rounding only, since an estimate
must still add up. Decimals are read from the text as written: ``311986.8`` has one,
``47.30`` two.

YAML layout. A figure is a number under one of ``FIGURE_FIELDS`` (``value``, ``count``,
``area_ha``, ``growth_pct``…), or any entry of a mapping whose name ends in ``_pct``, ``_pp``
or ``_ha`` and which has no ``value`` (``production_growth_by_district_pct``: one figure per
district). ``line``, ``unit``, ``name_vi``… are metadata. ``qualifier: about`` applies to the
figures of its mapping, except counts (``count``, ``of``) when the mapping also has a measure
("9 parks, about 2,238 ha"); ``qualifier: {area_ha: about}`` sets it figure by figure.
Qualifiers are named in English or Vietnamese (khoảng, ước, hơn/trên, gần). Lists are not
figures. Keys must not contain ``.``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

import yaml

from kcn.figures import intervals
from kcn.kit.i18n import translate
from kcn.kit.text import fold

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


class Check:
    """One rule over the figures: ``evaluate`` gives its findings, derived values and skips.
    ``formulas`` gives, for each code the check reports, the relation it tests or derives."""

    name: ClassVar[str]
    description: ClassVar[str]
    formulas: ClassVar[dict[str, str]]

    def evaluate(self, figures: Figures) -> Outcome:
        raise NotImplementedError

    def run(self, figures: Figures) -> list[Finding]:
        return self.evaluate(figures).findings

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


def _walk(node: Mapping[str, Any], path: str, source: str) -> Iterator[Figure]:
    qualifier = node.get("qualifier", "")
    is_figure_map = path.endswith(FIGURE_MAP_SUFFIXES) and "value" not in node
    scalars = [
        name
        for name, child in node.items()
        if isinstance(child, str)
        and name not in META_FIELDS
        and (name in FIGURE_FIELDS or is_figure_map)
    ]
    has_measure = any(name not in COUNT_FIELDS for name in scalars)
    for name, child in node.items():
        key = f"{path}.{name}" if path else str(name)
        if isinstance(child, Mapping) and name != "qualifier":
            yield from _walk(child, key, source)
        elif name in scalars:
            if isinstance(qualifier, Mapping):
                given = qualifier.get(name, "")
            else:
                given = "" if name in COUNT_FIELDS and has_measure else qualifier
            yield parse_figure(key, child, given, source)


def figures_from_mapping(data: Any, source: str = "<data>") -> Figures:
    """The figures of a facts mapping whose scalars are strings (``yaml.BaseLoader``)."""
    if not isinstance(data, Mapping):
        raise LoadError(source, "expected a mapping of figures at the top level")
    figures = Figures(_walk(data, "", source), source)
    if not figures:
        raise LoadError(source, "no figures found")
    return figures


def figures_from_csv(text: str, source: str = "<csv>") -> Figures:
    """The figures of CSV text with a header ``key,value[,qualifier]``."""
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip() for name in reader.fieldnames or []}
    if not {"key", "value"} <= columns:
        raise LoadError(source, "expected the columns key,value,qualifier")
    found: dict[str, Figure] = {}
    for line, row in enumerate(reader, start=2):
        cells = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue
        key = cells.get("key", "")
        if not key:
            raise LoadError(source, f"line {line}: no key")
        if key in found:
            raise LoadError(source, f"line {line}: the key is given twice", key)
        found[key] = parse_figure(key, cells.get("value", ""), cells.get("qualifier", ""), source)
    if not found:
        raise LoadError(source, "no figures found")
    return Figures(found.values(), source)


def load(path: str | Path) -> Figures:
    """The figures of a YAML or (by its suffix) CSV file."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LoadError(source, "no such file") from None
    except UnicodeDecodeError:
        raise LoadError(source, "not UTF-8 text") from None
    except OSError as exc:
        raise LoadError(source, exc.strerror or str(exc)) from None
    return loads(text, source, is_csv=path.suffix.lower() == ".csv")


def loads(text: str, source: str, is_csv: bool = False) -> Figures:
    """The figures of YAML text, or of CSV text (``key,value,qualifier``)."""
    if is_csv:
        try:
            return figures_from_csv(text, source)
        except csv.Error as exc:
            raise LoadError(source, f"not valid CSV: {exc}") from None
    try:
        data = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise LoadError(source, f"not valid YAML: {problem}{where}") from None
    return figures_from_mapping(data, source)


@dataclass(frozen=True)
class Report:
    source: str
    checks: tuple[str, ...]
    findings: tuple[Finding, ...]
    derived: tuple[Derived, ...]
    skipped: tuple[Skipped, ...]

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data; numbers as decimal strings, unrounded."""
        data: dict[str, Any] = {"source": self.source, "ok": self.ok, "checks": list(self.checks)}
        for name in ("findings", "derived", "skipped"):
            data[name] = [_jsonable(item) for item in getattr(self, name)]
        return data


def _jsonable(item: Any) -> Any:
    if isinstance(item, Decimal):
        return str(item)
    if isinstance(item, Figure):
        return {**_jsonable(vars(item)), "interval": _jsonable(item.interval)}
    if isinstance(item, Finding):
        return {"check": item.check, "keys": list(item.keys), **_jsonable(vars(item))}
    if hasattr(item, "__dataclass_fields__"):
        return _jsonable(vars(item))
    if isinstance(item, dict):
        return {key: _jsonable(value) for key, value in item.items()}
    if isinstance(item, list | tuple):
        return [_jsonable(value) for value in item]
    return item


def check(figures: Figures, checks: Sequence[Check] | None = None) -> Report:
    """Run ``checks`` (default: every check registered in :mod:`kcn.stats.checks`)."""
    if checks is None:
        from kcn.stats.checks import CHECKS  # imported here: the checks import this module

        checks = CHECKS
    findings: list[Finding] = []
    derived: list[Derived] = []
    skipped: list[Skipped] = []
    for item in checks:
        outcome = item.evaluate(figures)
        findings += outcome.findings
        derived += outcome.derived
        skipped += outcome.skipped
    return Report(
        figures.source,
        tuple(item.name for item in checks),
        tuple(findings),
        tuple(derived),
        tuple(skipped),
    )


def report_data(report: Report, lang: str) -> dict[str, Any]:
    """The report as JSON-ready data, with each text in ``lang`` (for the API and the page)."""
    data = report.to_dict()
    for item in data["findings"]:
        item["message"] = translate(f"stats.finding.{item['code']}", lang)
    for item in data["derived"]:
        item["label"] = translate(f"stats.derived.{item['code']}", lang)
    for item in data["skipped"]:
        item["message"] = translate(f"stats.skipped.{item['code']}", lang, **item["params"])
    return data
