"""Industrial parks and their pipeline: approved (cumulative), pending dossiers and plans
(by current stage), compared with the day before the half began."""

from __future__ import annotations

from kcn.kit.i18n import translate
from kcn.reports.figures import count, stated, trend
from kcn.reports.model import Paragraph, Section, Table
from kcn.reports.sections import Ctx, section
from kcn.zones import metrics as _zones_metrics  # noqa: F401  (registers the zones.* metrics)
from kcn.zones import pipeline

PARKS = "kind=industrial_park"
APPROVED = f"zones.count?{PARKS}&reached=policy_approved"
APPROVED_AREA = f"zones.area_ha?{PARKS}&reached=policy_approved"
PENDING = f"zones.count?{PARKS}&stage=policy_dossier_submitted"
PLANS = f"zones.count?{PARKS}&stage=construction_plan_approved"
ZONING = f"zones.count?{PARKS}&stage=zoning_plan"
TASKS = f"zones.count?{PARKS}&stage=planning_task"
ALL_PARKS = f"zones.count?{PARKS}"
NOUN = "report.n_parks"


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
        ctx.t(
            "report.zones.pipeline",
            pending=count(NOUN, f.get(PENDING), lang),
            plans=count(NOUN, plans, lang),
            zoning=count(NOUN, f.get(ZONING), lang),
            tasks=count(NOUN, f.get(TASKS), lang),
        ),
    ]
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
