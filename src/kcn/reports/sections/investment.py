"""Investment attraction: projects certified and adjusted in the half (compared with the same
half a year before), the new capital by investor country and the share of it from Viet Nam's
FTA partners, the registered capital by country (the largest named only when it is the
largest), and the screening outcomes of the proposals received in the half."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale

from kcn.enterprises import metrics as enterprise_metrics
from kcn.kit.i18n import translate
from kcn.reports.figures import Figure, count, number, stated
from kcn.reports.model import Chart, Paragraph, Section, Table
from kcn.reports.sections import Ctx, section, years_before
from kcn.screening import attraction
from kcn.screening.evaluation import VERDICTS

TOP = 5
NOUN = "report.n_projects"


def country(code: str, lang: str) -> str:
    return str(Locale.parse(lang).territories.get(code, code))


def _leader(rows: list[tuple[str, Figure]]) -> tuple[str, Figure] | None:
    """The first of ``rows`` (sorted by value, largest first) when it is strictly the largest."""
    if not rows or not rows[0][1].value:
        return None
    if len(rows) > 1 and (rows[1][1].value or 0) >= (rows[0][1].value or 0):
        return None
    return rows[0]


def _by_value(rows: list[tuple[str, Figure]]) -> list[tuple[str, Figure]]:
    kept = [r for r in rows if r[1].value]
    return sorted(kept, key=lambda r: r[1].value or Decimal(0), reverse=True)


class Half:
    """The references of one half's figures (this half, or the same half a year before)."""

    def __init__(self, ctx: Ctx, years_back: int = 0) -> None:
        self.since = years_before(ctx.request.start, years_back)
        self.as_of = years_before(ctx.request.on, years_back)  # the same stretch of the half
        self.back = years_back
        self.f = ctx.figures

    def get(self, name: str, **params: str) -> Figure:
        query = "&".join(
            [f"since={self.since.isoformat()}", *(f"{k}={v}" for k, v in params.items())]
        )
        ref = f"{name}?{query}"
        return self.f.get(ref, as_of=self.as_of) if self.back else self.f.get(ref)


def _new_projects(ctx: Ctx, now: Half, last: Half) -> list[str]:
    lang = ctx.lang
    new = now.get("projects.new_count")
    text = []
    if new.value:
        capital = now.get("projects.new_capital_usd_million")
        before = last.get("projects.new_capital_usd_million")
        text.append(
            ctx.t(
                "report.investment.new_versus",
                projects=count(NOUN, new, lang),
                capital=stated(capital, lang),
                versus=ctx.versus(capital, before, stated(before, lang)),
            )
        )
    else:
        text.append(ctx.t("report.investment.none_new"))
    adjusted = now.get("projects.adjusted_count")
    if adjusted.value:
        text.append(ctx.t("report.investment.adjusted", projects=count(NOUN, adjusted, lang)))
    else:
        text.append(ctx.t("report.investment.none_adjusted"))
    return text


def _fta(ctx: Ctx, now: Half, last: Half) -> list[str]:
    """The share of the new capital from FTA partners, compared with a year before; said
    plainly when there is no new capital to take a share of."""
    lang = ctx.lang
    share = now.get("investment.fta_capital_share_pct")
    if share.value is None:
        return [ctx.t("report.investment.fta_no_data")]
    capital = now.get("investment.fta_capital_usd_million")
    before = last.get("investment.fta_capital_share_pct")
    return [
        ctx.t(
            "report.investment.fta_share",
            capital=stated(capital, lang),
            share=number(share, lang),
            versus=ctx.versus(share, before, number(before, lang)),
        )
    ]


def _screening(ctx: Ctx, now: Half, last: Half) -> list[str]:
    lang = ctx.lang
    total = now.get("investment.screened_count")
    if total.value is None:
        return [ctx.t("report.investment.screened_no_data")]
    if not total.value:
        return [ctx.t("report.investment.screened_none")]
    parts = []
    for verdict in VERDICTS:
        n = now.get("investment.screened_count", verdict=verdict)
        if n.value:
            label = translate(f"screening.verdict.{verdict}", lang)
            parts.append(f"{label.lower()}: {number(n, lang)}")
    before = last.get("investment.screened_count")
    return [
        ctx.t(
            "report.investment.screened",
            proposals=count("report.n_proposals", total, lang),
            verdicts="; ".join(parts),
            versus=ctx.versus(total, before, number(before, lang)),
        )
    ]


@section("investment", 50)
def build(ctx: Ctx) -> Section:
    f, lang = ctx.figures, ctx.lang
    now, last = Half(ctx), Half(ctx, 1)
    new = now.get("projects.new_count")
    total = f.get("projects.capital_usd_million")
    if new.value is None or (not new.value and not total.records):
        return ctx.empty("investment")
    text = _new_projects(ctx, now, last)
    since = now.since
    new_rows = _by_value(
        [(code, now.get("projects.new_capital_usd_million", country=code))
         for code in attraction.new_countries(f.session, since, ctx.request.on)]
    )  # fmt: skip
    top_new = _leader(new_rows)
    if top_new and len(new_rows) > 1:
        text.append(
            ctx.t(
                "report.investment.top_new_country",
                country=country(top_new[0], lang),
                capital=stated(top_new[1], lang),
            )
        )
    if new.value:
        text += _fta(ctx, now, last)
    rows = _by_value(
        [(code, f.get(f"projects.capital_usd_million?country={code}"))
         for code in enterprise_metrics.countries(f.session, ctx.request.on)]
    )  # fmt: skip
    if rows:
        text.append(
            ctx.t(
                "report.investment.total", date=ctx.day(ctx.request.on), capital=stated(total, lang)
            )
        )
        top = _leader(rows)
        if top:
            text.append(
                ctx.t(
                    "report.investment.top_country",
                    country=country(top[0], lang),
                    capital=stated(top[1], lang),
                )
            )
    text += _screening(ctx, now, last)
    blocks: list[Paragraph | Table | Chart] = [Paragraph(t) for t in text]
    if rows or new_rows:
        blocks.append(_table(ctx, rows, new_rows))
    demo = any(fig.is_demo and not fig.published for fig in (new, total))
    return Section("investment", ctx.t("report.section.investment"), blocks, is_demo=demo)


def _table(ctx: Ctx, rows: list[tuple[str, Figure]], new_rows: list[tuple[str, Figure]]) -> Table:
    """The largest investor countries by registered capital, and every country with new
    capital in the half, each with its new capital."""
    lang = ctx.lang
    new = dict(new_rows)
    codes = list(dict.fromkeys([code for code, _ in rows[:TOP]] + list(new)))
    total = dict(rows)
    return Table(
        ctx.t("report.investment.table"),
        (ctx.t("report.col.country"), ctx.t("report.col.new_capital"), ctx.t("report.col.capital")),
        tuple(
            (
                country(code, lang),
                stated(new[code], lang) if code in new else "–",
                stated(total[code], lang) if code in total else "–",
            )
            for code in codes
        ),
    )
