"""A published figure as written (value, digits, qualifier), the figures of a file, and how
one figure is read from its text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kcn.figures import intervals
from kcn.kit.i18n import translate
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
        """What the figure allows. A qualifier on a negative figure (a fall) bears on its
        size: "giảm gần 8%" (−8, nearly) is a fall a little under 8 %, [−8.05, −7.6]; "giảm
        hơn 8%" a fall of more than 8 %, down to −100 for a change in per cent or points."""
        qualifier = "exact" if self.qualifier == "estimate" else self.qualifier
        if self.count and qualifier == "exact":
            return Interval.point(self.value)
        if self.value < 0 and qualifier in {"more_than", "nearly"}:
            low, high = intervals.interval(-self.value, qualifier, self.decimals)
            if high is None:
                return Interval(min(FALL_FLOOR, self.value), self.value)
            return Interval(-high, -low)
        low, high = intervals.interval(self.value, qualifier, self.decimals)
        return Interval(low, high)


class Figures(Mapping[str, Figure]):
    """The figures of one file, by dotted key."""

    def __init__(self, figures: Iterable[Figure], source: str = "") -> None:
        self._items = {figure.key: figure for figure in figures}
        self.source = source
        self.unknown: tuple[str, ...] = ()  # scalars that are neither figures nor metadata
        self.split_texts: tuple[str, ...] = ()  # tails of texts cut at a comma inside {…}
        self.breakdowns: dict[str, bool] = {}  # by_… path → declared complete (or partial)
        self.period = ""  # the period the file declares (``2024-H1``), if it does
        self.demo: frozenset[str] = frozenset()  # keys whose value rests on demo data

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
    {
        "value",
        "count",
        "area_ha",
        "growth_pct",
        "plan_pct",
        "plan",
        "share_pct",
        "of",
        "contribution_pp",
    }
)
COUNT_FIELDS = frozenset({"count", "of"})
META_FIELDS = frozenset(
    {
        "line",
        "qualifier",
        "unit",
        "name",
        "name_vi",
        "name_en",
        "note",
        "source",
        "deadline",
        "breakdown",
        "period",
        "sentence",
        "label",
        "year",
        "half",
        "quarter",
        "month",
    }
)
FIGURE_MAP_SUFFIXES = ("_pct", "_pp", "_ha")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
VI_NUMBER = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
LOOKS_VI = re.compile(r"[+-]?\d{1,3}(\.\d{3}){2,}(,\d+)?|[+-]?[\d.]*\d,\d+")
NUMBER_STYLES = ("en", "vi")
MAX_EXPONENT = 30  # |value| < 10^30: far beyond any published figure, far from overflow
FALL_FLOOR = Decimal(-100)  # a change in per cent cannot fall below −100
QUALIFIER_WORDS = {
    "more_than": ("hon", "tren", "more than", "over", "more_than"),
    "nearly": ("gan", "nearly", "almost"),
    "about": ("khoang", "xap xi", "about", "approximately", "around"),
    "estimate": ("uoc tinh", "uoc", "estimate", "estimated"),
    "exact": ("dat", "exact", "reached"),
}  # fmt: skip
MONEY_UNITS = {
    "nghin ty dong": Decimal(1000), "ngan ty dong": Decimal(1000), "nghin ty": Decimal(1000),
    "ty dong": Decimal(1), "ti dong": Decimal(1), "billion vnd": Decimal(1), "ty": Decimal(1),
    "trieu dong": Decimal("0.001"), "million vnd": Decimal("0.001"),
    "nghin dong": Decimal("0.000001"), "thousand vnd": Decimal("0.000001"),
}  # fmt: skip
"""Money units and their size in tỷ đồng (billion VND), the unit every money figure is
compared in: a file may give sections in triệu đồng under a total in tỷ đồng."""
MONEY_FIELDS = frozenset({"value", "plan"})


