"""What the generic resource tests need to know of each registered resource.

Every resource registered with the kit (``kcn.kit.resources.RESOURCES``) must have a case
here: ``tests/test_resources.py`` fails for a resource without one, and runs the same checks
over every case — permissions per role, 404, 409 on a stale write, paging, sorting, the export
round trip, the audit entry and the pinned number of queries of its list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kcn.kit.text import fold
from kcn.models.auth import ROLES
from tests.enterprises.factories import enterprise_payload, lease_payload, project_payload
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
}
