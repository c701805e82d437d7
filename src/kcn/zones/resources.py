"""Zones declared to the resource kit: the list, export, detail and writes of parks and
clusters come from this one declaration (``kcn.kit.resources``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fastapi import Query
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.kit.export import Column, attr
from kcn.kit.i18n import translate
from kcn.kit.resources import Context, Resource, register
from kcn.models import Zone
from kcn.zones import metrics as _zone_metrics  # registers zones.occupancy_pct
from kcn.zones import service
from kcn.zones.filters import SORT_KEYS, ZoneFilter, zone_filter
from kcn.zones.policy import sees_internal
from kcn.zones.schemas import ZoneCreate, ZoneRead, ZoneUpdate


def read_rows(session: Session, rows: Sequence[Any], ctx: Context) -> list[ZoneRead]:
    filters: ZoneFilter = ctx.filters
    internal = sees_internal(ctx.actor)
    reads = [service.to_read(z, i, filters.as_of, ctx.lang, internal) for z, i in rows]
    return with_occupancy(session, reads, filters.as_of)


def with_occupancy(session: Session, reads: list[ZoneRead], as_of: date) -> list[ZoneRead]:
    """Each zone's occupancy as the metric ``zones.occupancy_pct`` gives it (from its leases
    when it has any), so that a list agrees with the summary; a few queries for any number."""
    # Not through the cache: a page's figures are read for its zones alone, in two queries.
    context = metrics.Context(session, cache=None)
    _zone_metrics.zone_land_of(context, as_of, [read.code for read in reads])  # one read for all
    return [
        read.model_copy(update={"occupancy_pct": metrics.compute_in(
            context, "zones.occupancy_pct", {"zone": read.code, "as_of": as_of}).value})
        for read in reads
    ]  # fmt: skip


def read_one(session: Session, zone_id: int, ctx: Context) -> ZoneRead:
    """The zone as it stood on ``ctx.filters`` (a date; default today)."""
    day = ctx.filters or date.today()
    zone = service.get_zone(session, zone_id, ctx.actor)
    index = service.stage_index(session, zone_id, day)
    read = service.to_read(zone, index, day, ctx.lang, sees_internal(ctx.actor))
    return with_occupancy(session, [read], day)[0]


def detail_date(
    as_of: date | None = Query(None, description="The zone as it stood on this date."),
) -> date | None:
    return as_of


def _land(name: str) -> Column:
    return Column(name, lambda z, _lang: getattr(z.land, name) if z.land else None, 12)


EXPORT_COLUMNS = (
    attr("code", 22),
    attr("name", 48),
    Column("kind", lambda z, lang: translate(f"kind.{z.kind}", lang), 22),
    Column("admin_unit", lambda z, _lang: z.admin_unit.name if z.admin_unit else "", 26),
    Column("stage", lambda z, lang: translate(f"milestone.{z.stage}", lang) if z.stage else "", 30),
    attr("planned_area_ha", 12),
    _land("leasable_ha"),
    _land("leased_ha"),
    _land("available_ha"),
    attr("occupancy_pct", 10),
    Column("developer", lambda z, _lang: z.developer or "", 30),
    Column("demo", lambda z, lang: translate("demo.yes", lang) if z.is_demo else "", 10),
)

ZONES = register(
    Resource(
        name="zone",
        path="/api/v1/zones",
        tag="zones",
        model=Zone,
        read_schema=ZoneRead,
        filter_dependency=zone_filter,
        sort_keys=SORT_KEYS,
        tiebreak=lambda f: Zone.code,
        read_rows=read_rows,
        read_one=read_one,
        export_columns=EXPORT_COLUMNS,
        export_name=lambda f: f"kcn-zones-{f.as_of.isoformat()}",
        title_key="zone.list.title",
        describe=service.snapshot,
        label=lambda z: z.name,
        create_schema=ZoneCreate,
        update_schema=ZoneUpdate,
        create=service.create_zone,
        update=service.update_zone,
        delete=service.delete_zone,
        detail_dependency=detail_date,
    )
)
