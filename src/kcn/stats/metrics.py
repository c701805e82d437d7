"""Statistical figures derived from the observations, registered in :mod:`kcn.kit.metrics`.

A value is the observation for the period itself, or (for additive indicators) the sum of its
months; the whole of industry, when not recorded itself, is the sum of its VSIC sections.
Growth compares a period with the same period a year earlier: for additive values and for
indices alike it is ``(Σ current / Σ previous − 1) × 100`` over the same months (the GSO's
cumulative index). Contributions, shares, ranks and plan shares follow from these values.
The arithmetic lives in :mod:`kcn.stats.formulas`; statistical tables, the reconciliation of
published figures and the API read these metrics, none computes a figure itself.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit.metrics import Context, Metric, Param, Reading, register, round_to
from kcn.kit.periods import Period
from kcn.models import AdminUnit, Observation
from kcn.stats import formulas
from kcn.stats.default_periods import default_period
from kcn.stats.indicators import INDICATORS, VSIC_SECTIONS
from kcn.stats.service import current_values, period_end, province_on, resolve_unit, value_of

DEMO = frozenset({"demo"})


def _indicator_default(_session: Session, _params: dict[str, Any]) -> str:
    return "production_value"


def _period_default(session: Session, params: dict[str, Any]) -> Period:
    return default_period(session, params.get("indicator") or "production_value")


INDICATOR = Param("indicator", str, "Indicator code (default production_value).",
                  choices=tuple(INDICATORS), default_from=_indicator_default)  # fmt: skip
PERIOD = Param("period", Period, "YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY or YYYY-01..MM (default: "
               "the latest period with data).", default_from=_period_default)  # fmt: skip
SECTION = Param("section", str, "VSIC code; empty: the whole of industry.", default="")
AREA = Param("area", str, "Administrative unit code; empty: the province.", default="")
BY = Param("by", str, "Parts: section or district.", choices=("section", "district"),
           default="district")  # fmt: skip
VALUE_PARAMS = (INDICATOR, PERIOD, SECTION, AREA)


# --- reading values -----------------------------------------------------------------------


def _unit(context: Context, area: str, period: Period) -> AdminUnit | None:
    key = ("stats.unit", area, period_end(period))
    found: AdminUnit | None = context.memo(
        key, lambda: resolve_unit(context.session, area or None, period)
    )
    return found


def _observations(context: Context, indicator: str, year: int) -> list[Observation]:
    found: list[Observation] = context.memo(
        ("stats.obs", indicator, year),
        lambda: current_values(context.session, indicator, {year}),
    )
    return found


def _observations_of(
    context: Context, indicator: str, year: int, section: str, unit_id: int
) -> list[Observation]:
    """The year's observations of one section and unit: grouped once per request, since a
    page asks for hundreds of values and the year may hold every province's rows."""

    def group() -> dict[tuple[str, int], list[Observation]]:
        groups: dict[tuple[str, int], list[Observation]] = {}
        for o in _observations(context, indicator, year):
            groups.setdefault((o.vsic_code, o.admin_unit_id), []).append(o)
        return groups

    groups: dict[tuple[str, int], list[Observation]] = context.memo(
        ("stats.obs_by", indicator, year), group
    )
    return groups.get((section, unit_id), [])


def value(context: Context, indicator: str, period: Period, section: str, area: str) -> Reading:
    """The value of ``indicator`` for a period, section and area (see the module doc)."""
    unit = _unit(context, area, period)
    if unit is None:
        return Reading(None)
    aggregation = INDICATORS[indicator].aggregation
    observations = _observations_of(context, indicator, period.year, section, unit.id)
    found, demo = value_of(observations, period, section, unit.id, aggregation)
    if found is not None:
        return Reading(found, 1, DEMO if demo else frozenset())
    if section == "" and aggregation == "sum":
        parts = [value(context, indicator, period, s, area) for s in VSIC_SECTIONS]
        if parts and all(p.value is not None for p in parts):
            total = sum((p.value for p in parts if p.value is not None), Decimal(0))
            return Reading(total, sum(p.records for p in parts), _flags(*parts))
    return Reading(None)


def _flags(*readings: Reading) -> frozenset[str]:
    return frozenset().union(*(r.flags for r in readings))


