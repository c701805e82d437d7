"""How the demo statistics were made: run once, offline, never at run time.

    python -m kcn.demo.derive > src/kcn/demo/data/statistics_bac_giang_2023_2024.csv

The province published the first-half 2024 production value by VSIC section and in total
(real, kept as published) and growth rates, IIP growth, value-added growth and the contribution
to GRDP growth. A province records values, not rates, so the demo holds values and the metrics
compute every rate. Values the report does not give are invented here (``demo`` = true) so that
the computed rates, rounded as published, are the published ones: the first half of 2023 by
section and district, the monthly series, the annual plan, the monthly IIP, and the value added
and GRDP at constant prices. A test checks that this script still writes the shipped file.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import TextIO

D = Decimal
TENTH, CENT = D("0.1"), D("0.01")
H1_2024 = {"C": D("311986.8"), "D": D("1769"), "B": D("1076.7"), "E": D("312.6")}
GROWTH_2024 = {"C": D("28.14"), "D": D("14.9"), "B": D("12.18"), "E": D("8.19")}
TOTAL_2024, PLAN_PCT = D("315145"), D("47.3")
IIP_GROWTH, VA_GROWTH, GRDP_CONTRIBUTION = D("26.45"), D("19.11"), D("12.41")
# Published growth of four districts (GSO codes as of 2024): Việt Yên, Yên Dũng, Hiệp Hòa, TP.
DISTRICT_GROWTH = {"222": D("27.23"), "221": D("18.36"), "223": D("17.27"), "213": D("16.3")}
# Invented: each district's share of the province's first-half 2024 production value.
DISTRICT_SHARE = {
    "222": D("0.50"), "221": D("0.07"), "223": D("0.10"), "213": D("0.08"), "217": D("0.07"),
    "216": D("0.05"), "218": D("0.05"), "215": D("0.03"), "219": D("0.03"), "220": D("0.02"),
}  # fmt: skip
SPREAD = {  # invented: relative growth of the six unnamed districts
    "217": D("0.55"), "216": D("0.30"), "218": D("0.45"), "215": D("0.20"), "219": D("0.35"),
    "220": D("0.25"),
}  # fmt: skip
# Invented monthly profile: Tết fell on 22 Jan 2023 and on 10 Feb 2024.
PROFILE = {
    2023: (D("0.140"), D("0.160"), D("0.170"), D("0.172"), D("0.176"), D("0.182")),
    2024: (D("0.170"), D("0.135"), D("0.170"), D("0.172"), D("0.173"), D("0.180")),
}
IIP_2023 = (D("262.40"), D("301.15"), D("318.70"), D("322.05"), D("330.80"), D("339.60"))
GRDP_2023 = D("50000")  # invented order of size: first-half GRDP at constant 2010 prices

Row = tuple[str, str, str, str, Decimal, str, bool]


def _round(value: Decimal, step: Decimal = TENTH) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_EVEN)


def _published(value: Decimal) -> Decimal:
    """Rounded as the metrics publish a rate: two decimals, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _solve(first: Decimal, holds: Callable[[Decimal], bool], step: Decimal = TENTH) -> Decimal:
    """The value nearest ``first`` (in steps of ``step``) for which ``holds`` is true."""
    for k in range(20):
        for candidate in (first + k * step, first - k * step):
            if holds(candidate):
                return candidate
    raise ValueError(f"no value near {first} holds")


def _previous(current: Decimal, growth: Decimal) -> Decimal:
    """Last year's value, to a tenth (a hundredth when no tenth will do), from which
    ``current`` grew by ``growth`` per cent."""
    for step in (TENTH, CENT):
        first = _round(current / (1 + growth / 100), step)
        try:
            return _solve(first, lambda p: _published((current / p - 1) * 100) == growth, step)
        except ValueError:
            continue
    raise ValueError(f"no previous value for {current} and {growth} %")


def _months(total: Decimal, profile: tuple[Decimal, ...]) -> list[Decimal]:
    """Split a half-year total over six months by ``profile``; the sum is exact."""
    scale = sum(profile)
    parts = [_round(total * p / scale) for p in profile[:-1]]
    return [*parts, total - sum(parts)]


