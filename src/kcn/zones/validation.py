"""Zone validation: the rules a zone, its milestones and land figures must keep.

Each check returns every problem it finds as a :class:`FieldError` naming the request field,
so that one refused request lists everything wrong with it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.geo import service as geo_service
from kcn.kit.errors import FieldError
from kcn.kit.http import label_param
from kcn.kit.i18n import translate
from kcn.models import Milestone, Zone, ZoneLand
from kcn.zones import pipeline
from kcn.zones.schemas import LandCreate, MilestoneCreate, ZoneCreate, ZoneUpdate

# Messages about the pipeline name milestones by their label, not their API key.
for _param in ("milestone", "previous"):
    label_param(_param, lambda value, lang: translate(f"milestone.{value}", lang))


def check_land(rows: list[ZoneLand | LandCreate], planned: Decimal | None) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, row in enumerate(rows):
        where = f"land.{i}"
        if row.industrial_leased_ha > row.industrial_leasable_ha:
            errors.append(FieldError(f"{where}.industrial_leased_ha", "land.leased_over_leasable"))
        if row.service_leased_ha > row.service_leasable_ha:
            errors.append(FieldError(f"{where}.service_leased_ha", "land.leased_over_leasable"))
        leasable = row.industrial_leasable_ha + row.service_leasable_ha
        if planned is not None and leasable > planned:
            errors.append(
                FieldError(
                    f"{where}.industrial_leasable_ha",
                    "land.leasable_over_planned",
                    {"leasable": leasable, "planned": planned},
                )
            )
    dates = [row.as_of for row in rows]
    for i, day in enumerate(dates):
        if day in dates[:i]:
            errors.append(FieldError(f"land.{i}.as_of", "land.duplicate_date", {"date": day}))
    return errors


def check_milestones(
    kind: str, rows: list[Milestone | MilestoneCreate], prefix: str = "milestones"
) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        if row.kind not in pipeline.MILESTONES[kind]:
            errors.append(
                FieldError(f"{prefix}.{i}.kind", "milestone.wrong_kind", {"milestone": row.kind})
            )
        elif row.kind in seen:
            errors.append(
                FieldError(f"{prefix}.{i}.kind", "milestone.duplicate", {"milestone": row.kind})
            )
        if row.reached_on is None and row.target_date is None:
            errors.append(FieldError(f"{prefix}.{i}.reached_on", "milestone.needs_date"))
        seen.add(row.kind)
    if errors:
        return errors
    reached = [(i, r.kind, r.reached_on) for i, r in enumerate(rows) if r.reached_on is not None]
    return pipeline.order_errors(kind, reached, prefix)


def resolve_refs(
    session: Session, data: ZoneCreate | ZoneUpdate, kind: str, zone_id: int | None
) -> tuple[dict[str, Any], list[FieldError]]:
    """Turn the ``admin_unit`` and ``parent`` references into rows; errors for bad ones."""
    found: dict[str, Any] = {}
    errors: list[FieldError] = []
    fields = data.model_fields_set
    if "admin_unit" in fields:
        found["admin_unit"] = None
        if data.admin_unit:
            unit = geo_service.resolve(session, data.admin_unit)
            if unit is None:
                errors.append(
                    FieldError("admin_unit", "admin_unit.unknown", {"ref": data.admin_unit})
                )
            found["admin_unit"] = unit
    if "parent" in fields:
        found["parent"] = None
        if data.parent:
            parent = session.scalar(select(Zone).where(Zone.code == data.parent.upper()))
            if parent is None:
                errors.append(FieldError("parent", "zone.parent_unknown", {"code": data.parent}))
            elif parent.id == zone_id or is_descendant(session, parent, zone_id):
                errors.append(FieldError("parent", "zone.parent_cycle"))
            elif parent.kind != kind:
                errors.append(FieldError("parent", "zone.parent_other_kind"))
            found["parent"] = parent
    if data.code is not None:
        clash = session.scalar(select(Zone.id).where(Zone.code == data.code))
        if clash is not None and clash != zone_id:
            errors.append(FieldError("code", "zone.code_taken", {"code": data.code}))
    return found, errors


def is_descendant(session: Session, zone: Zone, ancestor_id: int | None) -> bool:
    current: Zone | None = zone
    while current is not None and ancestor_id is not None:
        if current.parent_id == ancestor_id:
            return True
        current = session.get(Zone, current.parent_id) if current.parent_id else None
    return False


def errors_of_row(
    errors: list[FieldError], prefix: str, index: int, kind: str | None = None
) -> list[FieldError]:
    """The errors about row ``index`` of a list, named by the row's own fields (the request
    that adds or changes one row names fields without the list prefix). An ordering error
    raised on a later milestone because of this row's date is this row's error too."""
    head = f"{prefix}.{index}."
    mine: list[FieldError] = []
    for e in errors:
        if e.field.startswith(head):
            mine.append(FieldError(e.field.removeprefix(head), e.key, e.params))
        elif kind is not None and e.params.get("previous") == kind:
            mine.append(FieldError("reached_on", e.key, e.params))
    return mine
