"""The one filter definition of the zone list, shared by the API, the pages and the exports.

The stage is derived in SQL from the milestones reached on or before ``as_of``, so filtering,
sorting, counting and paginating by stage all happen in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator
from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select
from sqlalchemy.orm import Session, selectinload

from kcn.geo import service as geo_service
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.permissions import Action, Actor, restrict
from kcn.kit.text import like_pattern
from kcn.models import Lease, Milestone, Zone, ZoneLand
from kcn.zones.pipeline import ALL_MILESTONES, KINDS, MILESTONES
from kcn.zones.schemas import MilestoneKind, ZoneKind

# What the list sorts by: key → the filter → the column (``-key`` for descending).
SORT_KEYS: dict[str, Callable[[Any], Any]] = {
    "code": lambda f: Zone.code,
    "name": lambda f: Zone.name_folded,
    # Parks before clusters (the order of KINDS), not the alphabet's clusters first.
    "kind": lambda f: case(*[(Zone.kind == k, i) for i, k in enumerate(KINDS)], else_=len(KINDS)),
    "area": lambda f: Zone.planned_area_ha,
    "stage": lambda f: f.stage_table.c.stage_index,
    "leasable_ha": lambda f: f.land_table.c.leasable_ha,
    "available_ha": lambda f: f.land_table.c.available_ha,
    "occupancy_pct": lambda f: f.land_table.c.occupancy_pct,
}
# The sort keys read from the land subquery: the list joins it only for them, since it
# ranks every zone's land rows and sums every lease in force.
LAND_SORT_KEYS = frozenset({"leasable_ha", "available_ha", "occupancy_pct"})


def stage_index_subquery(as_of: date) -> Any:
    """``(zone_id, stage_index)``: the latest pipeline position reached on or before ``as_of``."""
    position = case(
        *[
            (and_(Zone.kind == kind, Milestone.kind == milestone), i)
            for kind in KINDS
            for i, milestone in enumerate(MILESTONES[kind])
        ],
        else_=None,
    )
    return (
        select(Milestone.zone_id, func.max(position).label("stage_index"))
        .join(Zone, Zone.id == Milestone.zone_id)
        .where(Milestone.reached_on.is_not(None), Milestone.reached_on <= as_of)
        .group_by(Milestone.zone_id)
        .subquery("stage")
    )


def _at_stage(stage_index: Any, milestone: str, reached: bool) -> ColumnElement[bool]:
    """Zones whose stage is ``milestone`` (or, with ``reached``, that milestone or later)."""
    clauses = []
    for kind in KINDS:
        if milestone in MILESTONES[kind]:
            i = MILESTONES[kind].index(milestone)
            clauses.append(
                and_(Zone.kind == kind, stage_index >= i if reached else stage_index == i)
            )
    return or_(*clauses) if clauses else false()


def land_subquery(as_of: date) -> Any:
    """``(zone_id, leasable_ha, leased_ha, available_ha)`` of each zone's latest land figures
    on or before ``as_of``: the columns the list sorts by. Leased land is the sum of the zone's
    leases in force when it has any, else its land row's figure (as ``zones.leased_ha``)."""
    in_force = (
        select(Lease.zone_id, func.sum(Lease.area_ha).label("area_ha"))
        .where(Lease.start_date <= as_of)
        .where(Lease.end_date.is_(None) | (Lease.end_date > as_of))
        .group_by(Lease.zone_id)
        .subquery("leases_in_force")
    )
    leasable = ZoneLand.industrial_leasable_ha + ZoneLand.service_leasable_ha
    leased = func.coalesce(
        in_force.c.area_ha, ZoneLand.industrial_leased_ha + ZoneLand.service_leased_ha
    )
    rank = func.row_number().over(
        partition_by=ZoneLand.zone_id, order_by=(ZoneLand.as_of.desc(), ZoneLand.id.desc())
    )
    ranked = (
        select(
            ZoneLand.zone_id,
            leasable.label("leasable_ha"),
            leased.label("leased_ha"),
            (leasable - leased).label("available_ha"),
            case((leasable > 0, leased * 100 / leasable), else_=None).label("occupancy_pct"),
            rank.label("rank"),
        )
        .outerjoin(in_force, in_force.c.zone_id == ZoneLand.zone_id)
        .where(ZoneLand.as_of <= as_of)
        .subquery("ranked_land")
    )
    return select(ranked).where(ranked.c.rank == 1).subquery("land")


