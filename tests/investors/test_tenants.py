"""A zone's main tenants and sector mix: read from the metrics registry, shown on the public
facts page and in the comparison with only public facts (name, sector, country)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.enterprises import tenants
from kcn.kit import metrics
from kcn.models import Enterprise, Project, Zone

ZONE = "KCN-VAN-TRUNG"


def _capital(session: Session, tax: str) -> Decimal:
    stmt = (
        select(func.sum(Project.capital_usd))
        .join(Enterprise, Enterprise.id == Project.enterprise_id)
        .join(Zone, Zone.id == Project.zone_id)
        .where(Zone.code == ZONE, Enterprise.tax_code == tax)
    )
    return Decimal(session.scalar(stmt) or 0)


def test_main_tenants_are_the_largest_by_registered_capital(session: Session) -> None:
    context = metrics.Context(session)
    main = tenants.main_tenants(context, ZONE)
    assert 0 < len(main) <= 5
    by_name = {e.name: e for e in session.scalars(select(Enterprise))}
    capitals = [_capital(session, by_name[t.name].tax_code) for t in main]
    assert capitals == sorted(capitals, reverse=True)
    in_zone = session.scalars(
        select(Enterprise.tax_code).join(Project).join(Zone).where(Zone.code == ZONE).distinct()
    ).all()
    assert max(_capital(session, tax) for tax in in_zone) == capitals[0]
    first = by_name[main[0].name]
    one = metrics.compute(session, "projects.enterprise_capital_usd_million", zone=ZONE,
                          enterprise=first.tax_code)  # fmt: skip
    assert one.exact == capitals[0] / 1_000_000 and one.is_demo
    assert main[0].country == first.main_country and len(main[0].division) == 2
    assert metrics.get("projects.enterprise_capital_usd_million").internal


def test_sector_mix_is_each_divisions_share_of_capital(session: Session) -> None:
    mix = tenants.sector_mix(metrics.Context(session), ZONE)
    assert mix and all(0 < (s.share.value or 0) <= 100 for s in mix)
    total = sum((s.share.exact or Decimal(0)) for s in tenants.sector_mix(
        metrics.Context(session), ZONE, limit=99))  # fmt: skip
    assert abs(total - 100) < Decimal("0.001")
    assert [s.share.exact for s in mix] == sorted((s.share.exact for s in mix), reverse=True)
    none = metrics.compute(session, "projects.sector_share_pct", zone="NO-SUCH", sector="26")
    assert none.value is None
    assert tenants.main_tenants(metrics.Context(session), ZONE, date(1990, 1, 1)) == []


def test_public_pages_show_tenants_with_sector_and_country_only(
    anon: TestClient, session: Session
) -> None:
    main = tenants.main_tenants(metrics.Context(session), ZONE)
    page = anon.get(f"/investors/zones/{ZONE}").text
    assert 'id="tenants"' in page and main[0].name in page
    assert main[0].sector("vi") in page and main[0].country_name("vi") in page
    english = anon.get(f"/investors/zones/{ZONE}", params={"lang": "en"}).text
    assert main[0].sector("en") in english and "Sector mix" in english
    tax_codes = session.scalars(select(Enterprise.tax_code)).all()
    assert not [tax for tax in tax_codes if tax in page]
    assert "USD" not in page.split('id="tenants"')[1].split("</section>")[0]
    compared = anon.get("/investors/compare", params={"zone": [ZONE, "KCN-YEN-LU"]}).text
    assert len(re.findall(r'<ol class="tenants">', compared)) == 2
    api = anon.get("/api/v1/metrics/projects.enterprise_capital_usd_million",
                   params={"zone": ZONE, "enterprise": tax_codes[0]})  # fmt: skip
    assert api.status_code == 404
