"""Compare two sources of figures for the same period, figure by figure.

Each source is a :class:`~kcn.stats.checker.figure.Figures` (a facts file, a CSV
``key,value,qualifier``, the published figures stored in KCN, or KCN's own computed metrics,
see :mod:`kcn.stats.compare_sources`). Figures are paired by key. For each pair the report
gives both values, the difference ``b − a``, the tolerance the two texts allow together (half
a unit of the last digit each writes, widened by their qualifiers: the intervals of
:mod:`kcn.figures.intervals`), and whether the two can be the same figure: **within** the
published precision when their intervals overlap, else **differs** by the gap between them.
Keys found in one source only are listed, never silently dropped. Two sources that declare
different periods are not compared (:class:`PeriodMismatch`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kcn.kit.i18n import translate
from kcn.stats.checker.figure import Figure, Figures


class PeriodMismatch(ValueError):
    """The two sources declare different periods."""

    def __init__(self, a: str, b: str) -> None:
        self.a, self.b = a, b
        super().__init__(f"the sources are for different periods: {a} and {b}")


@dataclass(frozen=True)
class Pair:
    """One figure in both sources, or in one only."""

    key: str
    a: Figure | None
    b: Figure | None

    @property
    def status(self) -> str:
        """``within``, ``differs``, ``only_a`` or ``only_b``."""
        if self.a is None:
            return "only_b"
        if self.b is None:
            return "only_a"
        return "within" if self.gap == 0 else "differs"

    @property
    def difference(self) -> Decimal | None:
        if self.a is None or self.b is None:
            return None
        return self.b.value - self.a.value

    @property
    def gap(self) -> Decimal | None:
        """How far apart the two intervals are: 0 when they overlap (an open end reaches
        any larger value)."""
        if self.a is None or self.b is None:
            return None
        x, y = self.a.interval, self.b.interval
        if x.high is not None and y.low > x.high:
            return y.low - x.high
        if y.high is not None and x.low > y.high:
            return x.low - y.high
        return Decimal(0)

    @property
    def tolerance(self) -> Decimal | None:
        """Half the widths of the two intervals added: how far apart the two values may be
        and still be the same figure (None when a qualifier leaves an interval open)."""
        if self.a is None or self.b is None:
            return None
        widths = [
            f.interval.high - f.interval.low
            for f in (self.a, self.b)
            if f.interval.high is not None
        ]
        if len(widths) < 2:
            return None
        return sum(widths, Decimal(0)) / 2


@dataclass(frozen=True)
class Comparison:
    a_source: str
    b_source: str
    period: str
    pairs: tuple[Pair, ...]
    demo: frozenset[str] = frozenset()  # keys whose value rests on demo data (either side)

    def count(self, status: str) -> int:
        return sum(1 for p in self.pairs if p.status == status)

    @property
    def compared(self) -> int:
        return self.count("within") + self.count("differs")

    @property
    def ok(self) -> bool:
        """Every figure found in both sources is within the published precision, and at least
        one figure was compared."""
        return self.compared > 0 and self.count("differs") == 0


def compare(a: Figures, b: Figures, period_a: str = "", period_b: str = "") -> Comparison:
    """The pairs of ``a`` and ``b`` in ``a``'s order, then ``b``'s keys not in ``a``."""
    if period_a and period_b and period_a != period_b:
        raise PeriodMismatch(period_a, period_b)
    keys = list(a) + [k for k in b if k not in a]
    pairs = tuple(Pair(k, a.get(k), b.get(k)) for k in keys)
    return Comparison(a.source, b.source, period_a or period_b, pairs, a.demo | b.demo)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _figure(figure: Figure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    interval = figure.interval
    return {
        "value": _text(figure.value),
        "qualifier": figure.qualifier,
        "low": _text(interval.low),
        "high": _text(interval.high),
    }


def comparison_data(result: Comparison, lang: str) -> dict[str, Any]:
    """The comparison as JSON-ready data, with each status in ``lang``."""
    counts = {s: result.count(s) for s in ("within", "differs", "only_a", "only_b")}
    return {
        "a": result.a_source,
        "b": result.b_source,
        "period": result.period,
        "ok": result.ok,
        "compared": result.compared,
        "counts": counts,
        "summary": translate(
            "stats.compare.summary",
            lang,
            compared=result.compared,
            within=counts["within"],
            differs=counts["differs"],
        ),
        "rows": [
            {
                "key": p.key,
                "a": _figure(p.a),
                "b": _figure(p.b),
                "difference": _text(p.difference),
                "tolerance": _text(p.tolerance),
                "gap": _text(p.gap),
                "status": p.status,
                "status_text": translate(f"stats.compare.status.{p.status}", lang),
                "is_demo": p.key in result.demo,
            }
            for p in result.pairs
        ],
    }
