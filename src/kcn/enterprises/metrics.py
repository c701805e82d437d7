"""Derived figures of enterprises and projects, registered in :mod:`kcn.kit.metrics`:
operating enterprises, registered capital, investment rate (USD million/ha) and labour
intensity (workers/ha), by zone kind, zone, sector, investor country and status. Rates are
ratios of sums over the projects selected, never means of ratios."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from kcn.kit.metrics import Context, Metric, Param, Reading, register
from kcn.models import CapitalAdjustment, Enterprise, Project, Zone
from kcn.models.enterprises import PROJECT_STATUSES
from kcn.zones import pipeline

MILLION = Decimal(1_000_000)


def _today(_session: Session, _params: dict[str, Any]) -> date:
    return date.today()


AS_OF = Param("as_of", date, "Projects with a status reached on or before this date "
              "(default: today).", default_from=_today)  # fmt: skip
KIND = Param("kind", str, "industrial_park or industrial_cluster (default: both).",
             choices=pipeline.KINDS)  # fmt: skip
ZONE = Param("zone", str, "Zone code (default: every zone).")
SECTOR = Param("sector", str, "VSIC 2018 code or prefix (default: every sector).")
COUNTRY = Param("country", str, "Main investor country, ISO 3166-1 alpha-2 (default: all).")
STATUS = Param("status", str, "Project status (default for rates: every status).",
               choices=PROJECT_STATUSES)  # fmt: skip
PARAMS = (KIND, ZONE, SECTOR, COUNTRY, STATUS, AS_OF)
ENTERPRISE = Param("enterprise", str, "Tax code of the enterprise.", required=True)


def _selected(stmt: Select[Any], params: dict[str, Any]) -> Select[Any]:
    stmt = stmt.join(Zone, Zone.id == Project.zone_id).join(
        Enterprise, Enterprise.id == Project.enterprise_id
    )
    if params.get("kind"):
        stmt = stmt.where(Zone.kind == params["kind"])
    if params.get("zone"):
        stmt = stmt.where(Zone.code == params["zone"])
    if params.get("sector"):
        stmt = stmt.where(Project.vsic_code.like(f"{params['sector']}%"))
    if params.get("country"):
        stmt = stmt.where(Enterprise.main_country == str(params["country"]).upper())
    if params.get("status"):
        stmt = stmt.where(Project.status == params["status"])
    as_of = params["as_of"]
    if params.get("enterprise"):
        stmt = stmt.where(Enterprise.tax_code == params["enterprise"])
    return stmt.where(Project.certificate_date <= as_of).where(
        Project.status_date.is_(None) | (Project.status_date <= as_of)
    )


# Σ capital, Σ land, Σ workers, projects, enterprises and any demo row: the one definition
# of the totals, whether for every project selected or for each enterprise among them.
SUMS = (
    func.coalesce(func.sum(Project.capital_usd), 0),
    func.coalesce(func.sum(Project.land_ha), 0),
    func.coalesce(func.sum(Project.workers_vietnamese + Project.workers_foreign), 0),
    func.count(Project.id),
    func.count(func.distinct(Project.enterprise_id)),
    func.max(case((Project.is_demo, 1), else_=0)),
)
NONE = {"capital": Decimal(0), "land": Decimal(0), "workers": Decimal(0), "projects": 0,
        "enterprises": 0, "demo": False}  # fmt: skip


def _sums(row: Any) -> dict[str, Any]:
    capital, land, workers, n, firms, demo = tuple(row)
    return {"capital": Decimal(capital), "land": Decimal(land), "workers": Decimal(workers),
            "projects": int(n), "enterprises": int(firms), "demo": bool(demo)}  # fmt: skip


def _key(name: str, params: dict[str, Any]) -> tuple[Any, ...]:
    return (name, *sorted((k, str(v)) for k, v in params.items()))


def by_enterprise(context: Context, params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The totals of each enterprise (by tax code) among the projects ``params`` select
    (``enterprise`` aside): one grouped query per parameter set, which also answers every
    figure asked for one enterprise."""
    rest = {k: v for k, v in params.items() if k != "enterprise"}

    def load() -> dict[str, dict[str, Any]]:
        stmt: Any = select(Enterprise.tax_code, *SUMS).group_by(Enterprise.tax_code)
        rows = context.session.execute(_selected(stmt, rest)).all()
        return {row[0]: _sums(row[1:]) for row in rows}

    result: dict[str, dict[str, Any]] = context.memo(_key("enterprises.by_enterprise", rest), load)
    return result


