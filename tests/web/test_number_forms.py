"""Numbers typed in forms are read the page language's way, and shown back the same way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit.http import LANG_COOKIE
from kcn.models import Zone, ZoneLand
from tests.auth.test_login import csrf_of
from tests.web.test_forms import edit, signed_in, zone


@pytest.mark.parametrize(
    ("lang", "typed", "saved"),
    [
        ("vi", "380,45", "380.45"),  # the decimal comma: not 38045
        ("vi", "1.234,5", "1234.50"),
        ("vi", "2.238", "2238.00"),
        ("en", "380.45", "380.45"),
        ("en", "1,234.5", "1234.50"),
    ],
)
def test_a_number_is_read_the_page_language_way(
    anon: TestClient, session: Session, lang: str, typed: str, saved: str
) -> None:
    c = signed_in(anon, "zone_board")
    c.cookies.set(LANG_COOKIE, lang)
    park = zone(session, "KCN-YEN-LU")
    response = edit(c, park.id, name=park.name, planned_area_ha=typed, version=str(park.version))
    assert response.status_code == 303, response.text
    session.expire_all()
    assert str(zone(session, "KCN-YEN-LU").planned_area_ha) == saved


@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        ("vi", "380.5", "hãy viết như 1.234,5"),  # the English point is not taken as 3805
        ("vi", "1,234.5", "hãy viết như 1.234,5"),
        ("vi", "1e5", "hãy viết như 1.234,5"),
        ("en", "380,5", "write it like 1,234.5"),
        ("en", "12 ha", "write it like 1,234.5"),
    ],
)
def test_a_number_in_another_style_is_refused_with_the_expected_style(
    anon: TestClient, session: Session, lang: str, typed: str, message: str
) -> None:
    c = signed_in(anon, "zone_board")
    c.cookies.set(LANG_COOKIE, lang)
    park = zone(session, "KCN-YEN-LU")
    response = edit(c, park.id, name=park.name, planned_area_ha=typed, version=str(park.version))
    assert response.status_code == 422
    assert message in response.text and 'aria-invalid="true"' in response.text
    assert f'value="{typed}"' in response.text  # what was typed is kept for correcting
    session.expire_all()
    assert zone(session, "KCN-YEN-LU").planned_area_ha == park.planned_area_ha


def test_the_edit_form_shows_the_stored_number_the_language_way(
    anon: TestClient, session: Session
) -> None:
    c = signed_in(anon, "zone_board")
    park = zone(session, "KCN-YEN-LU")
    assert edit(c, park.id, name=park.name, planned_area_ha="1.234,56",
                version=str(park.version)).status_code == 303  # fmt: skip
    page = c.get(f"/zones/{park.id}/edit")
    assert 'name="planned_area_ha" type="text" inputmode="decimal"' in page.text
    assert 'value="1.234,56"' in page.text
    c.cookies.set(LANG_COOKIE, "en")
    assert 'value="1,234.56"' in c.get(f"/zones/{park.id}/edit").text


def test_land_figures_and_new_zones_read_numbers_the_same_way(
    anon: TestClient, session: Session
) -> None:
    c = signed_in(anon, "zone_board")
    park = zone(session, "KCN-YEN-LU")
    land = {"csrf_token": csrf_of(c, f"/zones/{park.id}"), "as_of": "2031-06-30",
            "industrial_leasable_ha": "100,5", "industrial_leased_ha": "50,25"}  # fmt: skip
    added = c.post(f"/zones/{park.id}/land", data=land, follow_redirects=False)
    assert added.status_code == 303, added.text
    row = session.scalar(select(ZoneLand).where(ZoneLand.zone_id == park.id).order_by(
        ZoneLand.as_of.desc()).limit(1))  # fmt: skip
    assert row is not None
    assert row.industrial_leasable_ha == Decimal("100.5")
    assert row.industrial_leased_ha == Decimal("50.25")
    bad = {**land, "csrf_token": csrf_of(c, f"/zones/{park.id}"), "as_of": "2031-07-31",
           "industrial_leased_ha": "50.25"}  # fmt: skip
    refused = c.post(f"/zones/{park.id}/land", data=bad)
    assert refused.status_code == 422 and "hãy viết như 1.234,5" in refused.text
    new = {"csrf_token": csrf_of(c, "/zones-new"), "code": "KCN-NUM-1",
           "kind": "industrial_park", "name": "Khu công nghiệp Số Thập Phân",
           "admin_unit": "district:223", "planned_area_ha": "30,5"}  # fmt: skip
    created = c.post("/zones-new", data=new, follow_redirects=False)
    assert created.status_code == 303, created.text
    assert session.scalar(select(Zone.planned_area_ha).where(Zone.code == "KCN-NUM-1")) == (
        Decimal("30.5")
    )
