"""Derived figures of investment attraction, registered in :mod:`kcn.kit.metrics`: the capital
of the projects newly certified in a period that came from investors of Viet Nam's free trade
agreement (FTA) partners, its share of all the new capital, and the screening outcomes of the
proposals received in the period (leads by verdict).

A project counts as FTA capital when its main investor's country is linked to Viet Nam by an
agreement in force on the project's certificate date (:func:`kcn.screening.fta.agreements_on`):
the United Kingdom counts through UKVFTA, never through EVFTA after 2020. The projects selected
are those of ``projects.new_capital_usd_million`` (same period, same rule for a status changed
after ``as_of``), whose value is the share's denominator, read through the registry.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kcn.enterprises import metrics as _enterprise_metrics  # noqa: F401  (the denominator)
from kcn.kit import metrics
from kcn.kit.metrics import Context, Metric, Param, Reading, register
from kcn.models import Enterprise, Lead, LeadActivity, Project, Zone
from kcn.models.screening import LEAD_STAGES
from kcn.screening import fta
from kcn.screening.evaluation import VERDICTS
from kcn.zones import pipeline

MILLION = Decimal(1_000_000)
HUNDRED = Decimal(100)


def _today(_session: Session, _params: dict[str, Any]) -> date:
    return date.today()


SINCE = Param("since", date, "First day of the period (certificates, or first contacts, on or "
              "after it, up to as_of).", required=True)  # fmt: skip
AS_OF = Param("as_of", date, "Last day of the period (default: today).", default_from=_today)
KIND = Param(
    "kind", str, "industrial_park or industrial_cluster (default: both).", choices=pipeline.KINDS
)
VERDICT = Param("verdict", str, "Screening verdict (default: every verdict).", choices=VERDICTS)
STAGE = Param("stage", str, "The pipeline stage entered.", choices=LEAD_STAGES, required=True)


def new_projects(context: Context, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(capital USD, certificate date, main investor country, is_demo) of the projects newly
    certified from ``since`` to ``as_of`` whose status is known on ``as_of``, once."""

    def load() -> list[tuple[Any, ...]]:
        as_of = params["as_of"]
        stmt = (
            select(
                Project.capital_usd,
                Project.certificate_date,
                Enterprise.main_country,
                Project.is_demo,
            )
            .join(Zone, Zone.id == Project.zone_id)
            .join(Enterprise, Enterprise.id == Project.enterprise_id)
            .where(Project.certificate_date >= params["since"], Project.certificate_date <= as_of)
            .where(Project.status_date.is_(None) | (Project.status_date <= as_of))
        )
        if params.get("kind"):
            stmt = stmt.where(Zone.kind == params["kind"])
        return [tuple(row) for row in context.session.execute(stmt.order_by(Project.id))]

    key = ("investment.new", params["since"], params["as_of"], params.get("kind"))
    result: list[tuple[Any, ...]] = context.memo(key, load)
    return result


def new_countries(session: Session, since: date, as_of: date) -> list[str]:
    """The main investor countries of the projects newly certified from ``since`` to
    ``as_of`` (to list their capital through ``projects.new_capital_usd_million?country=``)."""
    rows = new_projects(Context(session), {"since": since, "as_of": as_of, "kind": None})
    return sorted({country for _, _, country, _ in rows if country})


def is_fta(country: str | None, day: date) -> bool:
    return bool(country) and bool(fta.agreements_on(day, str(country)))


def _flags(rows: list[tuple[Any, ...]]) -> frozenset[str]:
    return frozenset({"demo"}) if any(r[3] for r in rows) else frozenset()


def _fta_capital(context: Context, params: dict[str, Any]) -> Reading:
    rows = new_projects(context, params)
    usd = sum((Decimal(c or 0) for c, day, country, _ in rows if is_fta(country, day)), Decimal(0))
    return Reading(usd / MILLION, len(rows), _flags(rows))


def _fta_share(context: Context, params: dict[str, Any]) -> Reading:
    fta_capital = _fta_capital(context, params)
    given = {k: params[k] for k in ("since", "as_of", "kind")}
    total = metrics.compute_in(context, "projects.new_capital_usd_million", given)
    if not total.exact or fta_capital.value is None:  # no new capital: no share
        return Reading(None, fta_capital.records, fta_capital.flags)
    return Reading(fta_capital.value * HUNDRED / total.exact, fta_capital.records,
                   fta_capital.flags)  # fmt: skip


def _screened(context: Context, params: dict[str, Any]) -> Reading:
    def load() -> list[tuple[Any, ...]]:
        stmt = (
            select(Lead.verdict, func.count(Lead.id))
            .where(Lead.first_contact_on >= params["since"])
            .where(Lead.first_contact_on <= params["as_of"])
            .where(Lead.verdict.is_not(None))
            .group_by(Lead.verdict)
        )
        return [tuple(row) for row in context.session.execute(stmt)]

    leads, demo = _known(context, params["as_of"])
    if not leads:
        return Reading(None, 0)
    rows: list[tuple[Any, ...]] = context.memo(
        ("investment.screened", params["since"], params["as_of"]), load
    )
    n = sum(int(r[1]) for r in rows if params.get("verdict") in (None, r[0]))
    return Reading(Decimal(n), leads, frozenset({"demo"}) if demo else frozenset())


