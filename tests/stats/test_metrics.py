"""Each statistical metric against a small set of observations built by hand (the demo
observations removed inside the test's transaction); expected values worked in comments."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.kit.periods import Period
from kcn.kit.permissions import system_actor
from kcn.models import Observation
from kcn.stats import service
from kcn.stats.default_periods import latest_period, period_choices
from kcn.stats.tables import build_table

JAN_FEB = "2022-01..02"
# Production value by section, January and February of 2021 and 2022 (billion VND).
MONTHS = {  # section: (2021-01, 2021-02, 2022-01, 2022-02)
    "B": ("10", "10", "12", "9"),
    "C": ("100", "80", "130", "90"),
    "D": ("5", "5", "6", "4"),
    "E": ("1", "1", "1", "1"),
}


def _rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    periods = ("2021-01", "2021-02", "2022-01", "2022-02")
    for section, values in MONTHS.items():
        for period, value in zip(periods, values, strict=True):
            demo = section == "C" and period == "2021-01"
            rows.append({"indicator": "production_value", "period": period, "vsic": section,
                         "value": value, "is_demo": demo})  # fmt: skip
    rows += [
        {"indicator": "production_value_plan", "period": "2022", "value": "1000"},
        {"indicator": "iip", "period": "2021-01", "value": "100"},
        {"indicator": "iip", "period": "2021-02", "value": "100"},
        {"indicator": "iip", "period": "2022-01", "value": "120"},
        {"indicator": "iip", "period": "2022-02", "value": "90"},
        {"indicator": "value_added", "period": "2021-H1", "value": "60"},
        {"indicator": "value_added", "period": "2022-H1", "value": "72"},
        {"indicator": "grdp", "period": "2021-H1", "value": "100"},
        {"indicator": "production_value", "period": "2021-H1", "admin_unit": "222", "value": "40"},
        {"indicator": "production_value", "period": "2022-H1", "admin_unit": "222", "value": "50"},
        {"indicator": "production_value", "period": "2021-H1", "admin_unit": "213", "value": "30"},
        {"indicator": "production_value", "period": "2022-H1", "admin_unit": "213", "value": "30"},
    ]
    return rows


@pytest.fixture
def data(session: Session) -> Session:
    session.execute(delete(Observation))
    report = service.import_rows(session, _rows(), system_actor("test", "import"), "en")
    assert report.errors == []
    return session


def value(session: Session, name: str, **params: Any) -> D | None:
    return metrics.compute(session, name, **params).value


def test_values_sum_months_and_sections(data: Session) -> None:
    # C in Jan–Feb 2022: 130 + 90 = 220; the same months of 2021: 100 + 80 = 180.
    assert value(data, "stats.value", section="C", period=JAN_FEB) == 220
    assert value(data, "stats.value_last_year", section="C", period=JAN_FEB) == 180
    # The whole of industry, not recorded: Σ sections = 21 + 220 + 10 + 2 = 253 (2021: 212).
    assert value(data, "stats.value", period=JAN_FEB) == 253
    assert value(data, "stats.value_last_year", period=JAN_FEB) == 212
    assert value(data, "stats.value", period="2022-03") is None


def test_growth_contribution_share_and_rank(data: Session) -> None:
    # C: 220 / 180 − 1 = 22.22 %; B: 21 / 20 − 1 = 5 %; whole: 253 / 212 − 1 = 19.34 %.
    assert value(data, "stats.growth_pct", section="C", period=JAN_FEB) == D("22.22")
    assert value(data, "stats.growth_pct", section="B", period=JAN_FEB) == D("5.00")
    assert value(data, "stats.growth_pct", period=JAN_FEB) == D("19.34")
    # February alone: C 90 / 80 − 1 = 12.5 %.
    assert value(data, "stats.growth_pct", section="C", period="2022-02") == D("12.50")
    # Contributions: C (220 − 180) / 212 = 18.87 pp, B 1 / 212 = 0.47 pp, D and E 0.
    assert value(data, "stats.contribution_pp", section="C", period=JAN_FEB) == D("18.87")
    assert value(data, "stats.contribution_pp", section="B", period=JAN_FEB) == D("0.47")
    # Share: C 220 / 253 = 86.96 %.
    assert value(data, "stats.share_pct", section="C", period=JAN_FEB) == D("86.96")
    # Rank by growth: C 1, B 2, D and E (0 %) share rank 3.
    ranks = {s: value(data, "stats.growth_rank", section=s, period=JAN_FEB) for s in "BCDE"}
    assert ranks == {"C": 1, "B": 2, "D": 3, "E": 3}
    assert value(data, "stats.parts_growing", by="section", period=JAN_FEB) == 2


def test_plan_iip_value_added_and_grdp(data: Session) -> None:
    # Plan share: 253 / 1000 = 25.3 %.
    assert value(data, "stats.plan_pct", period=JAN_FEB) == D("25.30")
    # IIP, cumulative: (120 + 90) / (100 + 100) − 1 = 5 %, though January alone grew 20 %.
    assert value(data, "stats.growth_pct", indicator="iip", period=JAN_FEB) == D("5.00")
    assert value(data, "stats.growth_pct", indicator="iip", period="2022-01") == D("20.00")
    # Value added 72 / 60 − 1 = 20 %; contribution to GRDP (72 − 60) / 100 = 12 points.
    assert value(data, "stats.growth_pct", indicator="value_added", period="2022-H1") == 20
    assert value(data, "stats.grdp_contribution_pp", period="2022-H1") == 12


def test_districts(data: Session) -> None:
    # Việt Yên (222): 50 / 40 − 1 = 25 %; TP Bắc Giang (213) 30 / 30: no growth.
    assert value(data, "stats.growth_pct", area="222", period="2022-H1") == D("25.00")
    assert value(data, "stats.parts_growing", by="district", period="2022-H1") == 1
    # The other districts have no data: contributions cannot be split.
    assert value(data, "stats.contribution_pp", area="222", period="2022-H1") is None


def test_demo_inputs_are_flagged(data: Session) -> None:
    assert metrics.compute(data, "stats.growth_pct", section="C", period=JAN_FEB).is_demo
    assert not metrics.compute(data, "stats.growth_pct", section="B", period=JAN_FEB).is_demo


def test_the_default_period_is_the_latest_with_data(data: Session, client: TestClient) -> None:
    assert str(latest_period(data, "production_value")) == "2022-H1"  # the districts' rows
    assert str(latest_period(data, "iip")) == "2022-01..02"
    assert value(data, "stats.growth_pct", indicator="iip") == D("5.00")
    body = client.get("/api/v1/stats/tables", params={"indicator": "iip"}).json()
    assert body["period"] == "2022-01..02"
    series = client.get("/api/v1/stats/series").json()
    assert set(series["years"]) == {"2021", "2022"}
    assert period_choices(Period.parse("2022-H1"))[:3] == ["2022-H1", "2022-Q2", "2022-Q1"]


def test_the_table_is_the_registry(data: Session) -> None:
    table = build_table(data, "production_value", Period.parse(JAN_FEB), "section", "en")
    for row in table.rows:
        params = {"section": row.code, "period": JAN_FEB}
        assert row.growth_pct == value(data, "stats.growth_pct", **params)
        assert row.contribution_pp == value(data, "stats.contribution_pp", **params)
        assert row.share_pct == value(data, "stats.share_pct", **params)
    assert table.total.growth_pct == D("19.34")
    assert table.plan_pct == D("25.30")