def _pair(context: Context, p: dict[str, Any]) -> tuple[Reading, Reading]:
    """This period's and the same period last year's values; for an index not recorded for
    the whole period, the sums of its months (the GSO's cumulative index)."""
    indicator, period, section, area = p["indicator"], p["period"], p["section"], p["area"]
    last_year = period.same_period_last_year()
    now = value(context, indicator, period, section, area)
    then = value(context, indicator, last_year, section, area)
    if (now.value is None or then.value is None) and period.months > 1:
        months = [value(context, indicator, m, section, area) for m in period.month_periods()]
        before = [value(context, indicator, m, section, area) for m in last_year.month_periods()]
        if all(r.value is not None for r in months + before):
            return _summed(months), _summed(before)
    return now, then


def _summed(readings: list[Reading]) -> Reading:
    total = sum((r.value for r in readings if r.value is not None), Decimal(0))
    return Reading(total, sum(r.records for r in readings), _flags(*readings))


def _unit_of(p: dict[str, Any]) -> str:
    return INDICATORS[p["indicator"]].unit


def _value(context: Context, p: dict[str, Any]) -> Reading:
    found = value(context, p["indicator"], p["period"], p["section"], p["area"])
    return Reading(found.value, found.records, found.flags, _unit_of(p))


def _last_year(context: Context, p: dict[str, Any]) -> Reading:
    last = p["period"].same_period_last_year()
    found = value(context, p["indicator"], last, p["section"], p["area"])
    return Reading(found.value, found.records, found.flags, _unit_of(p))


def growth(context: Context, p: dict[str, Any]) -> Reading:
    now, then = _pair(context, p)
    if now.value is None or not then.value:
        return Reading(None)
    result = formulas.growth_pct(now.value, then.value)
    return Reading(result, now.records + then.records, _flags(now, then))


# --- parts of a whole ---------------------------------------------------------------------


def parts(session: Session, by: str, period: Period) -> list[tuple[str, str, str]]:
    """``(code, Vietnamese name, English name)`` of the parts of the province: its VSIC
    sections, or its district-level units in force at the end of ``period``."""
    if by == "section":
        return [(code, vi, en) for code, (vi, en) in VSIC_SECTIONS.items()]
    day = period_end(period)
    province = province_on(session, day)
    units = session.scalars(
        select(AdminUnit)
        .where(AdminUnit.parent_id == province.id, AdminUnit.level == "district")
        .order_by(AdminUnit.name)
    )
    return [(u.code, u.name, u.name) for u in units if u.valid_on(day)]


def _by(p: dict[str, Any]) -> str:
    """A section's siblings are the sections (of the same area); an area's are the districts."""
    return "section" if p["section"] else "district"


def _part(p: dict[str, Any], by: str, code: str) -> dict[str, Any]:
    return {**p, "section": code, "area": p["area"]} if by == "section" else {**p, "area": code}


def _siblings(context: Context, p: dict[str, Any], by: str) -> list[tuple[str, Reading, Reading]]:
    """``(code, this year, last year)`` of every part ``p`` is one of."""
    codes: list[tuple[str, str, str]] = context.memo(
        ("stats.parts", by, p["period"]), lambda: parts(context.session, by, p["period"])
    )
    return [(code, *_pair(context, _part(p, by, code))) for code, _, _ in codes]


def _complete(
    siblings: list[tuple[str, Reading, Reading]],
) -> list[tuple[str, Decimal, Decimal]] | None:
    known = [(c, n.value, t.value) for c, n, t in siblings if n.value is not None and t.value]
    return known if known and len(known) == len(siblings) else None


def _index_contribution(context: Context, p: dict[str, Any]) -> Reading:
    """A section's contribution to the growth of a fixed-weight index, in points:
    ``s × (I_t − I_t−12) / I_total,t−12 × 100`` with ``s`` its weight share (months summed for
    a longer period), as the IIP engine computes it. Sums of indices are not totals."""
    if p["area"] or not p["section"]:
        return Reading(None)
    share = _share(context, p)
    now, then = _pair(context, p)
    _, total_then = _pair(context, {**p, "section": ""})
    if share.value is None or now.value is None or then.value is None or not total_then.value:
        return Reading(None)
    result = share.value * (now.value - then.value) / total_then.value
    records = share.records + now.records + then.records + total_then.records
    return Reading(result, records, _flags(share, now, then, total_then))


