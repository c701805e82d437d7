"""The monitoring tables the API and the pages show: each figure comes from the metrics
registry (:mod:`kcn.monitoring.metrics`), per zone, topic or agency; the per-project rows
put a project's registered figures beside its report, as they are."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.kit import metrics as registry
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.periods import Period, PeriodError
from kcn.kit.permissions import Action, Actor, restrict
from kcn.models import PeriodicReport, Project, Zone
from kcn.monitoring import metrics, policy, reports
from kcn.monitoring.schemas import Agency, Topic

REGISTERED_VS_ACTUAL = (
    "monitoring.reports_expected", "monitoring.reports_filed", "monitoring.reports_on_time_pct",
    "monitoring.reports_overdue", "monitoring.capital_registered_usd_million",
    "monitoring.capital_implemented_usd_million", "monitoring.capital_implementation_pct",
    "monitoring.land_registered_ha", "monitoring.land_leased_ha",
    "monitoring.workers_registered", "monitoring.workers_reported",
    "monitoring.idle_land_ha", "monitoring.idle_projects",
)  # fmt: skip
EXPANSION = ("monitoring.expansion_land_ha", "monitoring.expansion_workers",
             "monitoring.expansion_capital_usd_million")  # fmt: skip
REQUESTS = ("monitoring.requests_count", "monitoring.requests_on_time_pct",
            "monitoring.requests_median_days", "monitoring.requests_overdue")  # fmt: skip
TOPICS: tuple[str, ...] = Topic.__args__  # type: ignore[attr-defined]
AGENCIES: tuple[str, ...] = Agency.__args__  # type: ignore[attr-defined]
IDLE_PARAMS = {"as_of", "zone", "kind", "quarters"}


def _values(
    context: registry.Context, names: tuple[str, ...], params: dict[str, Any]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    demo = False
    for name in names:
        metric = registry.get(name)
        allowed = {p.name for p in metric.params}
        result = registry.compute_in(context, name, {k: v for k, v in params.items()
                                                       if k in allowed})  # fmt: skip
        out[name.removeprefix("monitoring.")] = result.value
        demo = demo or result.is_demo
    out["is_demo"] = demo
    return out


def _zone_codes(session: Session, zone: str | None) -> list[tuple[str, dict[str, Any]]]:
    """Each zone's code and its names (``name``, ``name_en``) for the tables."""
    stmt = select(Zone.code, Zone.name, Zone.name_en).order_by(Zone.code)
    if zone:
        stmt = stmt.where(Zone.code == zone)
    return [
        (code, {"name": name, "name_en": name_en}) for code, name, name_en in session.execute(stmt)
    ]


def registered_vs_actual(
    session: Session, actor: Actor, period: Period, zone: str | None, as_of: date
) -> dict[str, Any]:
    """Per zone (with projects owing a report) and in all: the metrics above; per project:
    registered capital, land and workers beside its report of the quarter."""
    policy.require_internal(actor)
    context = registry.Context(session)
    base = {"period": period, "as_of": as_of}
    zones = []
    for code, names in _zone_codes(session, zone):
        values = _values(context, REGISTERED_VS_ACTUAL, {**base, "zone": code})
        if values["reports_expected"]:
            zones.append({"zone": code, **names, **values})
    year, quarter = period.year, period.last_month // 3
    stmt: Any = (
        select(Project, PeriodicReport)
        .join(Zone, Zone.id == Project.zone_id)
        .join(PeriodicReport, (PeriodicReport.project_id == Project.id)
              & (PeriodicReport.year == year) & (PeriodicReport.quarter == quarter))
        .order_by(Zone.code, Project.certificate_number)
        .options(selectinload(Project.zone))
    )  # fmt: skip
    if zone:
        stmt = stmt.where(Zone.code == zone)
    rows = session.execute(restrict(stmt, Project, actor, Action.view)).all()
    projects = [
        {
            "project": p.certificate_number, "name": p.name, "zone": p.zone.code,
            "capital_registered_usd": p.capital_usd,
            "capital_implemented_usd": r.capital_implemented_usd,
            "land_registered_ha": p.land_ha,
            "workers_registered": p.workers_planned,
            "workers_reported": r.workers_vietnamese + r.workers_foreign,
            "is_demo": p.is_demo or r.is_demo,
        }
        for p, r in rows
    ]  # fmt: skip
    total = _values(context, REGISTERED_VS_ACTUAL, {**base, "zone": zone})
    return {"period": str(period), "as_of": as_of, "zones": zones, "total": total,
            "projects": projects}  # fmt: skip


def expansion_demand(session: Session, actor: Actor, period: Period, as_of: date) -> dict[str, Any]:
    """Per zone with plans: the planned land, workers and capital by year (and in all),
    beside the land the zone has left."""
    policy.require_internal(actor)
    context = registry.Context(session)
    base = {"period": period, "as_of": as_of}
    years_stmt = (
        select(PeriodicReport.expansion_year)
        .distinct()
        .where(
            PeriodicReport.year == period.year,
            PeriodicReport.quarter == period.last_month // 3,
            PeriodicReport.expansion_year.is_not(None),
        )
    )
    years = sorted(y for y in session.scalars(years_stmt) if y is not None)
    zones = []
    for code, names in _zone_codes(session, None):
        total = _values(context, EXPANSION, {**base, "zone": code})
        if not any(total[k.removeprefix("monitoring.")] for k in EXPANSION):
            continue
        by_year = [
            {"year": y, **_values(context, EXPANSION, {**base, "zone": code, "year": y})}
            for y in years
        ]
        left = _values(context, ("monitoring.zone_available_ha",), {"as_of": as_of, "zone": code})
        zones.append({"zone": code, **names, **total, "by_year": by_year,
                      "available_ha": left["zone_available_ha"]})  # fmt: skip
    return {"period": str(period), "as_of": as_of, "years": years, "zones": zones}


def request_figures(session: Session, actor: Actor, period: str, as_of: date) -> dict[str, Any]:
    """Requests received in ``period``: in all, by topic and by agency."""
    policy.require_internal(actor)
    try:
        parsed = Period.parse(period)
    except PeriodError:
        raise ValidationFailed(
            fields=[FieldError("period", "metric.bad_param", {"value": period})]
        ) from None
    context = registry.Context(session)
    base = {"period": parsed, "as_of": as_of}
    return {
        "period": str(parsed),
        "as_of": as_of,
        "total": _values(context, REQUESTS, base),
        "by_topic": [{"topic": t, **_values(context, REQUESTS, {**base, "topic": t})}
                     for t in TOPICS],
        "by_agency": [{"agency": a, **_values(context, REQUESTS, {**base, "agency": a})}
                      for a in AGENCIES],
    }  # fmt: skip


__all__ = ["expansion_demand", "metrics", "registered_vs_actual", "reports", "request_figures"]
