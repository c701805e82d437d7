"""The statistics behind Bắc Giang's first-half 2024 figures.

Published (not demo): the first-half 2024 production value by VSIC section and in total, the
growth rates the report gives (total, sections, four districts), IIP growth, value-added
growth and the contribution to GRDP growth.

Demo (marked ``is_demo``): everything the report implies but does not give — the first half
of 2023 (from the published growth rates), the monthly series of 2023 and 2024 whose sums are
those half-year values, the ten districts' values (the four published growth rates held
exactly, the six unnamed districts solved so that the districts add up to the province), the
monthly IIP whose cumulative growth is the published one, and the annual plan implied by
"47,3 % of plan".
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy.orm import Session

from kcn.kit.permissions import system_actor
from kcn.stats import service as stats_service

D = Decimal
SOURCE = "Báo cáo 6 tháng đầu năm 2024 của tỉnh Bắc Giang (bản tin giữa năm 2024)"
DEMO = "Dữ liệu mẫu suy ra từ số liệu công bố (demo data derived from the published figures)"

H1_2024 = {"C": D("311986.8"), "D": D("1769"), "B": D("1076.7"), "E": D("312.6")}
GROWTH_2024 = {"C": D("28.14"), "D": D("14.9"), "B": D("12.18"), "E": D("8.19")}
TOTAL_2024, TOTAL_GROWTH, PLAN_PCT = D("315145"), D("28"), D("47.3")
# Published growth of four districts (GSO codes as of 2024): Việt Yên, Yên Dũng, Hiệp Hòa, TP.
DISTRICT_GROWTH = {"222": D("27.23"), "221": D("18.36"), "223": D("17.27"), "213": D("16.3")}
# Demo: each district's share of the province's first-half 2024 production value.
DISTRICT_SHARE = {
    "222": D("0.50"), "221": D("0.07"), "223": D("0.10"), "213": D("0.08"), "217": D("0.07"),
    "216": D("0.05"), "218": D("0.05"), "215": D("0.03"), "219": D("0.03"), "220": D("0.02"),
}  # fmt: skip
SPREAD = {  # demo: relative growth of the six unnamed districts
    "217": D("0.55"), "216": D("0.30"), "218": D("0.45"), "215": D("0.20"), "219": D("0.35"),
    "220": D("0.25"),
}  # fmt: skip
# Demo monthly profile: Tết fell on 22 Jan 2023 and on 10 Feb 2024.
PROFILE = {
    2023: (D("0.140"), D("0.160"), D("0.170"), D("0.172"), D("0.176"), D("0.182")),
    2024: (D("0.170"), D("0.135"), D("0.170"), D("0.172"), D("0.173"), D("0.180")),
}
IIP_2023 = (D("262.40"), D("301.15"), D("318.70"), D("322.05"), D("330.80"), D("339.60"))
IIP_GROWTH = D("26.45")
ONE_DECIMAL = D("0.1")


def _round(value: Decimal, step: Decimal = ONE_DECIMAL) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_EVEN)


def _months(total: Decimal, profile: tuple[Decimal, ...]) -> list[Decimal]:
    """Split a half-year total over six months by ``profile``; the sum is exact."""
    scale = sum(profile)
    parts = [_round(total * p / scale) for p in profile[:-1]]
    return [*parts, total - sum(parts)]


def _row(indicator: str, period: str, value: Decimal, *, vsic: str = "", unit: str = "",
         status: str = "official", demo: bool = False) -> dict[str, Any]:  # fmt: skip
    return {
        "indicator": indicator, "period": period, "vsic": vsic, "admin_unit": unit or None,
        "value": value, "status": status, "source": DEMO if demo else SOURCE, "is_demo": demo,
    }  # fmt: skip


def rows() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    h1_2023 = {s: _round(v / (1 + GROWTH_2024[s] / 100), D("0.01")) for s, v in H1_2024.items()}
    for section in H1_2024:
        out.append(_row("production_value", "2024-H1", H1_2024[section], vsic=section,
                        status="estimate"))  # fmt: skip
        out.append(_row("production_value_growth", "2024-H1", GROWTH_2024[section], vsic=section))
        out.append(_row("production_value", "2023-H1", h1_2023[section], vsic=section, demo=True))
        for year, total in ((2023, h1_2023[section]), (2024, H1_2024[section])):
            for month, value in enumerate(_months(total, PROFILE[year]), start=1):
                out.append(_row("production_value", f"{year}-{month:02d}", value, vsic=section,
                                demo=True))  # fmt: skip
    out.append(_row("production_value", "2024-H1", TOTAL_2024, status="estimate"))
    out.append(_row("production_value_growth", "2024-H1", TOTAL_GROWTH, status="estimate"))
    total_2023 = sum(h1_2023.values(), D(0))
    out.append(_row("production_value", "2023-H1", total_2023, demo=True))
    plan = _round(TOTAL_2024 * 100 / PLAN_PCT, D("1E2"))  # to the hundred
    out.append(_row("production_value_plan", "2024", plan, demo=True))
    out += _district_rows(total_2023)
    out += [
        _row("iip_growth", "2024-H1", IIP_GROWTH, status="estimate"),
        _row("value_added_growth", "2024-H1", D("19.11"), status="estimate"),
        _row("grdp_growth_contribution", "2024-H1", D("12.41")),
    ]
    iip_2024 = [_round(v * (1 + IIP_GROWTH / 100), D("0.01")) for v in IIP_2023]
    iip_2024[1] = _round(iip_2024[1] * D("0.86"), D("0.01"))  # Tết in February 2024
    iip_2024[0] = _round(iip_2024[0] * D("1.09"), D("0.01"))  # … and not in January
    # Hold the published cumulative growth exactly: solve June.
    iip_2024[5] = _round(sum(IIP_2023) * (1 + IIP_GROWTH / 100) - sum(iip_2024[:5]), D("0.01"))
    for year, series in ((2023, IIP_2023), (2024, iip_2024)):
        for month, value in enumerate(series, start=1):
            out.append(_row("iip", f"{year}-{month:02d}", value, demo=True))
    return out


def _district_rows(total_2023: Decimal) -> list[dict[str, Any]]:
    """Districts add up to the province in both years; the four published growth rates hold
    exactly, and the six others share what remains (demo)."""
    current = {code: _round(TOTAL_2024 * share) for code, share in DISTRICT_SHARE.items()}
    current["220"] += TOTAL_2024 - sum(current.values())
    previous = {c: _round(current[c] / (1 + g / 100)) for c, g in DISTRICT_GROWTH.items()}
    others = [c for c in current if c not in DISTRICT_GROWTH]
    remaining = total_2023 - sum(previous.values())
    # Spread the remainder so that the six grow at different (demo) rates.
    weights = {c: current[c] / (1 + SPREAD[c]) for c in others}
    scale = sum(weights.values())
    for code in others[:-1]:
        previous[code] = _round(remaining * weights[code] / scale)
    previous[others[-1]] = total_2023 - sum(previous.values())
    out = []
    for code in current:
        out.append(_row("production_value", "2024-H1", current[code], unit=code, demo=True))
        out.append(_row("production_value", "2023-H1", previous[code], unit=code, demo=True))
    out += [
        _row("production_value_growth", "2024-H1", g, unit=c) for c, g in DISTRICT_GROWTH.items()
    ]
    return out


def load_statistics(session: Session, lang: str = "vi") -> int:
    """Import the rows through the statistics service (validated, revisioned, audited)."""
    actor = system_actor("demo data loader", "import")
    report = stats_service.import_rows(session, rows(), actor, lang)
    if report.errors:
        raise RuntimeError(f"demo statistics do not load: {report.errors[:3]}")
    return report.created
