"""Statistical tables: a period's value by VSIC section or by district, beside the same period
a year earlier, with growth, contribution to the total's growth (percentage points), share,
rank, and share of the annual plan.

Every figure is a metric of :mod:`kcn.stats.metrics` read through the registry; this module
arranges them, labels them, adds the notes (Tết, boundary changes) and puts the published
growth rate (from the published figures mapped to ``stats.growth_pct``) beside each row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.i18n import in_language, translate
from kcn.kit.periods import Period
from kcn.models import PublishedFigure
from kcn.stats import tet
from kcn.stats.indicators import INDICATORS
from kcn.stats.metrics import parts
from kcn.stats.schemas import StatsTable, TableRow
from kcn.stats.service import period_end, province_on

GROWTH = "stats.growth_pct"


def published_growth(
    session: Session, indicator: str, period: Period
) -> dict[tuple[str, str], Decimal]:
    """``(section, area) → growth`` of the published figures that stand for ``stats.growth_pct``
    of ``indicator`` in ``period`` (see the published figures' ``metric`` references)."""
    found: dict[tuple[str, str], Decimal] = {}
    for figure in session.scalars(
        select(PublishedFigure).where(PublishedFigure.metric.is_not(None))
    ):
        refs = [metrics.parse_ref(r) for r in figure.metric or []]
        if len(refs) != 1 or refs[0][0] != GROWTH:
            continue
        params = refs[0][1]
        if params.get("indicator", "production_value") != indicator:
            continue
        if params.get("period", figure.period) != str(period):
            continue
        found[(params.get("section", ""), params.get("area", ""))] = figure.value
    return found


def _row(
    context: metrics.Context,
    params: dict[str, Any],
    code: str,
    label: str,
    published: Decimal | None,
) -> TableRow:
    def get(name: str) -> metrics.Result:
        return metrics.compute_in(context, name, params)

    value, previous = get("stats.value"), get("stats.value_last_year")
    rank = get("stats.growth_rank").value if code else None
    return TableRow(
        code=code, label=label, value=value.exact, previous=previous.exact,
        growth_pct=get(GROWTH).value,
        contribution_pp=get("stats.contribution_pp" if code else GROWTH).value,
        share_pct=get("stats.share_pct").value if code else (Decimal(100) if value.value else None),
        rank=None if rank is None else int(rank), published_growth_pct=published,
        is_demo=value.is_demo or previous.is_demo,
    )  # fmt: skip


def build_table(session: Session, indicator: str, period: Period, by: str, lang: str) -> StatsTable:
    if indicator not in INDICATORS:
        raise ValidationFailed(fields=[FieldError("indicator", "stats.unknown_indicator")])
    if by not in ("section", "district"):
        raise ValidationFailed(
            fields=[FieldError("by", "field.choice", {"expected": "section, district"})]
        )
    context = metrics.Context(session)
    base = {"indicator": indicator, "period": period, "section": "", "area": ""}
    published = published_growth(session, indicator, period)
    rows = []
    for code, label_vi, label_en in parts(session, by, period):
        key = (code, "") if by == "section" else ("", code)
        params = {**base, "section": key[0], "area": key[1]}
        label = in_language(lang, vi=label_vi, en=label_en)
        rows.append(_row(context, params, code, label, published.get(key)))
    total = _row(context, base, "", translate("stats.total", lang), published.get(("", "")))
    notes: list[str] = []
    if rows and any(r.contribution_pp is None for r in rows):
        notes.append(translate("stats.note.parts_missing", lang))
    plan_indicator = f"{indicator}_plan"
    plan = None
    if plan_indicator in INDICATORS:
        year = {**base, "indicator": plan_indicator, "period": Period(period.year, 1, 12)}
        plan = metrics.compute_in(context, "stats.value", year).exact
    plan_pct = metrics.compute_in(context, "stats.plan_pct", base).value
    note = tet.tet_note(period.year, (period.first_month, period.last_month), lang)
    if note and period.first_month <= 2:
        notes.append(note)
    previous_period = period.same_period_last_year()
    if (
        province_on(session, period_end(period)).id
        != province_on(session, period_end(previous_period)).id
    ):
        notes.append(translate("stats.note.province_changed", lang))
    if by == "district" and period_end(period) >= date(2025, 7, 1):
        notes.append(translate("stats.note.no_districts", lang))
    return StatsTable(
        indicator=indicator, period=str(period), period_label=period.label(lang),
        previous_period=str(previous_period), by=by, total=total, rows=rows, plan=plan,
        plan_pct=plan_pct, notes=notes,
    )  # fmt: skip


def monthly_series(
    session: Session, indicator: str, years: list[int], vsic: str = ""
) -> dict[int, list[Decimal | None]]:
    """The twelve monthly values of each year (None where missing), province level, as the
    metric ``stats.value`` gives them (the whole of industry: the sum of its sections)."""
    if indicator not in INDICATORS:
        raise ValidationFailed(fields=[FieldError("indicator", "stats.unknown_indicator")])
    context = metrics.Context(session)
    return {
        year: [
            metrics.compute_in(
                context,
                "stats.value",
                {"indicator": indicator, "period": Period.month(year, m), "section": vsic},
            ).exact
            for m in range(1, 13)
        ]
        for year in years
    }


@dataclass(frozen=True)
class Rate:
    """A headline rate of a period, under the code of the indicator it stands for."""

    indicator: str
    period: str
    value: Decimal
    unit: str
    is_demo: bool


HEADLINES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("iip_growth", "stats.growth_pct", {"indicator": "iip"}),
    ("value_added_growth", "stats.growth_pct", {"indicator": "value_added"}),
    ("grdp_growth_contribution", "stats.grdp_contribution_pp", {}),
)


def headline_rates(session: Session, period: Period) -> list[Rate]:
    """IIP growth, value-added growth and the contribution to GRDP growth of ``period``,
    those the data allows, computed by the registry."""
    context = metrics.Context(session)
    rates = []
    for code, name, params in HEADLINES:
        result = metrics.compute_in(context, name, {**params, "period": period})
        if result.value is not None:
            rates.append(Rate(code, str(period), result.value, result.unit, result.is_demo))
    return rates
