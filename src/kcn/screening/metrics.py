"""Derived figures of the screening domain, registered in :mod:`kcn.kit.metrics`: each
zone's available land and occupancy (for land matching), the screening score of a lead, and
the investor pipeline's funnel (leads by stage reached, conversion, overdue follow-ups)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.metrics import Context, Metric, Param, Reading, register
from kcn.models import Lead, Zone, ZoneLand
from kcn.models.screening import LEAD_STAGES
from kcn.screening import evaluation, leads, ruleset
from kcn.zones.metrics import lease_totals
from kcn.zones.service import occupancy_pct

ZERO = Decimal(0)


def _today(_session: Session, _params: dict[str, Any]) -> date:
    return date.today()


AS_OF = Param("as_of", date, "Date the land is read on (default: today).", default_from=_today)
ZONE = Param("zone", str, "Zone code.", required=True)


def zone_land(context: Context, as_of: date) -> dict[int, tuple[Decimal, Decimal, bool]]:
    """Per zone id: (leasable, leased, any demo figure) from the zone's latest land row on or
    before ``as_of``; leased is the sum of its leases in force when it has any (the same rule
    as ``zones.leased_ha``, zone by zone)."""

    def load() -> dict[int, tuple[Decimal, Decimal, bool]]:
        latest = (
            select(ZoneLand.zone_id, func.max(ZoneLand.as_of).label("as_of"))
            .where(ZoneLand.as_of <= as_of)
            .group_by(ZoneLand.zone_id)
            .subquery()
        )
        stmt = select(
            ZoneLand.zone_id,
            ZoneLand.industrial_leasable_ha + ZoneLand.service_leasable_ha,
            ZoneLand.industrial_leased_ha + ZoneLand.service_leased_ha,
            ZoneLand.is_demo,
        ).join(latest, (latest.c.zone_id == ZoneLand.zone_id) & (latest.c.as_of == ZoneLand.as_of))
        leases = lease_totals(context, as_of)
        out = {}
        for zone_id, leasable, leased, demo in context.session.execute(stmt):
            if zone_id in leases:
                leased, lease_demo = leases[zone_id]
                demo = demo or lease_demo
            out[zone_id] = (Decimal(leasable or 0), Decimal(leased or 0), bool(demo))
        return out

    result: dict[int, tuple[Decimal, Decimal, bool]] = context.memo(("screening.land", as_of), load)
    return result


def _zone_id(context: Context, code: str) -> int:
    found = context.memo(
        ("screening.zone", code),
        lambda: context.session.scalar(select(Zone.id).where(Zone.code == code)),
    )
    if found is None:
        raise ValidationFailed(
            fields=[FieldError("zone", "screening.unknown_zone", {"value": code})]
        )
    return int(found)


def _land_reading(context: Context, params: dict[str, Any], which: str) -> Reading:
    row = zone_land(context, params["as_of"]).get(_zone_id(context, params["zone"]))
    if row is None:
        return Reading(None, 0)
    leasable, leased, demo = row
    flags = frozenset({"demo"}) if demo else frozenset()
    value = leasable - leased if which == "available" else occupancy_pct(leased, leasable)
    return Reading(value, 1, flags)


def _available(context: Context, params: dict[str, Any]) -> Reading:
    return _land_reading(context, params, "available")


def _occupancy(context: Context, params: dict[str, Any]) -> Reading:
    return _land_reading(context, params, "occupancy")


LAND_INPUTS = (
    "zone_land.as_of",
    "zone_land.*_leasable_ha",
    "zone_land.*_leased_ha",
    "lease.area_ha",
    "lease.start_date",
    "lease.end_date",
)

METRICS = [
    Metric(
        "screening.zone_available_ha",
        "ha",
        2,
        "Quỹ đất còn trống của một khu/cụm: có thể cho thuê mà chưa cho thuê (số liệu mới nhất "
        "của khu; đã cho thuê là tổng các hợp đồng thuê còn hiệu lực nếu có).",
        "A zone's available land: leasable and not yet leased (its latest figures; leased is "
        "the sum of its leases in force when it has any).",
        "leasable − leased, for one zone",
        LAND_INPUTS,
        _available,
        (ZONE, AS_OF),
    ),
    Metric(
        "screening.zone_occupancy_pct",
        "pct",
        2,
        "Tỷ lệ lấp đầy của một khu/cụm: đã cho thuê chia có thể cho thuê.",
        "A zone's occupancy: land leased over land leasable.",
        "leased / leasable × 100, for one zone",
        LAND_INPUTS,
        _occupancy,
        (ZONE, AS_OF),
    ),
]

for _metric in METRICS:
    register(_metric)


OPEN = LEAD_STAGES[:4]
FORWARD = LEAD_STAGES[:5]  # the stages a lead goes through, lost aside
STAGE = Param(
    "stage",
    str,
    "A pipeline stage: leads that reached it or a later one (lost "
    "leads count up to the stage they were lost at).",
    choices=FORWARD,
    required=True,
)
COUNTRY = Param("country", str, "Main investor country, ISO 3166-1 alpha-2 (default: all).")
SECTOR = Param("sector", str, "VSIC 2018 code or prefix (default: every sector).")
LEAD_AS_OF = Param(
    "as_of", date, "Date overdue is judged on (default: today).", default_from=_today
)
LEAD_ID = Param("lead", int, "Lead id.", required=True)


def lead_rows(context: Context, country: str | None, sector: str | None) -> list[tuple[Any, ...]]:
    """(stage, lost_at_stage, next_action_due, is_demo) of the leads selected, once."""

    def load() -> list[tuple[Any, ...]]:
        stmt = select(Lead.stage, Lead.lost_at_stage, Lead.next_action_due, Lead.is_demo)
        if country:
            stmt = stmt.where(Lead.main_country == country.upper())
        if sector:
            stmt = stmt.where(Lead.vsic_code.like(f"{sector}%"))
        return [tuple(r) for r in context.session.execute(stmt)]

    result: list[tuple[Any, ...]] = context.memo(("screening.leads", country, sector), load)
    return result


def _flags(rows: list[tuple[Any, ...]]) -> frozenset[str]:
    return frozenset({"demo"}) if any(r[3] for r in rows) else frozenset()


def _reached_count(rows: list[tuple[Any, ...]], stage: str) -> int:
    wanted = FORWARD.index(stage)
    count = 0
    for current, lost_at, _, _ in rows:
        at = lost_at if current == "lost" else current
        if at in FORWARD and FORWARD.index(at) >= wanted:
            count += 1
    return count


def _reached(context: Context, params: dict[str, Any]) -> Reading:
    rows = lead_rows(context, params.get("country"), params.get("sector"))
    return Reading(Decimal(_reached_count(rows, params["stage"])), len(rows), _flags(rows))


def _lost(context: Context, params: dict[str, Any]) -> Reading:
    rows = lead_rows(context, params.get("country"), params.get("sector"))
    return Reading(Decimal(sum(1 for r in rows if r[0] == "lost")), len(rows), _flags(rows))


def _conversion(context: Context, params: dict[str, Any]) -> Reading:
    rows = lead_rows(context, params.get("country"), params.get("sector"))
    first = _reached_count(rows, FORWARD[0])
    done = _reached_count(rows, FORWARD[-1])
    value = Decimal(done) * 100 / first if first else None
    return Reading(value, len(rows), _flags(rows))


def _overdue(context: Context, params: dict[str, Any]) -> Reading:
    rows = lead_rows(context, params.get("country"), params.get("sector"))
    day = params["as_of"]
    n = sum(1 for stage, _, due, _ in rows if stage in OPEN and due is not None and due < day)
    return Reading(Decimal(n), len(rows), _flags(rows))


def _score(context: Context, params: dict[str, Any]) -> Reading:
    lead = context.session.get(Lead, params["lead"])
    if lead is None:
        raise ValidationFailed(
            fields=[FieldError("lead", "screening.lead_not_found", {"id": params["lead"]})]
        )
    number, rules = ruleset.version(context.session)
    result = evaluation.evaluate(leads.proposal_of(lead), rules, number, "vi")
    return Reading(Decimal(result.score), 1, frozenset({"demo"}) if lead.is_demo else frozenset())


LEAD_INPUTS = ("lead.stage", "lead.lost_at_stage", "lead.main_country", "lead.vsic_code")
LEAD_METRICS = [
    Metric(
        "leads.reached",
        "count",
        0,
        "Số nhà đầu tư tiềm năng đã đạt giai đoạn này hoặc giai đoạn sau (nhà đầu tư đã dừng "
        "được tính đến giai đoạn dừng).",
        "Leads that reached the stage or a later one (a lost lead counts up to the stage it "
        "was lost at).",
        "count(leads with stage index ≥ stage)",
        LEAD_INPUTS,
        _reached,
        (STAGE, COUNTRY, SECTOR),
    ),
    Metric(
        "leads.lost",
        "count",
        0,
        "Số nhà đầu tư tiềm năng đã dừng (không đầu tư), có lý do.",
        "Leads lost, each with its reason.",
        "count(leads where stage = lost)",
        LEAD_INPUTS,
        _lost,
        (COUNTRY, SECTOR),
    ),
    Metric(
        "leads.conversion_pct",
        "pct",
        2,
        "Tỷ lệ chuyển đổi: số được cấp giấy chứng nhận đăng ký đầu tư chia số đã tiếp xúc.",
        "Conversion: leads that got their investment certificate over leads contacted.",
        "reached(certificate_issued) / reached(first_contact) × 100",
        LEAD_INPUTS,
        _conversion,
        (COUNTRY, SECTOR),
    ),
    Metric(
        "leads.overdue",
        "count",
        0,
        "Số nhà đầu tư đang theo dõi có việc cần làm tiếp đã quá hạn.",
        "Open leads whose next action is past due.",
        "count(open leads with next_action_due < as_of)",
        (*LEAD_INPUTS, "lead.next_action_due"),
        _overdue,
        (COUNTRY, SECTOR, LEAD_AS_OF),
    ),
    Metric(
        "screening.lead_score",
        "points",
        0,
        "Điểm sàng lọc (0–100) của đề xuất của một nhà đầu tư tiềm năng theo chính sách hiện hành.",
        "Screening score (0–100) of a lead's proposal under the policy in force.",
        "100 × Σ weight of rules passed / Σ weight of rules that apply",
        ("lead.*", "screening_policy_version.rules"),
        _score,
        (LEAD_ID,),
    ),
]

for _metric in LEAD_METRICS:
    register(_metric)
