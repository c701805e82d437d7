"""The zone registry's derived figures, registered in :mod:`kcn.kit.metrics`.

Counts and areas by current stage (exclusive) and by milestone reached (cumulative), zones
established per year, and the land figures: leasable, leased, available and occupancy (a ratio
of sums over each zone's latest land row on or before the date, never a mean of ratios).
Each figure is computed here and nowhere else; the summary, the reconciliation of published
figures and the API read them from the registry.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.metrics import Context, Metric, Param, Reading, register
from kcn.models import Lease, Milestone, Zone, ZoneLand
from kcn.zones import pipeline
from kcn.zones.filters import stage_index_subquery
from kcn.zones.service import occupancy_pct

ZERO = Decimal(0)


def _today(_session: Session, _params: dict[str, Any]) -> date:
    return date.today()


AS_OF = Param("as_of", date, "Date the registry is read on (default: today).", default_from=_today)
KIND = Param("kind", str, "industrial_park or industrial_cluster (default: both).",
             choices=pipeline.KINDS)  # fmt: skip
STAGE = Param("stage", str, "Count zones whose current stage is this milestone.",
              choices=pipeline.ALL_MILESTONES)  # fmt: skip
REACHED = Param("reached", str, "Count zones that reached this milestone or a later one.",
                choices=pipeline.ALL_MILESTONES)  # fmt: skip
YEAR = Param("year", int, "Year of establishment (default: the year of as_of).")
ZONE = Param("zone", str, "Code of one zone (default: every zone of the kind).")


def _kinds(kind: str | None) -> tuple[str, ...]:
    return pipeline.KINDS if kind is None else (kind,)


def stage_table(context: Context, as_of: date) -> dict[tuple[str, int], tuple[int, Decimal]]:
    """``(kind, stage index) → (zones, Σ planned area)`` on ``as_of`` (one query, memoised)."""

    def load() -> dict[tuple[str, int], tuple[int, Decimal]]:
        stage = stage_index_subquery(as_of)
        rows = context.session.execute(
            select(
                Zone.kind,
                stage.c.stage_index,
                func.count(Zone.id),
                func.coalesce(func.sum(Zone.planned_area_ha), 0),
            )
            .join(stage, stage.c.zone_id == Zone.id)
            .group_by(Zone.kind, stage.c.stage_index)
        )
        return {(k, int(i)): (int(n), Decimal(a)) for k, i, n, a in rows if i is not None}

    result: dict[tuple[str, int], tuple[int, Decimal]] = context.memo(("zones.stage", as_of), load)
    return result


def _selected(
    table: dict[tuple[str, int], tuple[int, Decimal]], params: dict[str, Any]
) -> list[tuple[int, Decimal]]:
    """The (count, area) cells of the stage table that the parameters select."""
    stage, reached = params.get("stage"), params.get("reached")
    milestone = stage or reached
    cells: list[tuple[int, Decimal]] = []
    for kind in _kinds(params.get("kind")):
        names = pipeline.MILESTONES[kind]
        if milestone is not None and milestone not in names:
            continue
        for index in range(len(names)):
            if stage is not None and index != names.index(stage):
                continue
            if reached is not None and index < names.index(reached):
                continue
            cells.append(table.get((kind, index), (0, ZERO)))
    return cells


def _zones(context: Context, params: dict[str, Any], column: int) -> Reading:
    cells = _selected(stage_table(context, params["as_of"]), params)
    count = sum(c for c, _ in cells)
    value = Decimal(count) if column == 0 else sum((a for _, a in cells), ZERO)
    return Reading(value, count)


def _count(context: Context, params: dict[str, Any]) -> Reading:
    if params.get("stage") and params.get("reached"):
        raise ValidationFailed(fields=[FieldError("stage", "metric.stage_or_reached")])
    return _zones(context, params, 0)


def _area(context: Context, params: dict[str, Any]) -> Reading:
    if params.get("stage") and params.get("reached"):
        raise ValidationFailed(fields=[FieldError("stage", "metric.stage_or_reached")])
    return _zones(context, params, 1)


def established_by_year(context: Context, as_of: date) -> dict[str, Counter[int]]:
    """Per kind, how many zones reached their establishing milestone in each year."""

    def load() -> dict[str, Counter[int]]:
        stmt = (
            select(Zone.kind, Milestone.kind, Milestone.reached_on)
            .join(Zone, Zone.id == Milestone.zone_id)
            .where(Milestone.reached_on.is_not(None), Milestone.reached_on <= as_of)
            .where(Milestone.kind.in_(set(pipeline.ESTABLISHING.values())))
        )
        years: dict[str, Counter[int]] = {kind: Counter() for kind in pipeline.KINDS}
        for zone_kind, milestone, reached_on in context.session.execute(stmt):
            if pipeline.ESTABLISHING[zone_kind] == milestone and reached_on is not None:
                years[zone_kind][reached_on.year] += 1
        return years

    result: dict[str, Counter[int]] = context.memo(("zones.established", as_of), load)
    return result


def _established(context: Context, params: dict[str, Any]) -> Reading:
    years = established_by_year(context, params["as_of"])
    year = params["year"] or params["as_of"].year
    count = sum(years[kind][year] for kind in _kinds(params.get("kind")))
    return Reading(Decimal(count), count)


def _lease_query(as_of: date) -> Any:
    return (
        select(
            Lease.zone_id,
            func.sum(Lease.area_ha),
            func.max(case((Lease.is_demo, 1), else_=0)),
        )
        .where(Lease.start_date <= as_of)
        .where(Lease.end_date.is_(None) | (Lease.end_date > as_of))
        .group_by(Lease.zone_id)
    )


def _lease_rows(context: Context, stmt: Any) -> dict[int, tuple[Decimal, bool]]:
    return {
        zone_id: (Decimal(area or 0), bool(demo))
        for zone_id, area, demo in context.session.execute(stmt)
    }


def lease_totals(context: Context, as_of: date) -> dict[int, tuple[Decimal, bool]]:
    """Per zone: (Σ land leased on ``as_of`` by its projects' leases, any demo lease)."""
    result: dict[int, tuple[Decimal, bool]] = context.memo(
        ("zones.leases", as_of), lambda: _lease_rows(context, _lease_query(as_of))
    )
    return result


Land = dict[str, tuple[str, Decimal, Decimal, bool]]


def _land_rows(context: Context, as_of: date, codes: list[str] | None) -> Land:
    """The rows of :func:`zone_land`, for every zone (``codes`` None) or only for ``codes``
    (two queries restricted to them, whatever the number of zones in the registry)."""
    latest = select(ZoneLand.zone_id, func.max(ZoneLand.as_of).label("as_of")).where(
        ZoneLand.as_of <= as_of
    )
    if codes is not None:
        ids = select(Zone.id).where(Zone.code.in_(codes)).scalar_subquery()
        latest = latest.where(ZoneLand.zone_id.in_(ids))
        leases = _lease_rows(context, _lease_query(as_of).where(Lease.zone_id.in_(ids)))
    else:
        leases = lease_totals(context, as_of)
    latest_table = latest.group_by(ZoneLand.zone_id).subquery()
    stmt = (
        select(
            Zone.kind,
            Zone.code,
            ZoneLand.zone_id,
            ZoneLand.industrial_leased_ha + ZoneLand.service_leased_ha,
            ZoneLand.industrial_leasable_ha + ZoneLand.service_leasable_ha,
            ZoneLand.is_demo,
        )
        .join(
            latest_table,
            (latest_table.c.zone_id == ZoneLand.zone_id) & (latest_table.c.as_of == ZoneLand.as_of),
        )
        .join(Zone, Zone.id == ZoneLand.zone_id)
    )
    zones: Land = {}
    for kind, code, zone_id, leased, leasable, demo in context.session.execute(stmt):
        if zone_id in leases:
            leased, lease_demo = leases[zone_id]
            demo = demo or lease_demo
        zones[code] = (kind, Decimal(leased or 0), Decimal(leasable or 0), bool(demo))
    return zones


def zone_land(context: Context, as_of: date) -> Land:
    """Per zone code: (kind, leased, leasable, any demo row) from the zone's latest land row on
    or before ``as_of``. A zone's leased land is the sum of its leases in force when it has any
    (the registry of projects), else the leased figure of its land row."""
    result: Land = context.memo(
        ("zones.zone_land", as_of), lambda: _land_rows(context, as_of, None)
    )
    return result


def zone_land_of(context: Context, as_of: date, codes: list[str]) -> Land:
    """:func:`zone_land` for ``codes`` only: read for those zones alone (a page of the zone
    list, one zone's page) unless every zone's figures were already read in this context.
    Zones read once are kept, so a page primes it and each zone's metric then finds its row."""
    whole: Land | None = context.peek(("zones.zone_land", as_of))
    if whole is not None:
        return {code: whole[code] for code in codes if code in whole}
    some: Land = context.memo(("zones.zone_land_of", as_of), dict)
    missing = sorted(
        {code for code in codes if code not in some and code not in _absent(context, as_of)}
    )
    if missing:
        found = _land_rows(context, as_of, missing)
        some.update(found)
        _absent(context, as_of).update(set(missing) - set(found))
    return {code: some[code] for code in codes if code in some}


def _absent(context: Context, as_of: date) -> set[str]:
    """Codes read by :func:`zone_land_of` that have no land row on ``as_of``."""
    result: set[str] = context.memo(("zones.zone_land_absent", as_of), set)
    return result


def land_totals(context: Context, as_of: date) -> dict[str, tuple[Decimal, Decimal, int, bool]]:
    """Per kind: (Σ leased, Σ leasable, zones, any demo row) over :func:`zone_land`."""

    def load() -> dict[str, tuple[Decimal, Decimal, int, bool]]:
        totals: dict[str, tuple[Decimal, Decimal, int, bool]] = {}
        for kind, leased, leasable, demo in zone_land(context, as_of).values():
            old = totals.get(kind, (ZERO, ZERO, 0, False))
            totals[kind] = (old[0] + leased, old[1] + leasable, old[2] + 1, old[3] or demo)
        return totals

    result: dict[str, tuple[Decimal, Decimal, int, bool]] = context.memo(
        ("zones.land", as_of), load
    )
    return result


def _land(context: Context, params: dict[str, Any]) -> tuple[Decimal, Decimal, Reading]:
    code = params.get("zone")
    if code:  # one zone (of the kind, when one is given)
        found = zone_land_of(context, params["as_of"], [code]).get(code)
        if found is None or (params.get("kind") and found[0] != params["kind"]):
            return ZERO, ZERO, Reading(None, 0)
        flags = frozenset({"demo"}) if found[3] else frozenset()
        return found[1], found[2], Reading(None, 1, flags)
    totals = land_totals(context, params["as_of"])
    rows = [totals.get(kind, (ZERO, ZERO, 0, False)) for kind in _kinds(params.get("kind"))]
    leased = sum((r[0] for r in rows), ZERO)
    leasable = sum((r[1] for r in rows), ZERO)
    flags = frozenset({"demo"}) if any(r[3] for r in rows) else frozenset()
    return leased, leasable, Reading(None, sum(r[2] for r in rows), flags)


def _with(reading: Reading, value: Decimal | None) -> Reading:
    return Reading(value, reading.records, reading.flags)


def _found(reading: Reading, params: dict[str, Any]) -> bool:
    """False for one zone asked for that has no land figures on the date: no value, not 0."""
    return bool(reading.records) or not params.get("zone")


def _leased(context: Context, params: dict[str, Any]) -> Reading:
    leased, _, reading = _land(context, params)
    return _with(reading, leased if _found(reading, params) else None)


def _leasable(context: Context, params: dict[str, Any]) -> Reading:
    _, leasable, reading = _land(context, params)
    return _with(reading, leasable if _found(reading, params) else None)


def _available(context: Context, params: dict[str, Any]) -> Reading:
    leased, leasable, reading = _land(context, params)
    return _with(reading, leasable - leased if _found(reading, params) else None)


def _occupancy(context: Context, params: dict[str, Any]) -> Reading:
    leased, leasable, reading = _land(context, params)
    return _with(reading, occupancy_pct(leased, leasable) if _found(reading, params) else None)


STAGE_INPUTS = ("zone.kind", "zone.planned_area_ha", "milestone.kind", "milestone.reached_on")
LAND_INPUTS = ("zone.kind", "zone_land.as_of", "zone_land.*_leasable_ha", "zone_land.*_leased_ha",
               "lease.area_ha", "lease.start_date", "lease.end_date")  # fmt: skip
LAND_PARAMS = (KIND, ZONE, AS_OF)

METRICS = [
    Metric(
        "zones.count", "count", 0,
        "Số khu/cụm theo giai đoạn hiện tại (stage, loại trừ nhau) hoặc theo mốc đã đạt "
        "(reached, cộng dồn: đạt mốc đó hoặc mốc sau), tại ngày as_of.",
        "Zones at a current stage (stage, exclusive) or that reached a milestone (reached, "
        "cumulative: that milestone or a later one), on as_of.",
        "count(zones whose latest milestone on as_of is / is at or after the milestone)",
        STAGE_INPUTS, _count, (KIND, STAGE, REACHED, AS_OF),
    ),
    Metric(
        "zones.area_ha", "ha", 2,
        "Tổng diện tích quy hoạch của các khu/cụm mà zones.count đếm.",
        "Total planned area of the zones that zones.count counts.",
        "Σ zone.planned_area_ha over the zones counted",
        STAGE_INPUTS, _area, (KIND, STAGE, REACHED, AS_OF),
    ),
    Metric(
        "zones.established", "count", 0,
        "Số khu/cụm được thành lập trong năm (KCN: chấp thuận chủ trương đầu tư; CCN: quyết "
        "định thành lập), tính đến ngày as_of.",
        "Zones established in the year (parks: investment-policy approval; clusters: "
        "establishment decision), up to as_of.",
        "count(establishing milestone reached in year, on or before as_of)",
        ("zone.kind", "milestone.kind", "milestone.reached_on"), _established,
        (KIND, YEAR, AS_OF),
    ),
    Metric(
        "zones.leasable_ha", "ha", 2,
        "Diện tích đất công nghiệp và dịch vụ có thể cho thuê (số liệu mới nhất của mỗi khu).",
        "Industrial and service land that can be leased (each zone's latest figures).",
        "Σ (industrial_leasable_ha + service_leasable_ha)", LAND_INPUTS, _leasable, LAND_PARAMS,
    ),
    Metric(
        "zones.leased_ha", "ha", 2,
        "Diện tích đất công nghiệp và dịch vụ đã cho thuê: tổng các hợp đồng thuê đất còn hiệu "
        "lực của khu; khu chưa có hợp đồng nào thì lấy số liệu đất mới nhất của khu.",
        "Industrial and service land leased: the sum of the zone's leases in force; a zone "
        "without leases gives its latest land figures.",
        "Σ lease.area_ha in force, else Σ (industrial_leased_ha + service_leased_ha)",
        LAND_INPUTS, _leased, LAND_PARAMS,
    ),
    Metric(
        "zones.available_ha", "ha", 2,
        "Quỹ đất còn trống: có thể cho thuê mà chưa cho thuê.",
        "Available land: leasable and not yet leased.",
        "Σ leasable − Σ leased", LAND_INPUTS, _available, LAND_PARAMS,
    ),
    Metric(
        "zones.occupancy_pct", "pct", 2,
        "Tỷ lệ lấp đầy: tổng diện tích đã cho thuê chia tổng diện tích có thể cho thuê (tỷ "
        "số của các tổng, không phải trung bình các tỷ lệ).",
        "Occupancy: total land leased over total land leasable (a ratio of sums, never a mean "
        "of ratios).",
        "Σ leased / Σ leasable × 100", LAND_INPUTS, _occupancy, LAND_PARAMS,
    ),
]  # fmt: skip

for _metric in METRICS:
    register(_metric)
