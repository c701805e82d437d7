"""Industrial clusters: established (count and area), established this year, operating."""

from __future__ import annotations

from kcn.reports.figures import count, stated
from kcn.reports.model import Paragraph, Section
from kcn.reports.sections import Ctx, section
from kcn.zones import metrics as _zones_metrics  # noqa: F401

CLUSTERS = "kind=industrial_cluster"
ESTABLISHED = f"zones.count?{CLUSTERS}&reached=established"
ESTABLISHED_AREA = f"zones.area_ha?{CLUSTERS}&reached=established"
OPERATING = f"zones.count?{CLUSTERS}&reached=operating"
OPERATING_AREA = f"zones.area_ha?{CLUSTERS}&reached=operating"
ALL = f"zones.count?{CLUSTERS}"
NOUN = "report.n_clusters"


@section("clusters", 30)
def build(ctx: Ctx) -> Section:
    f, lang = ctx.figures, ctx.lang
    if not f.get(ALL).value:
        return ctx.empty("clusters")
    new = f.get(f"zones.established?{CLUSTERS}&year={ctx.request.year}")
    text = [
        ctx.t(
            "report.clusters.established",
            clusters=count(NOUN, f.get(ESTABLISHED), lang),
            area=stated(f.get(ESTABLISHED_AREA), lang),
        ),
        ctx.t("report.clusters.new", clusters=count(NOUN, new, lang))
        if new.value
        else ctx.t("report.clusters.none_new"),
        ctx.t(
            "report.clusters.operating",
            clusters=count(NOUN, f.get(OPERATING), lang),
            area=stated(f.get(OPERATING_AREA), lang),
        ),
    ]
    return Section("clusters", ctx.t("report.section.clusters"), [*map(Paragraph, text)])