class LoadError(ValueError):
    """A file that cannot be read as figures; ``key`` names the figure at fault, if one.

    ``str()`` is one English line. ``code`` and ``params`` name the message ``stats.load.<code>``
    and ``line`` the file's line, so that :func:`load_error_text` says it in either language
    with its place (file, line, key)."""

    def __init__(
        self, source: str, problem: str, key: str | None = None, *, code: str = "",
        line: int | None = None, **params: object,
    ) -> None:  # fmt: skip
        self.source, self.problem, self.key = source, problem, key
        self.code, self.line, self.params = code, line, params
        where = f"line {line}: " if line is not None and "line" not in problem else ""
        super().__init__(f"{source}: {key + ': ' if key else ''}{where}{problem}")

    def at_line(self, line: int) -> LoadError:
        """The same error, placed on ``line`` of its file."""
        return LoadError(self.source, self.problem, self.key, code=self.code, line=line,
                         **self.params)  # fmt: skip


def load_error_text(error: LoadError, lang: str) -> str:
    """The load error in ``lang``, with its place: ``file, line 3, key a.value: message``."""
    place = [error.source]
    if error.line is not None:
        place.append(translate("stats.load.line", lang, line=str(error.line)))
    if error.key:
        place.append(translate("stats.load.key", lang, name=error.key))
    params = {k: str(v) for k, v in error.params.items()}
    message = translate(f"stats.load.{error.code}", lang, **params) if error.code else error.problem
    return f"{', '.join(place)}: {message}"


def qualifier_name(text: str) -> str | None:
    """The qualifier that ``text`` names, in English or Vietnamese, alone or combined
    ("ước hơn" → more_than, "khoảng gần" → nearly, "ước đạt" → estimate); None if unknown.
    Of a combination the one-sided qualifier wins: "khoảng gần 8" is still below 8."""
    words = " " + fold(str(text)).replace("_", " ").replace(",", " ") + " "
    found: set[str] = set()
    for name, phrases in QUALIFIER_WORDS.items():
        for phrase in sorted(phrases, key=len, reverse=True):
            if f" {phrase} " in words:
                found.add(name)
                words = words.replace(f" {phrase} ", " ")
    if words.strip():
        return None
    for name in ("more_than", "nearly", "about", "estimate"):
        if name in found:
            return name
    return "exact"


def _read_number(written: str, style: str, key: str, source: str) -> str:
    """``written`` in the file's number style as a plain decimal text, or a LoadError with
    a hint on how to write it."""
    if style == "vi":
        if VI_NUMBER.fullmatch(written):
            return written.replace(".", "").replace(",", ".")
        hint = "in number_style vi '.' groups thousands and ',' marks decimals: 1.671,5"
        raise LoadError(source, f"not a number: {written!r} ({hint})", key,
                        code="not_a_number_vi", written=written)  # fmt: skip
    if NUMBER.fullmatch(written) and not LOOKS_VI.fullmatch(written):
        return written
    hint = ""
    if LOOKS_VI.fullmatch(written):
        hint = (
            " (a Vietnamese-style number: declare number_style: vi,"
            " or use '.' as the decimal point)"
        )
    code = "looks_vietnamese" if hint else "not_a_number"
    raise LoadError(source, f"not a number: {written!r}{hint}", key, code=code, written=written)


def parse_figure(
    key: str,
    text: str,
    qualifier: str = "",
    source: str = "",
    style: str = "en",
    unit: str = "",
) -> Figure:
    """A figure from its text as written (``"311986.8"``, or ``"311.986,8"`` in number style
    ``vi``), a qualifier name, and its unit (money is compared in tỷ đồng)."""
    written = _read_number(str(text).strip(), style, key, source)
    name = qualifier_name(str(qualifier))
    if name is None:
        raise LoadError(source, f"unknown qualifier {qualifier!r}", key,
                        code="unknown_qualifier", qualifier=qualifier)  # fmt: skip
    try:
        value = Decimal(written)
    except InvalidOperation:  # pragma: no cover - NUMBER admits only valid decimals
        raise LoadError(source, f"not a number: {written!r}", key, code="not_a_number",
                        written=written) from None  # fmt: skip
    if value != 0 and abs(value.adjusted()) >= MAX_EXPONENT:
        raise LoadError(source, f"out of range: {written!r}", key, code="out_of_range",
                        written=written)  # fmt: skip
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    decimals, field_name = -exponent, key.rsplit(".", 1)[-1]
    factor = MONEY_UNITS.get(fold(unit).strip()) if unit and field_name in MONEY_FIELDS else None
    if factor is not None and factor != 1:
        value, decimals = value * factor, decimals - factor.adjusted()
    return Figure(key, value, decimals, name, field_name in COUNT_FIELDS)
