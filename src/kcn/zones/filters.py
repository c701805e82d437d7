"""The one filter definition of the zone list, shared by the API, the pages and the exports.

The stage is derived in SQL from the milestones reached on or before ``as_of``, so filtering,
sorting, counting and paginating by stage all happen in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from fastapi import Query
from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select
from sqlalchemy.orm import Session, selectinload

from kcn.geo import service as geo_service
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.permissions import Action, Actor, restrict
from kcn.kit.text import like_pattern
from kcn.models import Milestone, Zone
from kcn.zones.pipeline import ALL_MILESTONES, KINDS, MILESTONES
from kcn.zones.schemas import MilestoneKind, ZoneKind

SortKey = Literal[
    "code", "-code", "name", "-name", "area", "-area", "stage", "-stage", "kind", "-kind"
]


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


@dataclass
class ZoneFilter:
    kind: str | None = None
    stage: str | None = None
    reached: str | None = None
    admin_unit: str | None = None
    q: str | None = None
    as_of: date = field(default_factory=date.today)
    sort: str = "code"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        """``select(Zone, stage_index)`` of the zones ``actor`` may see, filtered and sorted."""
        stage = stage_index_subquery(self.as_of)
        stmt = (
            select(Zone, stage.c.stage_index)
            .outerjoin(stage, stage.c.zone_id == Zone.id)
            .options(
                selectinload(Zone.admin_unit),
                selectinload(Zone.land),
                selectinload(Zone.milestones),
                selectinload(Zone.parent),
            )
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
        return stmt.order_by(*self._order(stage.c.stage_index))

    def _order(self, stage_index: Any) -> list[Any]:
        key = self.sort.lstrip("-")
        column = {
            "code": Zone.code,
            "name": Zone.name_folded,
            "area": Zone.planned_area_ha,
            "stage": stage_index,
            "kind": Zone.kind,
        }[key]
        ordered = column.desc() if self.sort.startswith("-") else column.asc()
        return [ordered.nulls_last(), Zone.code]

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


def zone_filter(
    kind: ZoneKind | None = Query(None, description="industrial_park or industrial_cluster"),
    stage: MilestoneKind | None = Query(None, description="Current stage (exclusive)."),
    reached: MilestoneKind | None = Query(None, description="Milestone reached (cumulative)."),
    admin_unit: str | None = Query(None, description="Unit key or GSO code, either era."),
    q: str | None = Query(None, max_length=200, description="Search ignoring diacritics."),
    as_of: date | None = Query(None, description="The registry as it stood on this date."),
    sort: SortKey = Query("code", description="Sort key; '-' for descending."),
) -> ZoneFilter:
    """FastAPI dependency: the zone filter from query parameters."""
    return ZoneFilter(
        kind=kind,
        stage=stage,
        reached=reached,
        admin_unit=admin_unit or None,
        q=q or None,
        as_of=as_of or date.today(),
        sort=sort,
    )


__all__ = ["ALL_MILESTONES", "ZoneFilter", "stage_index_subquery", "zone_filter"]
