"""The rules of enterprises, projects and leases: each validation message, who sees what,
capital history, occupancy from leases and the demo figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from stdnum.vn import mst

from kcn.kit import metrics
from kcn.kit.i18n import translate
from kcn.kit.text import fold
from kcn.models import Enterprise
from tests.conftest import ENTERPRISE_TAX_CODE
from tests.enterprises.factories import (
    PARK,
    enterprise_payload,
    lease_payload,
    project_payload,
    tax_code,
)
from tests.zones.factories import park_payload

H1 = "2024-06-30"


def _fields(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    return {f["field"]: f["message"] for f in body["error"]["fields"]}


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"tax_code": "0100109107"}, "tax_code", "enterprise.bad_tax_code"),
        ({"tax_code": "12345"}, "tax_code", "enterprise.bad_tax_code"),
        ({"countries": ["XX"]}, "countries", "enterprise.bad_country"),
        ({"ownership": "state"}, "ownership", "field.choice"),
    ],
)
def test_enterprise_validation(client: TestClient, change: dict, field: str, key: str) -> None:
    response = client.post("/api/v1/enterprises", json=enterprise_payload(1, **change))
    assert response.status_code == 422
    message = _fields(response)[field]
    if key != "field.choice":
        assert message == translate(key, "vi")


def test_tax_codes_are_normalised_and_unique(client: TestClient) -> None:
    body = enterprise_payload(2, tax_code="0100109106-001", countries=["kor", "VN"])
    created = client.post("/api/v1/enterprises", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["countries"] == ["KR", "VN"] and created.json()["main_country"] == "KR"
    again = client.post("/api/v1/enterprises", json=body)
    assert again.status_code == 422
    assert _fields(again)["tax_code"] == translate(
        "enterprise.duplicate_tax_code", "vi", value="0100109106-001"
    )


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"vsic_code": "4000"}, "vsic_code", "project.bad_vsic"),
        ({"vsic_code": "04"}, "vsic_code", "project.bad_vsic"),
        ({"capital_usd": "-1"}, "capital_usd", None),
        ({"zone": "KCN-NOWHERE"}, "zone", "project.unknown_zone"),
        ({"enterprise": "0100109106"}, "enterprise", "project.unknown_enterprise"),
        ({"certificate_date": "2023-02-30"}, "certificate_date", None),
    ],
)
def test_project_validation(client: TestClient, change: dict, field: str, key: str | None) -> None:
    firm = client.post("/api/v1/enterprises", json=enterprise_payload(3)).json()
    body = {**project_payload(31, firm["tax_code"]), **change}
    response = client.post("/api/v1/projects", json=body)
    assert response.status_code == 422, response.text
    assert field in _fields(response)
    if key == "project.unknown_zone":
        assert _fields(response)[field] == translate(key, "vi", value="KCN-NOWHERE")


def test_capital_history_and_vnd_at_the_rate(client: TestClient) -> None:
    firm = client.post("/api/v1/enterprises", json=enterprise_payload(4)).json()
    project = client.post("/api/v1/projects", json=project_payload(41, firm["tax_code"])).json()
    assert Decimal(project["capital_vnd"]) == Decimal("12000000") * 23500
    url = f"/api/v1/projects/{project['id']}/adjustments"
    change = {"adjusted_on": "2024-02-01", "document_number": "ĐC-1",
              "capital_usd": "20000000", "exchange_rate": "24000"}  # fmt: skip
    raised = client.post(url, json=change)
    assert raised.status_code == 201, raised.text
    body = raised.json()
    assert Decimal(body["capital_usd"]) == Decimal("20000000")
    assert [a["document_number"] for a in body["adjustments"]] == ["ĐC-1"]
    early = client.post(url, json={"adjusted_on": "2020-01-01", "capital_usd": "1"})
    assert early.status_code == 422


def test_industry_trade_may_not_write_park_projects(client_as, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    firm = client.post("/api/v1/enterprises", json=enterprise_payload(5)).json()
    body = project_payload(51, firm["tax_code"])
    assert client_as("industry_trade").post("/api/v1/projects", json=body).status_code == 403
    assert client_as("zone_board").post("/api/v1/projects", json=body).status_code == 201


def test_an_enterprise_sees_only_its_own(client_as, session: Session, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    own = Enterprise(tax_code=ENTERPRISE_TAX_CODE, name="Công ty TNHH Của Tôi",
                     name_folded=fold("Công ty TNHH Của Tôi"), ownership="domestic")  # fmt: skip
    session.add(own)
    session.commit()
    mine = client_as("enterprise").get("/api/v1/enterprises").json()
    assert [e["tax_code"] for e in mine["items"]] == [ENTERPRISE_TAX_CODE]
    other = client.get("/api/v1/enterprises", params={"limit": 1}).json()["items"][0]
    assert client_as("enterprise").get(f"/api/v1/enterprises/{other['id']}").status_code == 404
    assert client_as(None).get("/api/v1/projects").status_code == 401
    assert client_as("enterprise").get("/api/v1/projects").json()["total"] == 0


def test_search_ignores_diacritics(client: TestClient) -> None:
    name = "Công ty TNHH Điện tử Samsung Thử Nghiệm"
    client.post("/api/v1/enterprises", json=enterprise_payload(6, name=name))
    for q in ("samsung", "cong ty tnhh dien tu samsung", "CÔNG TY TNHH ĐIỆN"):
        items = client.get("/api/v1/enterprises", params={"q": q, "limit": 500}).json()["items"]
        assert name in [i["name"] for i in items], q


def test_lease_rules(client: TestClient, session: Session) -> None:
    firm = client.post("/api/v1/enterprises", json=enterprise_payload(7)).json()
    project = client.post("/api/v1/projects", json=project_payload(71, firm["tax_code"])).json()
    number = project["certificate_number"]
    too_big = client.post("/api/v1/leases", json=lease_payload(number, area_ha="5000"))
    assert too_big.status_code == 422
    assert "area_ha" in _fields(too_big)
    backwards = lease_payload(number, start_date="2024-01-01", end_date="2023-01-01")
    assert client.post("/api/v1/leases", json=backwards).status_code == 422
    unknown = client.post("/api/v1/leases", json=lease_payload("NO-SUCH"))
    assert _fields(unknown)["project"] == translate("lease.unknown_project", "vi", value="NO-SUCH")
    before = metrics.compute(session, "zones.leased_ha", kind="industrial_park", as_of=H1).value
    ok = client.post("/api/v1/leases", json=lease_payload(number, area_ha="3.00"))
    assert ok.status_code == 201, ok.text
    after = metrics.compute(session, "zones.leased_ha", kind="industrial_park", as_of=H1).value
    assert after is not None and before is not None and after - before == Decimal("3.00")


def test_demo_reproduces_the_seed(session: Session) -> None:
    count = metrics.compute(
        session, "enterprises.operating_count", kind="industrial_park", as_of=H1
    )
    assert count.value == 426 and count.is_demo
    occupancy = metrics.compute(session, "zones.occupancy_pct", kind="industrial_park", as_of=H1)
    assert occupancy.value is not None and abs(occupancy.value - 70) < 1
    rate = metrics.compute(session, "projects.investment_rate", kind="industrial_park", as_of=H1)
    assert rate.value is not None and rate.value > 0
    korea = metrics.compute(session, "projects.capital_usd_million", country="KR", as_of=H1)
    total = metrics.compute(session, "projects.capital_usd_million", as_of=H1)
    assert korea.value is not None and total.value is not None and 0 < korea.value < total.value
    assert metrics.compute(session, "projects.workers_per_ha", as_of=H1).value


def test_a_zone_without_leases_keeps_its_land_figure(client: TestClient, session: Session) -> None:
    def leased() -> Decimal:
        result = metrics.compute(session, "zones.leased_ha", kind="industrial_park", as_of=H1)
        assert result.value is not None
        return result.value

    before = leased()
    assert client.post("/api/v1/zones", json=park_payload(code="no-leases")).status_code == 201
    assert leased() - before == Decimal("65.25")  # its land row: 60.25 + 5.00 leased


def test_tax_code_factory_is_valid() -> None:
    assert all(len(tax_code(n)) == 10 for n in range(5))
    assert PARK


def test_pages_list_enterprises_projects_and_tenants(client: TestClient, anon: TestClient) -> None:
    page = client.get("/enterprises", params={"q": "cong ty tnhh"})
    assert page.status_code == 200 and "dữ liệu mẫu" in page.text
    assert client.get("/projects", params={"zone": "KCN-VAN-TRUNG"}).status_code == 200
    first = client.get("/api/v1/enterprises", params={"limit": 1}).json()["items"][0]
    detail = client.get(f"/enterprises/{first['id']}")
    assert detail.status_code == 200 and first["tax_code"] in detail.text
    zone = client.get("/api/v1/zones", params={"q": "van trung"}).json()["items"][0]
    assert 'id="tenants"' in client.get(f"/zones/{zone['id']}").text
    assert 'id="tenants"' not in anon.get(f"/zones/{zone['id']}").text


def test_the_enterprise_test_user_has_a_valid_tax_code() -> None:
    assert mst.is_valid(ENTERPRISE_TAX_CODE)