def _contribution(context: Context, p: dict[str, Any]) -> Reading:
    if INDICATORS[p["indicator"]].unit == "index":
        return _index_contribution(context, p)
    own = p["section"] or p["area"]
    siblings = _siblings(context, p, _by(p))
    known = _complete(siblings)
    codes = [code for code, _, _ in siblings]
    if known is None or own not in codes:
        return Reading(None)
    result = formulas.contributions_from_values([(n, t) for _, n, t in known])
    flags = _flags(*(r for _, n, t in siblings for r in (n, t)))
    return Reading(result[codes.index(own)], 2 * len(siblings), flags)


def _share(context: Context, p: dict[str, Any]) -> Reading:
    if INDICATORS[p["indicator"]].unit == "index":  # an index's share is its weight share
        if p["area"] or not p["section"]:
            return Reading(None)
        year = Period(p["period"].year, 1, 12)
        found = value(context, "iip_weight_share", year, p["section"], "")
        return Reading(found.value, found.records, found.flags)
    part = value(context, p["indicator"], p["period"], p["section"], p["area"])
    whole_area = p["area"] if p["section"] else ""
    whole = value(context, p["indicator"], p["period"], "", whole_area)
    if part.value is None or not whole.value:
        return Reading(None)
    return Reading(part.value * formulas.HUNDRED / whole.value, 2, _flags(part, whole))


def _rank(context: Context, p: dict[str, Any]) -> Reading:
    own = p["section"] or p["area"]
    rates = {
        code: round_to(formulas.growth_pct(n.value, t.value), 2) or Decimal(0)
        for code, n, t in _siblings(context, p, _by(p))
        if n.value is not None and t.value
    }
    found = next((r for code, _, r in formulas.rank(rates) if code == own), None)
    return Reading(None if found is None else Decimal(found), len(rates))


def _growing(context: Context, p: dict[str, Any]) -> Reading:
    whole = {**p, "section": "", "area": ""}
    rates = [
        formulas.growth_pct(n.value, t.value)
        for _, n, t in _siblings(context, whole, p["by"])
        if n.value is not None and t.value
    ]
    return Reading(Decimal(sum(1 for r in rates if r > 0)), len(rates))


def _plan_pct(context: Context, p: dict[str, Any]) -> Reading:
    plan_indicator = f"{p['indicator']}_plan"
    if plan_indicator not in INDICATORS:
        return Reading(None)
    now = value(context, p["indicator"], p["period"], p["section"], p["area"])
    plan = value(context, plan_indicator, Period(p["period"].year, 1, 12), p["section"], p["area"])
    if now.value is None or not plan.value:
        return Reading(None)
    return Reading(formulas.plan_share(now.value, plan.value), 2, _flags(now, plan))


def _grdp_contribution(context: Context, p: dict[str, Any]) -> Reading:
    now, then = _pair(context, {**p, "section": "", "area": ""})
    whole = value(context, p["whole"], p["period"].same_period_last_year(), "", "")
    if now.value is None or then.value is None or not whole.value:
        return Reading(None)
    result = formulas.contribution_pp(now.value, then.value, whole.value)
    return Reading(result, now.records + then.records + whole.records, _flags(now, then, whole))


# --- the declarations ---------------------------------------------------------------------

OBS = ("observation.value", "observation.period", "observation.vsic_code",
       "observation.admin_unit_id")  # fmt: skip
WHOLE = Param("whole", str, "Indicator of the whole (default grdp).", choices=tuple(INDICATORS),
              default="grdp")  # fmt: skip
VA = Param("indicator", str, "Indicator of the part (default value_added).",
           choices=tuple(INDICATORS), default="value_added")  # fmt: skip

