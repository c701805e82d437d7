"""Industrial production: value added and its contribution to GRDP, the IIP, production value
(growth, share of plan), by VSIC section and by district, with the fastest growers named."""

from __future__ import annotations

from decimal import Decimal

from kcn.kit.i18n import in_language
from kcn.reports.figures import Figure, change, count, number, qualifier, stated
from kcn.reports.model import Chart, Paragraph, Section, Table
from kcn.reports.sections import Ctx, section
from kcn.stats import metrics as stats_metrics
from kcn.stats.indicators import VSIC_SECTIONS

VALUE_ADDED = "stats.growth_pct?indicator=value_added"
GRDP = "stats.grdp_contribution_pp"
IIP = "stats.growth_pct?indicator=iip"
VALUE = "stats.value"
GROWTH = "stats.growth_pct"
PLAN = "stats.plan_pct"
GROWING = "stats.parts_growing?by=district"
NAMED = 3  # how many of the fastest-growing districts the report names


def _any(*figures: Figure) -> bool:
    return any(fig.value is not None for fig in figures)


def _headline(ctx: Ctx) -> list[str]:
    f, lang = ctx.figures, ctx.lang
    va, grdp, iip = f.get(VALUE_ADDED), f.get(GRDP), f.get(IIP)
    out = []
    if va.value is not None:
        out.append(ctx.t("report.production.value_added", change=change(va, lang)))
    if grdp.value is not None:
        out.append(ctx.t("report.production.grdp", pp=stated(grdp, lang)))
    if iip.value is not None:
        out.append(ctx.t("report.production.iip", change=change(iip, lang)))
    return out


def _total(ctx: Ctx) -> list[str]:
    f, lang = ctx.figures, ctx.lang
    total, growth, plan = f.get(VALUE), f.get(GROWTH), f.get(PLAN)
    if total.value is None:
        return []
    params = {"q": qualifier(total, lang), "value": number(total, lang)}
    text = [ctx.t("report.production.total_value", **params)]
    if growth.value is not None:
        key = "report.production.total" if plan.value is None else "report.production.total_plan"
        extra = {} if plan.value is None else {"plan": stated(plan, lang)}
        text = [ctx.t(key, **params, change=change(growth, lang), **extra)]
    elif plan.value is not None:
        text.append(ctx.t("report.production.plan_only", plan=stated(plan, lang)))
    return text


def _part(ctx: Ctx, name: str, value: Figure, growth: Figure) -> str:
    lang = ctx.lang
    params = {"name": name, "q": qualifier(value, lang), "value": number(value, lang)}
    if growth.value is None:
        return ctx.t("report.production.part_value", **params)
    return ctx.t("report.production.part", **params, change=change(growth, lang))


def _sections(ctx: Ctx) -> tuple[list[str], Table | None, Chart | None]:
    f, lang = ctx.figures, ctx.lang
    rows = []
    for code, (vi, en) in VSIC_SECTIONS.items():
        value = f.get(f"{VALUE}?section={code}")
        if value.value is None:
            continue
        rows.append(
            (
                code,
                in_language(lang, vi=vi, en=en),
                value,
                f.get(f"{GROWTH}?section={code}"),
                f.get(f"stats.contribution_pp?section={code}"),
                f.get(f"stats.share_pct?section={code}"),
                f.get(f"stats.growth_rank?section={code}"),
            )
        )
    if not rows:
        return [], None, None
    rows.sort(key=lambda r: r[2].value or Decimal(0), reverse=True)
    parts = [_part(ctx, name, v, g) for _, name, v, g, _, _, _ in rows]
    text = [ctx.t("report.production.parts", parts="; ".join(parts))]
    first = [r for r in rows if r[6].value == 1]
    if len(first) == 1 and first[0][3].value is not None and first[0][3].value > 0:
        text.append(
            ctx.t(
                "report.production.fastest_section",
                name=first[0][1],
                growth=number(first[0][3], lang),
            )
        )
    table = Table(
        ctx.t("report.production.table_sections"),
        (
            ctx.t("report.col.section"),
            ctx.t("report.col.value"),
            ctx.t("report.col.growth"),
            ctx.t("report.col.contribution"),
            ctx.t("report.col.share"),
        ),
        tuple(
            (f"{code}. {name}", number(v, lang), number(g, lang), number(c, lang), number(s, lang))
            for code, name, v, g, c, s, _ in rows
        ),
    )
    chart = Chart(
        "growth_by_section",
        ctx.t("report.chart.growth_by_section"),
        tuple(code for code, *_ in rows),
        tuple(r[3].value for r in rows),
        ctx.t("report.chart.pct"),
        lang,
    )
    return text, table, chart


