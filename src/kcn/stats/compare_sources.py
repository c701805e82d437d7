"""The sources :mod:`kcn.stats.checker.compare` can compare: a file of figures, the figures
the province published as stored in KCN (``published``), and KCN's own computed values for
those same figures (``kcn``: the metrics each published figure names, see
:mod:`kcn.figures.service`), all keyed alike.

``published`` and ``kcn`` take the figures of one period (a published figure's ``period``),
or every figure when no period is given. A computed value is written to its metric's
precision, which is its published precision.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from sqlalchemy.orm import Session

from kcn.figures import service as figures_service
from kcn.kit import metrics
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.periods import Period, PeriodError
from kcn.models import PublishedFigure
from kcn.stats.checker.compare import PeriodMismatch, compare, comparison_data
from kcn.stats.checker.figure import Figure, Figures, qualifier_name
from kcn.stats.checker.service import figures_of_upload
from kcn.stats.limits import UploadLimits

Stored = Literal["published", "kcn"]
STORED: tuple[Stored, ...] = ("published", "kcn")


def _period(text: str | None, field: str) -> str:
    if not text:
        return ""
    try:
        return str(Period.parse(text))
    except PeriodError as exc:
        raise ValidationFailed(fields=[FieldError(field, "stats.bad_period")]) from exc


def _of_period(session: Session, period: str) -> list[PublishedFigure]:
    rows = figures_service.list_figures(session)
    return [f for f in rows if not period or f.period == period]


def _as_written(value: Decimal, decimals: int) -> Decimal:
    """``value`` with exactly ``decimals`` digits after the point, as published."""
    return value.quantize(Decimal(1).scaleb(-decimals)) if decimals >= 0 else value


def published(session: Session, period: str = "") -> Figures:
    """The published figures stored in KCN (of ``period``, or all)."""
    found = []
    for row in _of_period(session, period):
        qualifier = qualifier_name(row.qualifier) or "exact"
        value = _as_written(row.value, row.decimals)
        found.append(Figure(row.key, value, row.decimals, qualifier, row.unit == "count"))
    result = Figures(found, "published")
    result.period = period
    return result


def computed(session: Session, period: str = "") -> Figures:
    """KCN's values for the published figures (of ``period``, or all) that it can derive from
    the data it holds, each written to its metric's precision."""
    context = metrics.Context(session)
    found, demo = [], set()
    for row in _of_period(session, period):
        results = figures_service.derive(context, row)
        if results is None:
            continue
        if any(r.is_demo for r in results):
            demo.add(row.key)
        decimals = max(r.precision for r in results)
        total = sum((r.value for r in results if r.value is not None), Decimal(0))
        found.append(
            Figure(row.key, _as_written(total, decimals), decimals, "exact", row.unit == "count")
        )
    result = Figures(found, "kcn")
    result.period = period
    result.demo = frozenset(demo)
    return result


def stored(session: Session, which: str, period: str | None, field: str) -> Figures:
    """The stored source ``which`` (``published`` or ``kcn``) of ``period``."""
    chosen = _period(period, "period")
    if which == "published":
        return published(session, chosen)
    if which == "kcn":
        return computed(session, chosen)
    raise ValidationFailed(
        fields=[FieldError(field, "field.choice", {"expected": "file, published, kcn"})]
    )


def source_figures(
    session: Session,
    field: str,
    kind: str,
    upload: tuple[str, bytes] | None,
    period: str | None,
    limits: UploadLimits | None = None,
    lang: str = "vi",
) -> Figures:
    """One side of a comparison: an uploaded file (``kind`` ``file``) or a stored source."""
    if kind == "file":
        if upload is None or not upload[1]:
            raise ValidationFailed(fields=[FieldError(field, "field.required")])
        return figures_of_upload(upload[0], upload[1], limits, field, lang)
    return stored(session, kind, period, f"{field}_source")


def run(a: Figures, b: Figures, lang: str) -> dict[str, Any]:
    """The comparison of ``a`` and ``b`` as JSON-ready data; sources of different declared
    periods are a 422 on ``period``."""
    try:
        result = compare(a, b, a.period, b.period)
    except PeriodMismatch as exc:
        raise ValidationFailed(
            fields=[FieldError("period", "stats.compare.periods_differ", {"a": exc.a, "b": exc.b})]
        ) from exc
    return comparison_data(result, lang)