@dataclass
class ZoneFilter:
    kind: str | None = None
    stage: str | None = None
    reached: str | None = None
    admin_unit: str | None = None
    q: str | None = None
    as_of: date = field(default_factory=date.today)
    sort: str = "code"

    @cached_property
    def stage_table(self) -> Any:
        return stage_index_subquery(self.as_of)

    @cached_property
    def land_table(self) -> Any:
        return land_subquery(self.as_of)

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        """``select(Zone, stage_index)`` of the zones ``actor`` may see, filtered (the
        resource kit sorts it by one of :data:`SORT_KEYS`)."""
        stage = self.stage_table
        stmt = select(Zone, stage.c.stage_index).outerjoin(stage, stage.c.zone_id == Zone.id)
        if self.sort.removeprefix("-") in LAND_SORT_KEYS:
            land = self.land_table
            stmt = stmt.outerjoin(land, land.c.zone_id == Zone.id)
        stmt = stmt.options(
            selectinload(Zone.admin_unit),
            selectinload(Zone.land),
            selectinload(Zone.milestones),
            selectinload(Zone.parent),
        )
        stmt = restrict(stmt, Zone, actor, Action.view)
        if self.kind:
            stmt = stmt.where(Zone.kind == self.kind)
        if self.stage:
            stmt = stmt.where(_at_stage(stage.c.stage_index, self.stage, reached=False))
        if self.reached:
            stmt = stmt.where(_at_stage(stage.c.stage_index, self.reached, reached=True))
        if self.q:
            stmt = stmt.where(
                or_(
                    Zone.name_folded.like(like_pattern(self.q), escape="\\"),
                    func.lower(Zone.code).like(like_pattern(self.q, folded=False), escape="\\"),
                )
            )
        if self.admin_unit:
            unit = geo_service.resolve(session, self.admin_unit, self.as_of)
            if unit is None:
                raise ValidationFailed(
                    fields=[
                        FieldError("admin_unit", "admin_unit.unknown", {"ref": self.admin_unit})
                    ]
                )
            ids = geo_service.units_within(session, unit, self.as_of)
            stmt = stmt.where(Zone.admin_unit_id.in_(ids))
        return stmt

    def params(self) -> dict[str, str]:
        """The filter as query parameters (for links to the export and the next page)."""
        values = {
            "kind": self.kind,
            "stage": self.stage,
            "reached": self.reached,
            "admin_unit": self.admin_unit,
            "q": self.q,
            "as_of": self.as_of.isoformat(),
            "sort": self.sort,
        }
        return {k: v for k, v in values.items() if v}


# An empty choice is "any": the page's filter form sends every select, chosen or not.
_EmptyIsAny = BeforeValidator(lambda v: v or None)


def zone_filter(
    kind: Annotated[
        ZoneKind | None,
        _EmptyIsAny,
        Query(description="industrial_park or industrial_cluster"),
    ] = None,
    stage: Annotated[
        MilestoneKind | None, _EmptyIsAny, Query(description="Current stage (exclusive).")
    ] = None,
    reached: Annotated[
        MilestoneKind | None, _EmptyIsAny, Query(description="Milestone reached (cumulative).")
    ] = None,
    admin_unit: str | None = Query(None, description="Unit key or GSO code, either era."),
    q: str | None = Query(None, max_length=200, description="Search ignoring diacritics."),
    as_of: date | None = Query(None, description="The registry as it stood on this date."),
    sort: str = Query(
        "code",
        max_length=40,
        description=f"One of {', '.join(SORT_KEYS)}; '-' first for descending.",
    ),
) -> ZoneFilter:
    """FastAPI dependency: the zone filter from query parameters."""
    return ZoneFilter(
        kind=kind or None,
        stage=stage or None,
        reached=reached or None,
        admin_unit=admin_unit or None,
        q=q or None,
        as_of=as_of or date.today(),
        sort=sort,
    )


__all__ = ["ALL_MILESTONES", "SORT_KEYS", "ZoneFilter", "stage_index_subquery", "zone_filter"]