def _districts(ctx: Ctx) -> tuple[list[str], Table | None, Chart | None]:
    f, lang = ctx.figures, ctx.lang
    growing = f.get(GROWING)
    if not growing.records:
        return [], None, None
    districts = []
    for code, vi, en in stats_metrics.parts(f.session, "district", f.period):
        growth = f.get(f"{GROWTH}?area={code}")
        if growth.value is None:
            continue
        rank = f.get(f"stats.growth_rank?area={code}")
        districts.append((in_language(lang, vi=vi, en=en), growth, rank.value or Decimal(0)))
    districts.sort(key=lambda d: d[2])
    of = Figure(Decimal(growing.records), 0, "count")
    if growing.value == growing.records:
        text = [
            ctx.t(
                "report.production.districts_all", districts=count("report.n_districts", of, lang)
            )
        ]
    else:
        text = [
            ctx.t(
                "report.production.districts_some",
                growing=stated(growing, lang),
                districts=count("report.n_districts", of, lang),
            )
        ]
    fastest = [d for d in districts if d[2] <= NAMED and d[1].value and d[1].value > 0]
    if fastest:
        named = "; ".join(f"{name} ({number(g, lang)})" for name, g, _ in fastest)
        text.append(ctx.t("report.production.fastest_districts", districts=named))
    falling = [d for d in districts if d[1].value is not None and d[1].value < 0]
    if falling:
        named = "; ".join(f"{name} {change(g, lang)}" for name, g, _ in falling)
        text.append(ctx.t("report.production.falling_districts", districts=named))
    chart = Chart(
        "growth_by_district",
        ctx.t("report.chart.growth_by_district"),
        tuple(name for name, _, _ in districts),
        tuple(g.value for _, g, _ in districts),
        ctx.t("report.chart.pct"),
        lang,
    )
    table = Table(
        ctx.t("report.production.table_districts"),
        (ctx.t("report.col.district"), ctx.t("report.col.growth")),
        tuple((name, number(g, lang)) for name, g, _ in districts),
    )
    return text, table, chart


def _trend(ctx: Ctx) -> Chart | None:
    f = ctx.figures
    labels, values = [], []
    for month in f.period.month_periods():
        labels.append(month.label(ctx.lang))
        values.append(f.get(VALUE, period=month).value)
    if all(v is None for v in values):
        return None
    return Chart(
        "production_trend",
        ctx.t("report.chart.production_trend"),
        tuple(labels),
        tuple(values),
        ctx.t("report.chart.billion_vnd"),
        ctx.lang,
    )


@section("production", 40)
def build(ctx: Ctx) -> Section:
    headline, total = _headline(ctx), _total(ctx)
    parts, table, section_chart = _sections(ctx)
    districts, district_table, district_chart = _districts(ctx)
    if not (headline or total or parts or districts):
        return ctx.empty("production")
    blocks: list[Paragraph | Table | Chart] = [Paragraph(t) for t in [*headline, *total, *parts]]
    blocks += [b for b in (table, section_chart) if b is not None]
    blocks += [Paragraph(t) for t in districts]
    blocks += [b for b in (district_table, district_chart, _trend(ctx)) if b is not None]
    return Section("production", ctx.t("report.section.production"), blocks)