def totals(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """Σ capital, Σ land, Σ workers, projects, enterprises and any demo row, once per
    parameter set (for one enterprise: its row of :func:`by_enterprise`)."""
    if params.get("enterprise"):
        return by_enterprise(context, params).get(str(params["enterprise"]), NONE)

    def load() -> dict[str, Any]:
        stmt: Any = select(*SUMS)
        return _sums(context.session.execute(_selected(stmt, params)).one())

    result: dict[str, Any] = context.memo(_key("enterprises.totals", params), load)
    return result


def _reading(t: dict[str, Any], value: Decimal | None) -> Reading:
    return Reading(value, t["projects"], frozenset({"demo"}) if t["demo"] else frozenset())


def _operating(context: Context, params: dict[str, Any]) -> Reading:
    t = totals(context, {**params, "status": params.get("status") or "operating"})
    return _reading(t, Decimal(t["enterprises"]))


def _projects(context: Context, params: dict[str, Any]) -> Reading:
    t = totals(context, params)
    return _reading(t, Decimal(t["projects"]))


def _capital(context: Context, params: dict[str, Any]) -> Reading:
    t = totals(context, params)
    return _reading(t, t["capital"] / MILLION)


def _rate(context: Context, params: dict[str, Any]) -> Reading:
    t = totals(context, params)
    return _reading(t, t["capital"] / MILLION / t["land"] if t["land"] else None)


def _workers(context: Context, params: dict[str, Any]) -> Reading:
    t = totals(context, params)
    return _reading(t, t["workers"] / t["land"] if t["land"] else None)


INPUTS = ("project.status", "project.status_date", "project.certificate_date", "zone.kind",
          "enterprise.main_country", "project.vsic_code")  # fmt: skip

METRICS = [
    Metric(
        "enterprises.operating_count", "count", 0,
        "Số doanh nghiệp có dự án đang sản xuất kinh doanh (trạng thái 'operating'), đếm mỗi "
        "doanh nghiệp một lần.",
        "Enterprises with a project operating (status 'operating'), each counted once.",
        "count(distinct project.enterprise_id where status = operating)",
        INPUTS, _operating, PARAMS,
    ),
    Metric(
        "projects.count", "count", 0,
        "Số dự án đầu tư đã được cấp giấy chứng nhận đăng ký đầu tư.",
        "Investment projects with a registration certificate.",
        "count(project)", INPUTS, _projects, PARAMS,
    ),
    Metric(
        "projects.capital_usd_million", "usd_million", 2,
        "Tổng vốn đầu tư đăng ký (sau các lần điều chỉnh), triệu USD.",
        "Registered capital after its adjustments, USD million.",
        "Σ project.capital_usd / 10^6", (*INPUTS, "project.capital_usd"), _capital, PARAMS,
    ),
    Metric(
        "projects.investment_rate", "usd_million_per_ha", 2,
        "Suất đầu tư: tổng vốn đăng ký chia tổng diện tích đất của các dự án (triệu USD/ha; "
        "tỷ số của các tổng).",
        "Investment rate: registered capital over the projects' land (USD million/ha; a "
        "ratio of sums).",
        "Σ capital_usd / 10^6 / Σ land_ha", (*INPUTS, "project.capital_usd", "project.land_ha"),
        _rate, PARAMS,
    ),
    Metric(
        "projects.workers_per_ha", "workers_per_ha", 1,
        "Lao động trên một ha: tổng lao động (Việt Nam và nước ngoài) chia tổng diện tích đất "
        "của các dự án.",
        "Labour intensity: workers (Vietnamese and foreign) over the projects' land.",
        "Σ (workers_vietnamese + workers_foreign) / Σ land_ha",
        (*INPUTS, "project.workers_*", "project.land_ha"), _workers, PARAMS,
    ),
]  # fmt: skip


# --- projects of a period: new certificates and capital adjustments ------------------------

SINCE = Param("since", date, "First day of the period (certificates or adjustments on or after "
              "it, up to as_of).", required=True)  # fmt: skip
PERIOD_PARAMS = (KIND, COUNTRY, SINCE, AS_OF)


def _new(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        stmt: Any = select(
            func.count(Project.id),
            func.coalesce(func.sum(Project.capital_usd), 0),
            func.max(case((Project.is_demo, 1), else_=0)),
        ).where(Project.certificate_date >= params["since"])
        n, capital, demo = context.session.execute(_selected(stmt, params)).one()
        return {"projects": int(n), "capital": Decimal(capital), "demo": bool(demo)}

    key = ("projects.new", *sorted((k, str(v)) for k, v in params.items()))
    result: dict[str, Any] = context.memo(key, load)
    return result


def _new_count(context: Context, params: dict[str, Any]) -> Reading:
    t = _new(context, params)
    return _reading(t, Decimal(t["projects"]))


def _new_capital(context: Context, params: dict[str, Any]) -> Reading:
    t = _new(context, params)
    return _reading(t, t["capital"] / MILLION)


def _adjusted(context: Context, params: dict[str, Any]) -> Reading:
    stmt: Any = (
        select(
            func.count(func.distinct(CapitalAdjustment.project_id)),
            func.max(case((Project.is_demo, 1), else_=0)),
        )
        .join(Project, Project.id == CapitalAdjustment.project_id)
        .where(CapitalAdjustment.adjusted_on >= params["since"])
        .where(CapitalAdjustment.adjusted_on <= params["as_of"])
    )
    n, demo = context.session.execute(_selected(stmt, params)).one()
    return Reading(Decimal(n), int(n), frozenset({"demo"}) if demo else frozenset())


def countries(session: Session, as_of: date) -> list[str]:
    """The main investor countries of the projects certified by ``as_of`` (for listing the
    capital by country through ``projects.capital_usd_million?country=``)."""
    stmt = (
        select(Enterprise.main_country)
        .join(Project, Project.enterprise_id == Enterprise.id)
        .where(Project.certificate_date <= as_of, Enterprise.main_country.is_not(None))
        .distinct()
    )
    return sorted(c for c in session.scalars(stmt) if c)


METRICS += [
    Metric(
        "projects.new_count", "count", 0,
        "Số dự án được cấp mới giấy chứng nhận đăng ký đầu tư trong kỳ (từ since đến as_of).",
        "Projects newly certified in the period (since to as_of).",
        "count(project where since <= certificate_date <= as_of)",
        INPUTS, _new_count, PERIOD_PARAMS,
    ),
    Metric(
        "projects.new_capital_usd_million", "usd_million", 2,
        "Vốn đăng ký của các dự án cấp mới trong kỳ (sau các lần điều chỉnh), triệu USD.",
        "Registered capital of the projects newly certified in the period, USD million.",
        "Σ project.capital_usd / 10^6 where since <= certificate_date <= as_of",
        (*INPUTS, "project.capital_usd"), _new_capital, PERIOD_PARAMS,
    ),
    Metric(
        "projects.adjusted_count", "count", 0,
        "Số dự án điều chỉnh vốn đầu tư trong kỳ (từ since đến as_of), mỗi dự án một lần.",
        "Projects whose capital was adjusted in the period (since to as_of), each once.",
        "count(distinct capital_adjustment.project_id where since <= adjusted_on <= as_of)",
        (*INPUTS, "capital_adjustment.adjusted_on"), _adjusted, PERIOD_PARAMS,
    ),
]  # fmt: skip


# --- a zone's tenants and sector mix (the public investor view) ------------------------------

REQUIRED_SECTOR = Param("sector", str, "VSIC 2018 code or prefix (a division: 2 digits).",
                        required=True)  # fmt: skip


def _enterprise_capital(context: Context, params: dict[str, Any]) -> Reading:
    if not params.get("enterprise"):
        return Reading(None)  # an empty tax code names no enterprise
    t = totals(context, params)
    return _reading(t, t["capital"] / MILLION if t["projects"] else None)


def _sector_share(context: Context, params: dict[str, Any]) -> Reading:
    part = totals(context, params)
    whole = totals(context, {**params, "sector": None})
    share = part["capital"] * 100 / whole["capital"] if whole["capital"] else None
    return Reading(share, whole["projects"], frozenset({"demo"}) if whole["demo"] else frozenset())


METRICS += [
    Metric(
        "projects.enterprise_capital_usd_million", "usd_million", 2,
        "Vốn đăng ký của một doanh nghiệp (theo mã số thuế) trong các dự án được chọn, triệu "
        "USD; dùng để xếp hạng các doanh nghiệp lớn của một khu (số liệu nội bộ).",
        "Registered capital of one enterprise (by tax code) in the projects selected, USD "
        "million; ranks a zone's main tenants (internal figure).",
        "Σ project.capital_usd / 10^6 where enterprise.tax_code = enterprise",
        (*INPUTS, "enterprise.tax_code", "project.capital_usd"), _enterprise_capital,
        (KIND, ZONE, STATUS, AS_OF, ENTERPRISE), internal=True,
    ),
    Metric(
        "projects.sector_share_pct", "pct", 1,
        "Tỷ trọng vốn đăng ký của một ngành (mã VSIC hoặc tiền tố) trong tổng vốn đăng ký của "
        "các dự án được chọn (cơ cấu ngành của một khu), %.",
        "Share of one sector (VSIC code or prefix) in the registered capital of the projects "
        "selected (a zone's sector mix), %.",
        "Σ capital_usd where vsic_code like sector% / Σ capital_usd × 100",
        (*INPUTS, "project.capital_usd"), _sector_share,
        (KIND, ZONE, REQUIRED_SECTOR, COUNTRY, STATUS, AS_OF),
    ),
]  # fmt: skip

for _metric in METRICS:
    register(_metric)