def _known(context: Context, as_of: date) -> tuple[int, bool]:
    """Leads first contacted by ``as_of`` and whether any is demo: none means the pipeline was
    not kept yet, so a count of that period would be no data rather than zero."""

    def load() -> tuple[int, bool]:
        stmt = select(func.count(Lead.id), func.max(case((Lead.is_demo, 1), else_=0))).where(
            Lead.first_contact_on <= as_of
        )
        n, demo = context.session.execute(stmt).one()
        return int(n), bool(demo)

    result: tuple[int, bool] = context.memo(("investment.leads_known", as_of), load)
    return result


def _entered(context: Context, params: dict[str, Any]) -> Reading:
    """Leads that entered ``stage`` from ``since`` to ``as_of``: first contacted then, or moved
    to the stage then (the dated stage change the pipeline records, "old → stage"). No data when
    no lead had been contacted by ``as_of`` (the pipeline was not kept yet)."""
    since, as_of, stage = params["since"], params["as_of"], params["stage"]
    leads, demo = _known(context, as_of)
    if not leads:
        return Reading(None, 0)
    if stage == "first_contact":
        stmt = select(func.count(Lead.id)).where(
            Lead.first_contact_on >= since, Lead.first_contact_on <= as_of
        )
    else:
        stmt = (
            select(func.count(func.distinct(LeadActivity.lead_id)))
            .where(LeadActivity.kind == "stage", LeadActivity.note.like(f"% → {stage}%"))
            .where(LeadActivity.happened_on >= since, LeadActivity.happened_on <= as_of)
        )
    n = int(context.session.scalar(stmt) or 0)
    return Reading(Decimal(n), leads, frozenset({"demo"}) if demo else frozenset())


PROJECT_INPUTS = ("project.certificate_date", "project.status_date", "project.capital_usd",
                  "enterprise.main_country", "zone.kind", "screening/data/fta.yaml")  # fmt: skip
PERIOD = (KIND, SINCE, AS_OF)

METRICS = [
    Metric(
        "investment.fta_capital_usd_million", "usd_million", 2,
        "Vốn đăng ký của các dự án cấp mới trong kỳ có nhà đầu tư chính đến từ nước đối tác "
        "FTA của Việt Nam (hiệp định có hiệu lực vào ngày cấp giấy chứng nhận), triệu USD.",
        "Registered capital of the projects newly certified in the period whose main investor "
        "is from a country linked to Viet Nam by a free trade agreement in force on the "
        "certificate date, USD million.",
        "Σ capital_usd / 10^6 of new projects with an FTA partner on certificate_date",
        PROJECT_INPUTS, _fta_capital, PERIOD,
    ),
    Metric(
        "investment.fta_capital_share_pct", "pct", 2,
        "Tỷ trọng vốn từ nước đối tác FTA trong tổng vốn đăng ký của các dự án cấp mới trong "
        "kỳ (không có vốn cấp mới thì không có số liệu).",
        "Share of the new projects' registered capital that came from FTA partner countries "
        "(no data when no capital was newly registered).",
        "investment.fta_capital_usd_million / projects.new_capital_usd_million × 100",
        PROJECT_INPUTS, _fta_share, PERIOD,
    ),
    Metric(
        "investment.screened_count", "count", 0,
        "Số đề xuất của nhà đầu tư tiềm năng tiếp xúc lần đầu trong kỳ đã được thẩm định, theo "
        "kết luận (ưu tiên, đủ điều kiện, có điều kiện, không đủ điều kiện); không có số liệu "
        "khi chưa có nhà đầu tư nào được theo dõi đến cuối kỳ.",
        "Proposals of the leads first contacted in the period that were screened, by verdict "
        "(priority, eligible, conditional, not eligible); no data when no lead was followed by "
        "the end of the period.",
        "count(lead where since <= first_contact_on <= as_of and verdict [= verdict])",
        ("lead.first_contact_on", "lead.verdict"), _screened, (VERDICT, SINCE, AS_OF),
    ),
    Metric(
        "investment.leads_entered", "count", 0,
        "Số nhà đầu tư tiềm năng bước vào giai đoạn này trong kỳ: tiếp xúc lần đầu, hoặc chuyển "
        "sang giai đoạn (khảo sát, đề xuất, nộp hồ sơ, được cấp giấy chứng nhận, dừng) trong kỳ; "
        "không có số liệu khi chưa có nhà đầu tư nào được theo dõi đến cuối kỳ.",
        "Leads that entered the stage in the period: first contacted, or moved to the stage "
        "(site visit, proposal, dossier, certificate issued, lost) in it; no data when no lead "
        "was followed by the end of the period.",
        "count(lead first contacted, or stage change to stage, with since <= date <= as_of)",
        ("lead.first_contact_on", "lead_activity.kind", "lead_activity.note",
         "lead_activity.happened_on"), _entered, (STAGE, SINCE, AS_OF),
    ),
]  # fmt: skip

for _metric in METRICS:
    register(_metric)
