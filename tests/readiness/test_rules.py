"""The rules of readiness on both databases: validation (paid ≤ planned, handed over ≤ total,
dates in order, the notice period), who may write, and the metrics on the demo parks."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.kit.permissions import Action, Actor, Forbidden
from kcn.models import ClearanceTask, InfraWork, Zone
from kcn.readiness import clearance
from kcn.readiness import works as infra_works
from kcn.readiness.schemas import ClearanceReportCreate, InfraReportCreate
from tests.enterprises.factories import enterprise_payload, project_payload
from tests.monitoring.factories import report_payload
from tests.zones.factories import park_payload

JULY = date(2024, 7, 15)


def _task(session: Session, zone: str, phase: str) -> ClearanceTask:
    stmt = select(ClearanceTask).join(Zone).where(Zone.code == zone, ClearanceTask.phase == phase)
    task = session.scalar(stmt)
    assert task is not None
    return task


def _fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.text
    return {f["field"] for f in response.json()["error"]["fields"]}


def _task_body(**overrides: Any) -> dict[str, Any]:
    body = {"zone": "KCN-YEN-LU", "phase": "Thử", "land_rice_ha": "10.00", "households": 50,
            "compensation_planned_vnd": "1000000000", "start_date": "2024-01-01",
            "deadline": "2024-12-31"}  # fmt: skip
    return {**body, **overrides}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"deadline": "2023-12-31"}, "deadline"),
        ({"notice_date": "2024-02-01", "inventory_date": "2024-01-15"}, "inventory_date"),
        # agricultural land only: 90 days of notice; 89 is too few
        ({"notice_date": "2024-01-01", "recovery_decision_date": "2024-03-30"},
         "recovery_decision_date"),
        # residential land too: 180 days; 179 is too few
        ({"land_residential_ha": "1.00", "notice_date": "2024-01-01",
          "recovery_decision_date": "2024-06-28"}, "recovery_decision_date"),
        ({"resettlement_plots_needed": 2, "resettlement_plots_ready": 3},
         "resettlement_plots_ready"),
        ({"land_rice_ha": "0"}, "land_rice_ha"),
    ],
)  # fmt: skip
def test_task_validation(client: TestClient, overrides: dict[str, Any], field: str) -> None:
    response = client.post("/api/v1/clearance-tasks", json=_task_body(**overrides))
    assert field in _fields(response)


def test_notice_periods_that_are_long_enough(client: TestClient) -> None:
    agricultural = _task_body(notice_date="2024-01-01", recovery_decision_date="2024-03-31")
    other = _task_body(land_other_ha="1.00", notice_date="2024-01-01",
                       recovery_decision_date="2024-06-29")  # fmt: skip
    for body in (agricultural, other):
        assert client.post("/api/v1/clearance-tasks", json=body).status_code == 201


def test_report_validation_and_lowering_the_plan(client: TestClient) -> None:
    task = client.post("/api/v1/clearance-tasks", json=_task_body()).json()
    url = "/api/v1/clearance-reports"
    base = {"task_id": task["id"], "reported_on": "2024-03-01"}
    too_much = {**base, "handed_over_ha": "10.01", "paid_vnd": "1000000001",
                "households_agreed": 51}  # fmt: skip
    assert _fields(client.post(url, json=too_much)) == {
        "handed_over_ha", "paid_vnd", "households_agreed"}  # fmt: skip
    early = {**base, "reported_on": "2023-12-31"}
    assert _fields(client.post(url, json=early)) == {"reported_on"}
    ok = {**base, "handed_over_ha": "10.00", "paid_vnd": "1000000000", "households_agreed": 50}
    assert client.post(url, json=ok).status_code == 201
    # The plan may not fall below what the reports already record.
    lower = {"compensation_planned_vnd": "999", "land_rice_ha": "9.00"}
    response = client.patch(f"/api/v1/clearance-tasks/{task['id']}", json=lower)
    assert _fields(response) == {"compensation_planned_vnd", "land_rice_ha"}


def test_work_report_over_the_plan(client: TestClient) -> None:
    work = client.post("/api/v1/infra-works", json={
        "zone": "KCN-YEN-LU", "kind": "power", "name": "Trạm 110 kV", "planned_value_vnd": "100",
        "planned_quantity": "2", "start_date": "2024-01-01", "planned_completion": "2024-12-31",
    }).json()  # fmt: skip
    body = {"work_id": work["id"], "reported_on": "2024-02-01", "completed_value_vnd": "101",
            "completed_quantity": "3"}  # fmt: skip
    assert _fields(client.post("/api/v1/infra-reports", json=body)) == {
        "completed_value_vnd", "completed_quantity"}  # fmt: skip


def test_only_the_zones_board_writes(session: Session, client_as: Any) -> None:
    yen_lu = _task(session, "KCN-YEN-LU", "Diện tích còn lại")
    other = session.scalar(select(Zone).where(Zone.code == "KCN-PHUC-SON"))
    assert other is not None
    data = ClearanceReportCreate(task_id=yen_lu.id, reported_on=date(2024, 7, 31))
    mine = Actor("board", "zone_board", scoped=True, zone_ids=frozenset({yen_lu.zone_id}))
    elsewhere = Actor("board", "zone_board", scoped=True, zone_ids=frozenset({other.id}))
    with pytest.raises(Forbidden):
        clearance.REPORTS.create(session, data, elsewhere)
    with pytest.raises(Forbidden):
        clearance.TASKS.get(session, yen_lu.id, elsewhere, Action.change)
    assert clearance.REPORTS.create(session, data, mine).id
    # The zone board writes parks, not clusters; an administrator writes both.
    cluster = session.scalar(select(Zone.code).where(Zone.kind == "industrial_cluster").limit(1))
    body = _task_body(zone=cluster)
    assert client_as("zone_board").post("/api/v1/clearance-tasks", json=body).status_code == 403
    assert client_as("admin").post("/api/v1/clearance-tasks", json=body).status_code == 201
    # Enterprises and visitors do not see readiness at all.
    assert client_as("enterprise").get("/api/v1/clearance-tasks").status_code == 403
    assert client_as(None).get(f"/api/v1/clearance-tasks/{yen_lu.id}").status_code in (401, 404)


def test_only_the_zones_board_writes_its_infrastructure_works(session: Session) -> None:
    work = session.scalar(select(InfraWork).join(Zone).where(Zone.code == "KCN-YEN-LU").limit(1))
    other = session.scalar(select(Zone.id).where(Zone.code == "KCN-PHUC-SON"))
    assert work is not None and other is not None
    data = InfraReportCreate(work_id=work.id, reported_on=date(2024, 7, 31))
    mine = Actor("board", "zone_board", scoped=True, zone_ids=frozenset({work.zone_id}))
    elsewhere = Actor("board", "zone_board", scoped=True, zone_ids=frozenset({other}))
    with pytest.raises(Forbidden):
        infra_works.REPORTS.create(session, data, elsewhere)
    with pytest.raises(Forbidden):
        infra_works.WORKS.get(session, work.id, elsewhere, Action.change)
    assert infra_works.WORKS.get(session, work.id, mine, Action.change).id == work.id
    assert infra_works.REPORTS.create(session, data, mine).id


def _value(session: Session, name: str, **params: Any) -> metrics.Result:
    return metrics.compute(session, name, **{"as_of": JULY, **params})


def test_clearance_metrics_on_the_demo(session: Session) -> None:
    task = _task(session, "KCN-YEN-LU", "Diện tích còn lại")
    last = task.reports[-1]
    pct = _value(session, "readiness.clearance_pct_area", task=task.id)
    assert pct.value == metrics.round_to(last.handed_over_ha / task.total_ha * 100, 2)
    assert pct.is_demo and "in_progress" in pct.flags
    money = _value(session, "readiness.clearance_pct_money", task=task.id)
    assert money.exact == last.paid_vnd / task.compensation_planned_vnd * 100
    households = _value(session, "readiness.clearance_pct_households", task=task.id)
    assert households.exact == Decimal(last.households_agreed) / task.households * 100
    # Pace over the last 90 days: from the report before the last to the last.
    before = task.reports[-2]
    days = (last.reported_on - before.reported_on).days
    per_day = (last.handed_over_ha - before.handed_over_ha) / days
    pace = _value(session, "readiness.clearance_pace", task=task.id)
    assert pace.value == metrics.round_to(per_day * 30, 2)
    rest = Fraction(task.total_ha - last.handed_over_ha)
    exact = Fraction(last.handed_over_ha - before.handed_over_ha) / days
    forecast = last.reported_on.toordinal() + math.ceil(rest / exact)
    delay = _value(session, "readiness.clearance_delay_days", task=task.id)
    assert delay.value == forecast - task.deadline.toordinal()
    assert _value(session, "readiness.clearance_at_risk", task=task.id).value == (
        1 if delay.value and delay.value > 0 else 0)  # fmt: skip


def test_stalled_done_and_silent_tasks(session: Session) -> None:
    stalled = _task(session, "KCN-PHUC-SON", "Giai đoạn 2")
    result = _value(session, "readiness.clearance_delay_days", task=stalled.id)
    assert result.value is None and "stalled" in result.flags and "at_risk" in result.flags
    done = _task(session, "KCN-VIET-HAN-MO-RONG", "Giai đoạn 1")
    result = _value(session, "readiness.clearance_delay_days", task=done.id)
    assert "done" in result.flags and "at_risk" not in result.flags
    assert result.value == (done.reports[-1].reported_on - done.deadline).days
    silent = _task(session, "KCN-PHUC-SON", "Giai đoạn 1")
    later = metrics.compute(session, "readiness.clearance_at_risk", task=silent.id,
                            as_of=date(2024, 8, 15))  # fmt: skip
    assert later.value == 1 and "no_report" in later.flags
    count = metrics.compute(session, "readiness.clearance_at_risk_count", as_of=JULY)
    risky = [t for t in session.scalars(select(ClearanceTask))
             if _value(session, "readiness.clearance_at_risk", task=t.id).value == 1]  # fmt: skip
    assert count.value == len(risky) >= 2


def test_works_and_clean_land(session: Session) -> None:
    works = list(session.scalars(select(InfraWork).join(Zone).where(
        Zone.code == "KCN-VIET-HAN-MO-RONG")))  # fmt: skip
    assert works and all(w.actual_completion for w in works)
    done = _value(session, "readiness.works_delay_days", work=works[0].id)
    assert "done" in done.flags and "at_risk" not in done.flags
    plant = session.scalar(select(InfraWork).join(Zone).where(
        Zone.code == "KCN-YEN-LU", InfraWork.kind == "wastewater_plant"))  # fmt: skip
    assert plant is not None
    assert "stalled" in _value(session, "readiness.works_at_risk", work=plant.id).flags
    # Việt Hàn mở rộng has every essential work done: its cleared land is ready; Yên Lư's
    # works are not finished, so none of its cleared land is.
    cleared = _value(session, "readiness.cleared_ha", zone="KCN-VIET-HAN-MO-RONG").value
    assert cleared and cleared > 0
    assert _value(session, "readiness.clean_land_ha", zone="KCN-VIET-HAN-MO-RONG").value == cleared
    assert _value(session, "readiness.cleared_ha", zone="KCN-YEN-LU").value
    assert _value(session, "readiness.clean_land_ha", zone="KCN-YEN-LU").value == 0


def test_labour_demand_and_gap(client: TestClient, session: Session) -> None:
    park = park_payload(code="KCN-LABOUR-TEST", admin_unit="216", land=[])
    assert client.post("/api/v1/zones", json=park).status_code == 201
    tax = enterprise_payload(8801)
    assert client.post("/api/v1/enterprises", json=tax).status_code == 201
    for n, planned, employed in ((8801, 500, 200), (8802, 100, 150), (8803, None, 10)):
        body = project_payload(n, tax["tax_code"], zone="KCN-LABOUR-TEST",
                               workers_planned=planned, workers_vietnamese=employed)  # fmt: skip
        created = client.post("/api/v1/projects", json=body)
        assert created.status_code == 201, created.text
    housing = {
        "kind": "worker_housing_places",
        "year": 2024,
        "value": 120,
        "zone": "KCN-LABOUR-TEST",
    }
    assert client.post("/api/v1/labour-supply", json=housing).status_code == 201
    demand = _value(session, "labour.demand", zone="KCN-LABOUR-TEST")
    assert demand.value == 300  # only the project short of its plan counts
    assert _value(session, "labour.gap", zone="KCN-LABOUR-TEST").value == 300 - 120
    # By district: the district's demand less its vocational graduates of the year.
    district = _value(session, "labour.demand", district="216").value
    graduates = _value(session, "labour.vocational_graduates", district="216").value
    assert district is not None and graduates is not None and district >= 300
    assert _value(session, "labour.gap", district="216").value == district - graduates
    # An expansion plan in a report of the last quarter (2024-Q2 on 15 July) raises the demand
    # and the gap, of the zone and of its district, by its workers; the split shows it.
    plan = report_payload("T000008801", period="2024-Q2", filed_on="2024-07-10",
                          expansion_workers=80, expansion_year=2025)  # fmt: skip
    filed = client.post("/api/v1/periodic-reports", json=plan)
    assert filed.status_code == 201, filed.text
    assert _value(session, "labour.demand", zone="KCN-LABOUR-TEST").value == 300 + 80
    assert _value(session, "labour.demand_projects", zone="KCN-LABOUR-TEST").value == 300
    assert _value(session, "labour.demand_expansion", zone="KCN-LABOUR-TEST").value == 80
    assert _value(session, "labour.gap", zone="KCN-LABOUR-TEST").value == 300 + 80 - 120
    assert _value(session, "labour.demand", district="216").value == district + 80
    assert _value(session, "labour.gap", district="216").value == district + 80 - graduates
    # A plan of another quarter is not this period's demand.
    later = _value(session, "labour.demand_expansion", zone="KCN-LABOUR-TEST", as_of="2024-10-15")
    assert later.value == 0


def test_the_api_gives_progress_on_a_date(client: TestClient, session: Session) -> None:
    stalled = _task(session, "KCN-PHUC-SON", "Giai đoạn 2")
    url = f"/api/v1/clearance-tasks/{stalled.id}"
    progress = client.get(url, params={"as_of": "2024-07-15"}).json()["progress"]
    assert progress["state"] == "stalled" and progress["at_risk"] and progress["forecast"] is None
    listed = client.get(
        "/api/v1/clearance-tasks", params={"as_of": "2024-07-15", "zone": "KCN-VIET-HAN-MO-RONG"}
    ).json()["items"]
    done = [t["progress"] for t in listed if t["phase"] == "Giai đoạn 1"]
    assert done == [{**done[0], "state": "done", "forecast": "2024-06-15", "at_risk": False}]
    works = client.get(
        "/api/v1/infra-works", params={"as_of": "2024-07-15", "zone": "KCN-VIET-HAN-MO-RONG"}
    ).json()["items"]
    assert works and all(w["progress"]["state"] == "done" for w in works)


def test_readiness_metrics_are_for_staff_only(client_as: Any, session: Session) -> None:
    task = _task(session, "KCN-YEN-LU", "Diện tích còn lại")
    url = "/api/v1/metrics/readiness.clearance_pct_area"
    for role in (None, "enterprise"):
        assert client_as(role).get(url, params={"task": task.id}).status_code == 404
        assert client_as(role).get("/api/v1/metrics/zones.count").status_code == 200
    assert client_as("viewer").get(url, params={"task": task.id}).json()["value"] is not None