def rows() -> list[Row]:
    out: list[Row] = []
    h1_2023 = {s: _previous(v, GROWTH_2024[s]) for s, v in H1_2024.items()}
    for section, value in H1_2024.items():
        out.append(("production_value", "2024-H1", section, "", value, "estimate", False))
        out.append(("production_value", "2023-H1", section, "", h1_2023[section], "official", True))
        for year, total in ((2023, h1_2023[section]), (2024, value)):
            for month, part in enumerate(_months(total, PROFILE[year]), start=1):
                out.append(("production_value", f"{year}-{month:02d}", section, "", part,
                            "official", True))  # fmt: skip
    out.append(("production_value", "2024-H1", "", "", TOTAL_2024, "estimate", False))
    total_2023 = sum(h1_2023.values(), D(0))
    out.append(("production_value", "2023-H1", "", "", total_2023, "official", True))
    plan = _solve(
        _round(TOTAL_2024 * 100 / PLAN_PCT, D("1E2")),
        lambda p: _published(TOTAL_2024 * 100 / p) == PLAN_PCT,
        D("1E2"),
    )
    out.append(("production_value_plan", "2024", "", "", plan, "official", True))
    out += _district_rows(total_2023)
    out += _iip_rows()
    out += _value_added_rows()
    return out


def _district_rows(total_2023: Decimal) -> list[Row]:
    """Districts add up to the province in both years; the four published growth rates hold,
    and the six others share what remains."""
    current = {code: _round(TOTAL_2024 * share) for code, share in DISTRICT_SHARE.items()}
    current["220"] += TOTAL_2024 - sum(current.values())
    previous = {c: _previous(current[c], g) for c, g in DISTRICT_GROWTH.items()}
    others = [c for c in current if c not in DISTRICT_GROWTH]
    remaining = total_2023 - sum(previous.values())
    weights = {c: current[c] / (1 + SPREAD[c]) for c in others}
    scale = sum(weights.values())
    for code in others[:-1]:
        previous[code] = _round(remaining * weights[code] / scale)
    previous[others[-1]] = total_2023 - sum(previous.values())
    out: list[Row] = []
    for code in current:
        out.append(("production_value", "2024-H1", "", code, current[code], "official", True))
        out.append(("production_value", "2023-H1", "", code, previous[code], "official", True))
    return out


def _iip_rows() -> list[Row]:
    """Monthly IIP whose cumulative first-half growth is the published one."""
    iip_2024 = [_round(v * (1 + IIP_GROWTH / 100), CENT) for v in IIP_2023]
    iip_2024[1] = _round(iip_2024[1] * D("0.86"), CENT)  # Tết in February 2024
    iip_2024[0] = _round(iip_2024[0] * D("1.09"), CENT)  # … and not in January
    base = sum(IIP_2023)
    june = _round(base * (1 + IIP_GROWTH / 100) - sum(iip_2024[:5]), CENT)
    iip_2024[5] = _solve(
        june, lambda j: _published((sum(iip_2024[:5]) + j) / base * 100 - 100) == IIP_GROWTH, CENT
    )
    return [
        ("iip", f"{year}-{month:02d}", "", "", value, "official", True)
        for year, series in ((2023, IIP_2023), (2024, iip_2024))
        for month, value in enumerate(series, start=1)
    ]


def _value_added_rows() -> list[Row]:
    """Industry's value added in both first halves and the GRDP of 2023 (constant prices),
    so that value added grows by the published rate and contributes the published points."""
    va_2023 = _round(GRDP_2023 * GRDP_CONTRIBUTION / VA_GROWTH)
    va_2024 = _solve(
        _round(va_2023 * (1 + VA_GROWTH / 100)),
        lambda v: _published((v / va_2023 - 1) * 100) == VA_GROWTH,
    )
    grdp = _solve(
        GRDP_2023, lambda g: _published((va_2024 - va_2023) / g * 100) == GRDP_CONTRIBUTION
    )
    return [
        ("value_added", "2023-H1", "", "", va_2023, "official", True),
        ("value_added", "2024-H1", "", "", va_2024, "estimate", True),
        ("grdp", "2023-H1", "", "", grdp, "official", True),
    ]


HEADER = ("indicator", "period", "vsic", "admin_unit", "value", "status", "demo")


def write(stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    for indicator, period, vsic, unit, value, status, demo in rows():
        writer.writerow((indicator, period, vsic, unit, f"{value:f}", status, str(demo).lower()))


if __name__ == "__main__":
    write(sys.stdout)