METRICS = [
    Metric(
        "stats.value", "billion_vnd", 2,
        "Giá trị của chỉ tiêu trong kỳ: số liệu của chính kỳ đó, hoặc tổng các tháng (chỉ tiêu "
        "cộng được); toàn ngành công nghiệp là tổng các ngành cấp 1 khi không ghi riêng.",
        "The indicator's value for the period: recorded for the period itself, or the sum of "
        "its months (additive indicators); the whole of industry is the sum of its sections "
        "when not recorded itself. Unit: the indicator's.",
        "v(period) or Σ v(month)", OBS, _value, VALUE_PARAMS,
    ),
    Metric(
        "stats.value_last_year", "billion_vnd", 2,
        "Giá trị cùng kỳ năm trước (cùng các tháng của năm trước).",
        "The value of the same period a year earlier (the same months).",
        "v(same period last year)", OBS, _last_year, VALUE_PARAMS,
    ),
    Metric(
        "stats.growth_pct", "pct", 2,
        "Tốc độ tăng so với cùng kỳ; với chỉ số (IIP) không ghi cho cả kỳ: tổng chỉ số các "
        "tháng chia tổng cùng kỳ (chỉ số cộng dồn của Tổng cục Thống kê).",
        "Growth on the same period; for an index (IIP) not recorded for the whole period: the "
        "sum of its months over the same months a year earlier (the GSO's cumulative index).",
        "(Σ cur / Σ prev − 1) × 100", OBS, growth, VALUE_PARAMS,
    ),
    Metric(
        "stats.contribution_pp", "pp", 2,
        "Đóng góp của một ngành (section) hoặc một huyện (area) vào tăng trưởng của toàn bộ, "
        "điểm phần trăm; các đóng góp cộng lại bằng tốc độ tăng của tổng. Với chỉ số (IIP): "
        "tỷ trọng quyền số × (I_t − I_t−12) / I_toàn ngành,t−12, như khi tính IIP.",
        "A section's (section) or district's (area) contribution to the growth of the whole, "
        "in percentage points; the contributions add up to the whole's growth. For an index "
        "(IIP): weight share × (I_t − I_t−12) / I_total,t−12, as the IIP engine computes it.",
        "(cur_i − prev_i) / Σ prev_j × 100", OBS, _contribution, VALUE_PARAMS,
    ),
    Metric(
        "stats.share_pct", "pct", 2,
        "Tỷ trọng của ngành hoặc huyện trong tổng của kỳ; với chỉ số (IIP) là tỷ trọng quyền "
        "số của ngành (chỉ tiêu iip_weight_share của năm), không phải tỷ số giữa các chỉ số.",
        "The section's or district's share of the whole in the period; for an index (IIP) the "
        "section's weight share (indicator iip_weight_share of the year), never a ratio of "
        "indices.",
        "v_i / v_total × 100", OBS, _share, VALUE_PARAMS,
    ),
    Metric(
        "stats.growth_rank", "rank", 0,
        "Thứ hạng tốc độ tăng trong các ngành (hoặc các huyện); bằng nhau thì cùng hạng.",
        "Rank of the growth among the sections (or districts); equal rates share a rank.",
        "1 + number of siblings growing faster", OBS, _rank, VALUE_PARAMS,
    ),
    Metric(
        "stats.parts_growing", "count", 0,
        "Số ngành (by=section) hoặc huyện (by=district) có tốc độ tăng dương.",
        "Sections (by=section) or districts (by=district) whose value grew.",
        "count(g_i > 0)", OBS, _growing, (INDICATOR, PERIOD, BY),
    ),
    Metric(
        "stats.plan_pct", "pct", 2,
        "Giá trị kỳ so với kế hoạch năm (chỉ tiêu <indicator>_plan), phần trăm.",
        "The period's value as a share of the annual plan (indicator <indicator>_plan).",
        "v / plan × 100", (*OBS, "observation[<indicator>_plan]"), _plan_pct, VALUE_PARAMS,
    ),
    Metric(
        "stats.grdp_contribution_pp", "pp", 2,
        "Đóng góp của giá trị tăng thêm ngành công nghiệp vào tăng trưởng GRDP, điểm phần "
        "trăm (giá so sánh).",
        "Contribution of industrial value added to GRDP growth, in percentage points (constant "
        "prices).",
        "(VA_t − VA_t−1) / GRDP_t−1 × 100", (*OBS, "observation[grdp]"), _grdp_contribution,
        (VA, PERIOD, WHOLE),
    ),
]  # fmt: skip

for _metric in METRICS:
    register(_metric)
