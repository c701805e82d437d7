"""Industrial parks and their pipeline: approved (cumulative), pending dossiers and plans
(by current stage), compared with the day before the half began."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit.i18n import in_language, translate
from kcn.models import Zone
from kcn.reports.figures import count, stated, trend
from kcn.reports.model import Paragraph, Section, Table
from kcn.reports.sections import Ctx, section
from kcn.zones import metrics as _zones_metrics  # noqa: F401  (registers the zones.* metrics)
from kcn.zones import pipeline
from kcn.zones.filters import stage_index_subquery

PARKS = "kind=industrial_park"
APPROVED = f"zones.count?{PARKS}&reached=policy_approved"
APPROVED_AREA = f"zones.area_ha?{PARKS}&reached=policy_approved"
PENDING = f"zones.count?{PARKS}&stage=policy_dossier_submitted"
PLANS = f"zones.count?{PARKS}&stage=construction_plan_approved"
ZONING = f"zones.count?{PARKS}&stage=zoning_plan"
TASKS = f"zones.count?{PARKS}&stage=planning_task"
ALL_PARKS = f"zones.count?{PARKS}"
NOUN = "report.n_parks"
PREPARING = (
    "planning_task",
    "zoning_plan",
    "construction_plan_approved",
    "policy_dossier_submitted",
)
PREFIXES = ("Khu công nghiệp ", "KCN ")
SUFFIXES = (" Industrial Park", " industrial park")


def short_name(name: str, name_en: str | None, lang: str) -> str:
    """A park's name in the language without "Khu công nghiệp" / "Industrial Park":
    ``Hòa Phú mở rộng`` / ``Hoa Phu Expansion``."""
    shown = in_language(lang, vi=name, en=name_en)
    for prefix in PREFIXES:
        shown = shown.removeprefix(prefix)
    for suffix in SUFFIXES:
        shown = shown.replace(suffix, "")
    return shown


def preparing_names(session: Session, as_of: date, lang: str) -> list[str]:
    """Names (without "Khu công nghiệp") of the parks preparing investment on ``as_of``, in
    pipeline order; made-up demo names are left out."""
    names = pipeline.MILESTONES[pipeline.PARK]
    stage = stage_index_subquery(as_of)
    rows = session.execute(
        select(Zone.name, Zone.name_en, stage.c.stage_index)
        .join(stage, stage.c.zone_id == Zone.id)
        .where(Zone.kind == pipeline.PARK, Zone.name_is_demo.is_(False))
        .where(stage.c.stage_index.in_([names.index(m) for m in PREPARING]))
        .order_by(stage.c.stage_index.desc(), Zone.name)
    )
    return [short_name(name, name_en, lang) for name, name_en, _ in rows]


@section("zones", 10)
def build(ctx: Ctx) -> Section:
    f, lang = ctx.figures, ctx.lang
    if not f.get(ALL_PARKS).value:
        return ctx.empty("zones")
    approved, area = f.get(APPROVED), f.get(APPROVED_AREA)
    before = f.get(APPROVED, as_of=ctx.before)
    # The published count of approved construction plans includes the parks whose dossier
    # is pending (they have a plan too): the same two references as the published figure.
    plans = f.get(PLANS, PENDING)
    text = [
        ctx.t(
            "report.zones.approved",
            date=ctx.day(ctx.request.on),
            parks=count(NOUN, approved, lang),
            area=stated(area, lang),
            trend=trend(approved, before, ctx.before, lang, NOUN),
        ),
    ]
    stages = (
        ("pending", f.get(PENDING)),
        ("plans", plans),
        ("zoning", f.get(ZONING)),
        ("tasks", f.get(TASKS)),
    )
    items = [
        ctx.t(f"report.zones.item.{key}", parks=count(NOUN, n, lang))
        for key, n in stages
        if n.value
    ]
    if items:
        text.append(ctx.t("report.zones.pipeline", items="; ".join(items)))
    named = preparing_names(f.session, ctx.request.on, lang)
    if named:
        text.append(ctx.t("report.zones.named", names=", ".join(named)))
    rows = []
    for stage in pipeline.MILESTONES[pipeline.PARK]:
        n = f.get(f"zones.count?{PARKS}&stage={stage}")
        a = f.get(f"zones.area_ha?{PARKS}&stage={stage}")
        rows.append((translate(f"milestone.{stage}", lang), stated(n, lang), stated(a, lang)))
    table = Table(
        ctx.t("report.zones.table"),
        (ctx.t("report.col.stage"), ctx.t("report.col.parks"), ctx.t("report.col.area")),
        tuple(rows),
    )
    return Section("zones", ctx.t("report.section.zones"), [*map(Paragraph, text), table])
