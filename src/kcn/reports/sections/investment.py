"""Investment attraction: projects certified and adjusted in the half, and registered capital
by the investor's country (the largest named only when it is the largest)."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale

from kcn.enterprises import metrics as enterprise_metrics
from kcn.reports.figures import count, stated
from kcn.reports.model import Chart, Paragraph, Section, Table
from kcn.reports.sections import Ctx, section

TOP = 5
NOUN = "report.n_projects"


def country(code: str, lang: str) -> str:
    return str(Locale.parse(lang).territories.get(code, code))


@section("investment", 50)
def build(ctx: Ctx) -> Section:
    f, lang = ctx.figures, ctx.lang
    since = f"since={ctx.request.start.isoformat()}"
    new = f.get(f"projects.new_count?{since}")
    total = f.get("projects.capital_usd_million")
    if new.value is None or (not new.value and not total.records):
        return ctx.empty("investment")
    text = []
    if new.value:
        capital = f.get(f"projects.new_capital_usd_million?{since}")
        text.append(
            ctx.t(
                "report.investment.new",
                projects=count(NOUN, new, lang),
                capital=stated(capital, lang),
            )
        )
    else:
        text.append(ctx.t("report.investment.none_new"))
    adjusted = f.get(f"projects.adjusted_count?{since}")
    if adjusted.value:
        text.append(ctx.t("report.investment.adjusted", projects=count(NOUN, adjusted, lang)))
    else:
        text.append(ctx.t("report.investment.none_adjusted"))
    rows = []
    for code in enterprise_metrics.countries(f.session, ctx.request.on):
        rows.append((code, f.get(f"projects.capital_usd_million?country={code}")))
    rows = [r for r in rows if r[1].value]
    rows.sort(key=lambda r: r[1].value or Decimal(0), reverse=True)
    blocks: list[Paragraph | Table | Chart] = []
    if rows:
        text.append(
            ctx.t(
                "report.investment.total", date=ctx.day(ctx.request.on), capital=stated(total, lang)
            )
        )
        top = rows[0]
        if len(rows) == 1 or (rows[1][1].value or 0) < (top[1].value or 0):
            text.append(
                ctx.t(
                    "report.investment.top_country",
                    country=country(top[0], lang),
                    capital=stated(top[1], lang),
                )
            )
    blocks += [Paragraph(t) for t in text]
    if rows:
        blocks.append(
            Table(
                ctx.t("report.investment.table"),
                (ctx.t("report.col.country"), ctx.t("report.col.capital")),
                tuple((country(code, lang), stated(v, lang)) for code, v in rows[:TOP]),
            )
        )
    demo = any(fig.is_demo and not fig.published for fig in (new, total, adjusted))
    return Section("investment", ctx.t("report.section.investment"), blocks, is_demo=demo)
