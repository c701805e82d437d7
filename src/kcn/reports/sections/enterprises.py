"""Enterprises operating in the parks and the parks' occupancy."""

from __future__ import annotations

from kcn.enterprises import metrics as _enterprise_metrics  # noqa: F401  (registers metrics)
from kcn.reports.figures import count, stated, trend
from kcn.reports.model import Paragraph, Section
from kcn.reports.sections import Ctx, section
from kcn.zones import metrics as _zones_metrics  # noqa: F401

OPERATING = "enterprises.operating_count?kind=industrial_park"
OCCUPANCY = "zones.occupancy_pct?kind=industrial_park"
LEASED = "zones.leased_ha?kind=industrial_park"
LEASABLE = "zones.leasable_ha?kind=industrial_park"
NOUN = "report.n_enterprises"


@section("enterprises", 20)
def build(ctx: Ctx) -> Section:
    f, lang = ctx.figures, ctx.lang
    firms, occupancy = f.get(OPERATING), f.get(OCCUPANCY)
    if firms.records == 0 and occupancy.value is None:
        return ctx.empty("enterprises")
    paragraphs = []
    if firms.records:
        before = f.get(OPERATING, as_of=ctx.before)
        paragraphs.append(
            ctx.t(
                "report.enterprises.operating",
                firms=count(NOUN, firms, lang),
                trend=trend(firms, before, ctx.before, lang, NOUN),
            )
        )
    if occupancy.value is not None:
        before = f.get(OCCUPANCY, as_of=ctx.before)
        paragraphs.append(
            ctx.t(
                "report.enterprises.occupancy",
                occupancy=stated(occupancy, lang),
                leased=stated(f.get(LEASED), lang),
                leasable=stated(f.get(LEASABLE), lang),
                trend=trend(occupancy, before, ctx.before, lang),
            )
        )
    demo = (firms.is_demo and not firms.published) or (
        occupancy.is_demo and not occupancy.published
    )
    return Section(
        "enterprises",
        ctx.t("report.section.enterprises"),
        [*map(Paragraph, paragraphs)],
        is_demo=demo,
    )
