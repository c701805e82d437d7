"""Statistical tables computed from the observations: a period's value by VSIC section or by
district, beside the same period a year earlier, with growth, contribution to the total's
growth (percentage points), share, rank, and share of the annual plan.

Values come from the stored observations (the period itself, or the sum of its months);
growth, contributions and shares are computed here with :mod:`kcn.stats.formulas`.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.i18n import in_language, translate
from kcn.kit.periods import Period
from kcn.models import AdminUnit, Observation
from kcn.stats import formulas, tet
from kcn.stats.indicators import INDICATORS, VSIC_SECTIONS
from kcn.stats.schemas import StatsTable, TableRow
from kcn.stats.service import current_values, period_end, province_on, value_of

TWO = Decimal("0.01")


def _q(value: Decimal | None) -> Decimal | None:
    """Two decimals, half up, as statistics are published."""
    return None if value is None else value.quantize(TWO, rounding=ROUND_HALF_UP)


def _parts(
    session: Session, by: str, period: Period, lang: str
) -> list[tuple[str, str, int | None]]:
    """``(code, label, unit id)`` of the parts of the table."""
    if by == "section":
        return [(s, in_language(lang, vi=vi, en=en), None) for s, (vi, en) in VSIC_SECTIONS.items()]
    province = province_on(session, period_end(period))
    units = session.scalars(
        select(AdminUnit)
        .where(AdminUnit.parent_id == province.id, AdminUnit.level == "district")
        .order_by(AdminUnit.name)
    )
    day = period_end(period)
    return [(u.code, u.name, u.id) for u in units if u.valid_on(day)]


def build_table(session: Session, indicator: str, period: Period, by: str, lang: str) -> StatsTable:
    if indicator not in INDICATORS:
        raise ValidationFailed(fields=[FieldError("indicator", "stats.unknown_indicator")])
    if by not in ("section", "district"):
        raise ValidationFailed(
            fields=[FieldError("by", "field.choice", {"expected": "section, district"})]
        )
    aggregation = INDICATORS[indicator].aggregation
    previous_period = period.same_period_last_year()
    observations = current_values(session, indicator, {period.year, previous_period.year})
    published = current_values(session, f"{indicator}_growth", {period.year})
    province_now = province_on(session, period_end(period))
    province_then = province_on(session, period_end(previous_period))
    notes: list[str] = []

    def values(
        code: str, unit_now: int, unit_then: int
    ) -> tuple[Decimal | None, Decimal | None, bool]:
        now, demo_now = value_of(observations, period, code, unit_now, aggregation)
        then, demo_then = value_of(observations, previous_period, code, unit_then, aggregation)
        return now, then, demo_now or demo_then

    def published_growth(code: str, unit_id: int) -> Decimal | None:
        hit = next((o for o in published if o.period == str(period) and o.vsic_code == code
                    and o.admin_unit_id == unit_id), None)  # fmt: skip
        return None if hit is None else hit.value

    rows: list[TableRow] = []
    pairs: list[tuple[int, Decimal, Decimal]] = []
    for i, (code, label, unit_id) in enumerate(_parts(session, by, period, lang)):
        vsic = code if by == "section" else ""
        now_unit = unit_id or province_now.id
        then_unit = unit_id or province_then.id
        now, then, demo = values(vsic, now_unit, then_unit)
        growth = formulas.growth_pct(now, then) if now is not None and then else None
        if now is not None and then:
            pairs.append((i, now, then))
        rows.append(TableRow(
            code=code, label=label, value=now, previous=then, growth_pct=_q(growth),
            contribution_pp=None, share_pct=None, rank=None,
            published_growth_pct=published_growth(vsic, now_unit), is_demo=demo,
        ))  # fmt: skip
    total_now, total_then, total_demo = values("", province_now.id, province_then.id)
    if total_now is None and len(pairs) == len(rows) and rows:
        total_now = sum((r.value for r in rows if r.value is not None), Decimal(0))
        total_then = sum((r.previous for r in rows if r.previous is not None), Decimal(0))
        total_demo = any(r.is_demo for r in rows)
    if len(pairs) == len(rows) and pairs:
        known = [(now, then) for _, now, then in pairs]
        for (i, _, _), c in zip(pairs, formulas.contributions_from_values(known), strict=True):
            rows[i].contribution_pp = _q(c)
    elif rows:
        notes.append(translate("stats.note.parts_missing", lang))
    if total_now:
        for row in rows:
            row.share_pct = _q(row.value * 100 / total_now) if row.value is not None else None
    ranked = formulas.rank({r.code: r.growth_pct for r in rows if r.growth_pct is not None})
    by_code = {code: position for code, _, position in ranked}
    for row in rows:
        row.rank = by_code.get(row.code)
    total_growth = (
        formulas.growth_pct(total_now, total_then) if total_now is not None and total_then else None
    )
    total = TableRow(
        code="",
        label=translate("stats.total", lang),
        value=total_now,
        previous=total_then,
        growth_pct=_q(total_growth),
        contribution_pp=_q(total_growth),
        share_pct=Decimal(100) if total_now else None,
        rank=None,
        published_growth_pct=published_growth("", province_now.id),
        is_demo=total_demo,
    )
    plan_obs = current_values(session, f"{indicator}_plan", {period.year}, "")
    plan = next((o.value for o in plan_obs if o.admin_unit_id == province_now.id), None)
    plan_pct = _q(formulas.plan_share(total_now, plan)) if plan and total_now is not None else None
    note = tet.tet_note(period.year, (period.first_month, period.last_month), lang)
    if note and period.first_month <= 2:
        notes.append(note)
    if province_now.id != province_then.id:
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
    """The twelve monthly values of each year (None where missing), province level. The whole
    of industry, when not recorded itself, is the sum of the four sections (all present)."""
    observations = current_values(session, indicator, set(years))
    additive = INDICATORS[indicator].aggregation == "sum"
    out: dict[int, list[Decimal | None]] = {}
    for year in years:
        province = province_on(session, date(year, 6, 28))
        by_key: dict[tuple[str, int], Observation] = {
            (o.vsic_code, o.first_month): o
            for o in observations
            if o.year == year and o.first_month == o.last_month and o.admin_unit_id == province.id
        }
        values: list[Decimal | None] = []
        for month in range(1, 13):
            hit = by_key.get((vsic, month))
            parts = [by_key.get((s, month)) for s in VSIC_SECTIONS]
            if hit is not None:
                values.append(hit.value)
            elif vsic == "" and additive and all(parts):
                values.append(sum((p.value for p in parts if p), Decimal(0)))
            else:
                values.append(None)
        out[year] = values
    return out
