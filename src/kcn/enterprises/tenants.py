"""A zone's main tenants and its sector mix, as the public investor view shows them.

The main tenants are the enterprises with a project in the zone that is not terminated, ranked
by their registered capital in the zone (the metric ``projects.enterprise_capital_usd_million``),
then by the land of their projects; each with its sector (the VSIC division of its largest
project in the zone) and its main investor country. The sector mix is each VSIC division's
share of the zone's registered capital (``projects.sector_share_pct``). Only what is public
about an enterprise leaves this module: its name, sector and country — never its figures,
tax code, requests or reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel import Locale
from sqlalchemy import func, select

from kcn.enterprises import vsic
from kcn.enterprises.metrics import totals
from kcn.kit import metrics
from kcn.models import Enterprise, Project, Zone

TOP = 5
MIX = 6


@dataclass(frozen=True)
class Tenant:
    name: str
    name_en: str | None
    country: str | None
    division: str  # VSIC 2018 division (2 digits) of its largest project in the zone
    is_demo: bool

    def sector(self, lang: str) -> str:
        return sector_name(self.division, lang)

    def country_name(self, lang: str) -> str:
        return country_name(self.country, lang) if self.country else ""


@dataclass(frozen=True)
class SectorShare:
    division: str
    share: metrics.Result

    def sector(self, lang: str) -> str:
        return sector_name(self.division, lang)


def sector_name(division: str, lang: str) -> str:
    """``26 · Sản xuất sản phẩm điện tử…``: a VSIC division and its name in ``lang``."""
    name = vsic.name(division, lang)
    return f"{division} · {name}" if name else division


def country_name(code: str, lang: str) -> str:
    """A country's name in ``lang`` (Babel's CLDR names), or its code."""
    return str(Locale.parse("en" if lang.startswith("en") else "vi").territories.get(code, code))


def _projects(context: metrics.Context, zone: str, as_of: date) -> list[tuple[object, ...]]:
    """(tax code, name, English name, country, enterprise demo, VSIC code, capital) of the
    zone's projects that are not terminated, the largest first."""
    stmt = (
        select(
            Enterprise.tax_code,
            Enterprise.name,
            Enterprise.name_en,
            Enterprise.main_country,
            Enterprise.is_demo,
            Project.vsic_code,
            Project.capital_usd,
        )
        .join(Project, Project.enterprise_id == Enterprise.id)
        .join(Zone, Zone.id == Project.zone_id)
        .where(Zone.code == zone, Project.status != "terminated")
        .where(Project.certificate_date <= as_of)
        .order_by(Project.capital_usd.desc(), Project.id)
    )
    return [tuple(row) for row in context.session.execute(stmt)]


def main_tenants(
    context: metrics.Context, zone: str, as_of: date | None = None, limit: int = TOP
) -> list[Tenant]:
    """The zone's ``limit`` largest tenants, the largest first."""
    day = as_of or date.today()
    first: dict[str, tuple[object, ...]] = {}
    for row in _projects(context, zone, day):
        first.setdefault(str(row[0]), row)  # each enterprise's largest project

    def rank(tax: str) -> tuple[Decimal, Decimal, str]:
        result = metrics.compute_in(
            context,
            "projects.enterprise_capital_usd_million",
            {"zone": zone, "enterprise": tax, "as_of": day},
        )
        area = totals(context, result.params)["land"]  # the same grouped query, memoised
        return (-(result.exact or Decimal(0)), -area, tax)

    ranked = sorted(first, key=rank)[:limit]
    return [
        Tenant(
            name=str(first[tax][1]),
            name_en=str(first[tax][2]) if first[tax][2] else None,
            country=str(first[tax][3]) if first[tax][3] else None,
            division=str(first[tax][5])[:2],
            is_demo=bool(first[tax][4]),
        )
        for tax in ranked
    ]


def sector_mix(
    context: metrics.Context, zone: str, as_of: date | None = None, limit: int = MIX
) -> list[SectorShare]:
    """The zone's ``limit`` largest VSIC divisions by their share of its registered capital."""
    day = as_of or date.today()
    stmt = (
        select(func.substr(Project.vsic_code, 1, 2))
        .join(Zone, Zone.id == Project.zone_id)
        .where(Zone.code == zone, Project.certificate_date <= day)
        .distinct()
    )
    shares = [
        SectorShare(
            str(division),
            metrics.compute_in(
                context,
                "projects.sector_share_pct",
                {"zone": zone, "sector": division, "as_of": day},
            ),
        )
        for division in context.session.scalars(stmt)
    ]
    shares = [s for s in shares if s.share.value]
    shares.sort(key=lambda s: (-(s.share.exact or 0), s.division))
    return shares[:limit]
