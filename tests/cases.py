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
from tests.zones.factories import park_payload

INTERNAL = {"admin", "zone_board", "industry_trade", "investment", "statistics", "viewer"}
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
        # count, page, and one load per relation (admin unit, land, milestones, parent)
        list_queries=6,
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
}
