"""What the generic resource tests need to know of each registered resource.

Every resource registered with the kit (``kcn.kit.resources.RESOURCES``) must have a case
here: ``tests/test_resources.py`` fails for a resource without one, and runs the same checks
over every case — permissions per role, 404, 409 on a stale write, paging, sorting, the export
round trip, the audit entry and the pinned number of queries of its list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from kcn.kit.text import fold
from kcn.models.auth import ROLES
from tests.enterprises.factories import enterprise_payload, lease_payload, project_payload
from tests.monitoring.factories import report_payload, request_payload
from tests.zones.factories import park_payload

INTERNAL = {"admin", "zone_board", "industry_trade", "investment", "statistics", "viewer"}
# The demo (seeded, so stable): an enterprise, and a project in a park with land to lease.
DEMO_TAX_CODE = "2487153599"
DEMO_CERTIFICATE = "9203415298"
PARK_WRITERS = {"admin", "zone_board"}
EVERYONE: set[str | None] = {None, *ROLES}


def _num(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass
class Case:
    resource: str
    readers: set[str | None]  # who may list (others: 401 anonymous, 403 signed in)
    writers: set[str]  # who may create, change and delete what ``new`` makes
    new: Callable[[int], dict[str, Any]] | None  # the body of a new record (n: a unique number)
    change: dict[str, Any] | None  # a PATCH body that changes it
    sort_values: dict[str, Callable[[dict[str, Any]], Any]]  # key → the item's sort value
    export_key: tuple[str, Callable[[dict[str, Any]], str]]  # an export column and its value
    list_queries: int  # pinned: the list's queries, whatever the page size
    list_role: str | None = None  # who lists in the paging, sorting and query-count tests
    params: dict[str, str] = field(default_factory=dict)


CASES: dict[str, Case] = {
    "zone": Case(
        resource="zone",
        readers=EVERYONE,
        writers={"admin", "zone_board"},
        new=lambda n: park_payload(code=f"generic-park-{n}", land=[]),
        change={"planned_area_ha": "321.50", "developer": "Công ty Đổi Mới"},
        sort_values={
            "code": lambda z: z["code"],
            "name": lambda z: fold(z["name"]),
            "kind": lambda z: ("industrial_park", "industrial_cluster").index(z["kind"]),
            "area": lambda z: _num(z["planned_area_ha"]),
            "stage": None,  # type: ignore[dict-item]  # an index per kind: checked by count only
            "leasable_ha": lambda z: _num(z["land"]["leasable_ha"]) if z["land"] else None,
            "available_ha": lambda z: _num(z["land"]["available_ha"]) if z["land"] else None,
            "occupancy_pct": lambda z: _num(z["occupancy_pct"]),
        },
        export_key=("code", lambda z: z["code"]),
        # count, page, one load per relation (admin unit, land, milestones, parent), and the
        # land and leases behind zones.occupancy_pct (once for the page)
        list_queries=8,
    ),
    "audit_record": Case(
        resource="audit_record",
        readers={r for r in EVERYONE if r in INTERNAL},
        writers=set(),
        new=None,
        change=None,
        sort_values={
            "id": lambda r: r["id"],
            "at": lambda r: r["at"],
            "actor_name": lambda r: r["actor_name"],
            "object_type": lambda r: r["object_type"],
            "action": lambda r: r["action"],
        },
        export_key=("actor_name", lambda r: r["actor_name"]),
        list_queries=2,  # count and page (plus the token's own lookups, constant)
        list_role="admin",
    ),
    "enterprise": Case(
        resource="enterprise",
        readers=INTERNAL | {"enterprise"},
        writers={"admin", "zone_board", "industry_trade"},
        new=lambda n: enterprise_payload(5000 + n),
        change={"name": "Công ty TNHH Đổi Tên", "phone": "0204 3 123 456"},
        sort_values={
            "tax_code": lambda e: e["tax_code"],
            "name": lambda e: fold(e["name"]),
            "ownership": lambda e: e["ownership"],
            "main_country": lambda e: e["main_country"],
        },
        export_key=("tax_code", lambda e: e["tax_code"]),
        list_queries=2,  # count and page
        list_role="admin",
    ),
    "project": Case(
        resource="project",
        readers=INTERNAL | {"enterprise"},
        writers=PARK_WRITERS,
        new=lambda n: project_payload(7000 + n, DEMO_TAX_CODE),
        change={"land_ha": "3.75", "workers_vietnamese": 420},
        sort_values={
            "certificate_number": lambda p: p["certificate_number"],
            "certificate_date": lambda p: p["certificate_date"],
            "name": lambda p: fold(p["name"]),
            "capital_usd": lambda p: _num(p["capital_usd"]),
            "land_ha": lambda p: _num(p["land_ha"]),
            "status": lambda p: p["status"],
        },
        export_key=("certificate_number", lambda p: p["certificate_number"]),
        list_queries=5,  # count, page, and one load per relation (enterprise, zone, capital)
        list_role="admin",
    ),
    "lease": Case(
        resource="lease",
        readers=INTERNAL | {"enterprise"},
        writers=PARK_WRITERS,
        new=lambda n: lease_payload(DEMO_CERTIFICATE, contract_number=f"HĐ-{n}"),
        change={"area_ha": "0.80", "contract_number": "HĐ-ĐỔI"},
        sort_values={
            "id": lambda r: r["id"],
            "area_ha": lambda r: _num(r["area_ha"]),
            "start_date": lambda r: r["start_date"],
            "land_kind": lambda r: r["land_kind"],
        },
        export_key=("project", lambda r: r["project"]["certificate_number"]),
        list_queries=5,  # count, page, and the loads of project, enterprise and zone
        list_role="admin",
    ),
    "zone_facts": Case(
        resource="zone_facts",
        readers=EVERYONE,
        writers=PARK_WRITERS,
        new=lambda n: {
            "zone": "KCN-VAN-TRUNG",
            "as_of": (date(2020, 1, 1) + timedelta(days=n)).isoformat(),
            "power_kv": "110",
            "location": {"type": "Point", "coordinates": [106.11, 21.23]},
        },
        change={"rent_usd_m2": "99.50", "operator": "Công ty Hạ Tầng Đổi Mới"},
        sort_values={
            "zone": lambda f: f["zone"],
            "as_of": None,  # type: ignore[dict-item]  # within a zone: checked by count only
            "rent_usd_m2": lambda f: _num(f["rent_usd_m2"]),
            "seaport_km": lambda f: _num(f["seaport_km"]),
            "power_mva": lambda f: _num(f["power_mva"]),
        },
        export_key=("zone", lambda f: f["zone"]),
        list_queries=2,  # count and page (the zone joined in)
    ),
}


def _rule_payload(n: int) -> dict[str, Any]:
    return {
        "code": f"test_rate_{n}",
        "kind": "min_investment_rate",
        "effect": "required",
        "title_vi": "Suất đầu tư tối thiểu ngành thử",
        "title_en": "Minimum rate for a test sector",
        "sector": "2599",
        "threshold": "0.75",
        "weight": 25,
        "source": "test",
    }


CASES["screening_rule"] = Case(
    resource="screening_rule",
    readers=INTERNAL,
    writers={"admin", "investment"},
    new=_rule_payload,
    change={"threshold": "0.90", "title_en": "Minimum rate, changed"},
    sort_values={
        "code": lambda r: r["code"],
        "kind": None,  # type: ignore[dict-item]  # policy order of kinds: checked by count only
        "weight": lambda r: r["weight"],
    },
    export_key=("code", lambda r: r["code"]),
    list_queries=2,  # count and page
    list_role="admin",
)

LEAD_STAGES = (
    "first_contact",
    "site_visit",
    "proposal",
    "dossier_submitted",
    "certificate_issued",
    "lost",
)


def _lead_payload(n: int) -> dict[str, Any]:
    return {
        "investor": f"Công ty Thử Nghiệm {n}",
        "countries": ["JP"],
        "vsic_code": "2930",
        "capital_usd": "12000000",
        "land_ha": "10",
        "workers": 500,
        "zone_kind": "industrial_park",
        "first_contact_on": "2026-11-02",
        "next_action": "Gọi lại",
        "next_action_due": "2026-11-20",
    }


CASES["lead"] = Case(
    resource="lead",
    readers=INTERNAL,
    writers={"admin", "investment"},
    new=_lead_payload,
    change={"capital_usd": "15000000.00", "next_action": "Hẹn khảo sát"},
    sort_values={
        "investor": lambda r: fold(r["investor"]),
        "stage": lambda r: LEAD_STAGES.index(r["stage"]),
        "score": lambda r: r["score"],
        "next_action_due": lambda r: r["next_action_due"],
        "first_contact_on": lambda r: r["first_contact_on"],
    },
    export_key=("investor", lambda r: r["investor"]),
    list_queries=4,  # count, page, activities, zones
    list_role="admin",
)


# Readiness (kcn.readiness): the demo's first clearance task and infrastructure work (the
# demo loads them first, so their ids are 1) take the new reports.
def _day(n: int) -> str:
    from datetime import date, timedelta

    return (date(2025, 1, 1) + timedelta(days=n)).isoformat()


CASES.update(
    {
        "clearance_task": Case(
            resource="clearance_task",
            readers=INTERNAL,
            writers=PARK_WRITERS,
            new=lambda n: {
                "zone": "KCN-YEN-LU",
                "phase": f"Giai đoạn {n}",
                "land_rice_ha": "5.00",
                "households": 20,
                "compensation_planned_vnd": "1000000000",
                "start_date": "2025-01-01",
                "deadline": "2025-12-31",
            },
            change={"households": 77, "responsible_unit": "UBND huyện (đổi)"},
            sort_values={
                "id": lambda t: t["id"],
                "deadline": lambda t: t["deadline"],
                "start_date": lambda t: t["start_date"],
                "compensation_planned_vnd": lambda t: _num(t["compensation_planned_vnd"]),
            },
            export_key=("id", lambda t: t["id"]),
            list_queries=4,  # count, page, zone, reports
            list_role="admin",
        ),
        "clearance_report": Case(
            resource="clearance_report",
            readers=INTERNAL,
            writers=PARK_WRITERS,
            new=lambda n: {"task_id": 1, "reported_on": _day(n), "handed_over_ha": "1.00"},
            change={"handed_over_ha": "2.50", "note": "Đã đổi"},
            sort_values={
                "id": lambda r: r["id"],
                "reported_on": lambda r: r["reported_on"],
                "handed_over_ha": lambda r: _num(r["handed_over_ha"]),
            },
            export_key=("task_id", lambda r: r["task_id"]),
            list_queries=4,  # count, page, task, zone
            list_role="admin",
        ),
        "infra_work": Case(
            resource="infra_work",
            readers=INTERNAL,
            writers=PARK_WRITERS,
            new=lambda n: {
                "zone": "KCN-YEN-LU",
                "kind": "power",
                "name": f"Trạm biến áp {n}",
                "planned_value_vnd": "5000000000",
                "start_date": "2025-01-01",
                "planned_completion": "2025-12-31",
            },
            change={"planned_value_vnd": "6000000000", "name": "Trạm biến áp (đổi)"},
            sort_values={
                "id": lambda w: w["id"],
                "kind": lambda w: w["kind"],
                "planned_completion": lambda w: w["planned_completion"],
                "planned_value_vnd": lambda w: _num(w["planned_value_vnd"]),
            },
            export_key=("id", lambda w: w["id"]),
            list_queries=4,  # count, page, zone, reports
            list_role="admin",
        ),
        "infra_report": Case(
            resource="infra_report",
            readers=INTERNAL,
            writers=PARK_WRITERS,
            new=lambda n: {"work_id": 1, "reported_on": _day(n), "completed_value_vnd": "1000"},
            change={"completed_value_vnd": "2000", "note": "Đã đổi"},
            sort_values={
                "id": lambda r: r["id"],
                "reported_on": lambda r: r["reported_on"],
                "completed_value_vnd": lambda r: _num(r["completed_value_vnd"]),
            },
            export_key=("work_id", lambda r: r["work_id"]),
            list_queries=4,  # count, page, work, zone
            list_role="admin",
        ),
        "labour_supply": Case(
            resource="labour_supply",
            readers=INTERNAL,
            writers=PARK_WRITERS,
            new=lambda n: {
                "kind": "vocational_graduates",
                "year": 1990 + n % 100,
                "value": n,
                "area": "221",
            },
            change={"value": 12345, "source": "Cục Thống kê (đổi)"},
            sort_values={
                "id": lambda r: r["id"],
                "kind": lambda r: r["kind"],
                "year": lambda r: r["year"],
                "value": lambda r: r["value"],
            },
            export_key=("kind", lambda r: r["kind"]),
            list_queries=4,  # count, page, admin unit, zone
            list_role="admin",
        ),
    }
)


# Monitoring (kcn.monitoring): quarterly reports and support requests.
CASES.update(
    {
        "periodic_report": Case(
            resource="periodic_report",
            readers=INTERNAL | {"enterprise"},
            writers=PARK_WRITERS,
            new=lambda n: report_payload(DEMO_CERTIFICATE, f"{2030 + n // 4}-Q{n % 4 + 1}"),
            change={"net_revenue_usd": "1234567.50", "workers_vietnamese": 321},
            sort_values={
                "period": lambda r: r["period"],
                "filed_on": lambda r: r["filed_on"],
                "project": lambda r: r["project"]["certificate_number"],
                "capital_implemented_usd": lambda r: _num(r["capital_implemented_usd"]),
                "net_revenue_usd": lambda r: _num(r["net_revenue_usd"]),
            },
            export_key=("project", lambda r: r["project"]["certificate_number"]),
            list_queries=5,  # count, page, and the loads of project, enterprise and zone
            list_role="admin",
        ),
        "support_request": Case(
            resource="support_request",
            readers=INTERNAL | {"enterprise"},
            writers={"admin", "zone_board", "industry_trade"},
            new=lambda n: request_payload(DEMO_TAX_CODE, text=f"Kiến nghị số {n}"),
            change={"topic": "labour", "text": "Kiến nghị đã sửa"},
            sort_values={
                "id": lambda r: r["id"],
                "received_on": lambda r: r["received_on"],
                "due_on": lambda r: r["due_on"],
                "topic": lambda r: r["topic"],
                "state": lambda r: r["state"],
            },
            export_key=("id", lambda r: r["id"]),
            list_queries=5,  # count, page, and the loads of enterprise, steps and attachments
            list_role="admin",
        ),
    }
)
