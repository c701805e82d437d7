"""The figures a report states: read from the metrics registry, at the precision and with the
qualifier the province published them with when a stored published figure stands for the same
metric reference and period; the published value itself only when the registry has no data.

Nothing here computes a figure: a reference is a metric of the registry (or, as in the
published figures, a sum of references), and the words around it (``tăng``/``giảm``/``không
đổi``, ``khoảng``, ``ước``) are chosen from the value and the qualifier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kcn.figures.service import defaults_for, list_figures
from kcn.kit import metrics
from kcn.kit.errors import DomainError
from kcn.kit.i18n import fmt_date, fmt_number, fmt_pct, translate, translate_plural
from kcn.kit.periods import Period
from kcn.reports.model import ReportRequest

ZERO = Decimal(0)
Key = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


@dataclass(frozen=True)
class Figure:
    """A value as the report states it. ``value`` is None when there is no data."""

    value: Decimal | None
    decimals: int
    unit: str
    qualifier: str = "exact"
    is_demo: bool = False
    published: bool = False
    records: int = 0

    @property
    def missing(self) -> bool:
        return self.value is None


MISSING = Figure(None, 0, "count")


def half_period(request: ReportRequest) -> Period:
    return Period(request.year, 1, 6) if request.half == 1 else Period(request.year, 7, 12)


class Figures:
    """Reads figures for one report (one shared metrics context, so related figures run
    their queries once)."""

    def __init__(self, session: Session, request: ReportRequest) -> None:
        self.session = session
        self.request = request
        self.lang = request.lang
        self.period = half_period(request)
        self.as_of = request.on
        self.context = metrics.Context(session)
        self._published = self._index()

    # --- published figures ------------------------------------------------------------

    def _key(self, refs: list[str], period: Period, as_of: date, extra: dict[str, Any]) -> Key:
        items = []
        for ref in refs:
            name, params = metrics.parse_ref(ref)
            metric = metrics.get(name)
            given = {**defaults_for(metric, period=period, as_of=as_of), **params}
            given.update(defaults_for(metric, **extra))
            resolved = metric.resolve(self.session, given)
            items.append((name, tuple(sorted((k, str(v)) for k, v in resolved.items()))))
        return tuple(items)

    def _index(self) -> dict[Key, Any]:
        index: dict[Key, Any] = {}
        for figure in list_figures(self.session):
            if not figure.metric or figure.period != str(self.period):
                continue
            try:
                index[self._key(list(figure.metric), self.period, figure.as_of, {})] = figure
            except DomainError:  # names a metric or parameter the registry does not know
                continue
        return index

    # --- reading --------------------------------------------------------------------

    def get(self, *refs: str, **params: Any) -> Figure:
        """The sum of the metric references ``refs`` for this report's period and date
        (``params`` override them: ``as_of=`` for a comparison with an earlier date)."""
        results = []
        defaults = {"period": self.period, "as_of": self.as_of}
        for ref in refs:
            name, given = metrics.parse_ref(ref)
            metric = metrics.get(name)
            args = {**defaults_for(metric, **defaults), **given, **defaults_for(metric, **params)}
            results.append(metrics.compute_in(self.context, name, args))
        unit = results[0].unit
        precision = max(r.precision for r in results)
        values = [r.value for r in results]
        known = [v for v in values if v is not None]
        value = sum(known, ZERO) if len(known) == len(values) else None
        is_demo = any(r.is_demo for r in results)
        records = sum(r.records for r in results)
        published = None
        if not params or params.get("as_of") in (None, self.as_of):
            key = self._key(list(refs), self.period, self.as_of, params)
            published = self._published.get(key)
        if published is None:
            return Figure(value, precision, unit, is_demo=is_demo, records=records)
        if value is None:
            return Figure(
                published.value,
                published.decimals,
                published.unit,
                published.qualifier,
                published=True,
            )
        return Figure(
            metrics.round_to(value, published.decimals),
            published.decimals,
            unit,
            published.qualifier,
            False,
            True,
            records,
        )

    def optional(self, name: str, **params: Any) -> Figure:
        """A metric that another domain may not have registered yet: MISSING when it is not
        in the registry (the section then says it has no data)."""
        try:
            metrics.get(name)
        except DomainError:
            return MISSING
        return self.get(metrics.format_ref(name, params))


# --- words ---------------------------------------------------------------------------------


def number(fig: Figure, lang: str, value: Decimal | None = None) -> str:
    """The figure's value (or ``value`` in its unit) the language's way, with its unit."""
    v = fig.value if value is None else value
    if v is None:
        return translate("report.no_figure", lang)
    text = fmt_number(v, lang, fig.decimals)
    if fig.unit == "pct":
        return fmt_pct(v, lang, fig.decimals)
    if fig.unit in {"ha", "pp", "billion_vnd", "usd_million", "days"}:
        return translate(f"report.unit.{fig.unit}", lang, value=text)
    return text


def qualifier(fig: Figure, lang: str) -> str:
    """``khoảng ``/``ước `` (``about ``/``an estimated ``) before a qualified figure."""
    if fig.qualifier in {"about", "estimate", "more_than", "nearly"}:
        return translate(f"report.q.{fig.qualifier}", lang) + " "
    return ""


def stated(fig: Figure, lang: str) -> str:
    """Qualifier and number: ``khoảng 2.238 ha``."""
    return qualifier(fig, lang) + number(fig, lang)


def change(fig: Figure, lang: str) -> str:
    """``tăng 19,11%`` / ``giảm 3,2%`` / ``không đổi`` from the sign of a growth figure (a
    percentage, points or a difference in the figure's unit)."""
    if fig.value is None:
        return translate("report.no_figure", lang)
    q = qualifier(fig, lang)
    if fig.value > 0:
        return translate("report.change.up", lang, q=q, value=number(fig, lang))
    if fig.value < 0:
        return translate("report.change.down", lang, q=q, value=number(fig, lang, -fig.value))
    return translate("report.change.flat", lang)


def count(key: str, fig: Figure, lang: str) -> str:
    """A count with its noun (a plural message): ``9 khu công nghiệp`` / ``9 industrial parks``."""
    n = int(fig.value or 0)
    return qualifier(fig, lang) + translate_plural(key, n, lang, count=n)


def trend(now: Figure, before: Figure, since: date, lang: str, key: str | None = None) -> str:
    """``tăng so với 31/12/2023 (8 khu công nghiệp)``: the verb chosen by comparing the figure
    with the same metric on an earlier date, and the earlier figure as the registry gives it
    (no difference is computed). Empty when either is missing."""
    if now.value is None or before.value is None:
        return ""
    shown = count(key, before, lang) if key else number(before, lang)
    day = fmt_date(since, lang)
    if now.value > before.value:
        return translate("report.trend.up", lang, date=day, before=shown)
    if now.value < before.value:
        return translate("report.trend.down", lang, date=day, before=shown)
    return translate("report.trend.flat", lang, date=day, before=shown)
