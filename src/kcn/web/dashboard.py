"""The home dashboard: the province's headline figures for a chosen period, each a metric of
the registry (:mod:`kcn.kit.metrics`) and each linking to its list, with a few charts (pygal
SVG, inline, no script). Figures of domains that are not installed are left out: a tile names
its metric and shows only when the registry has it."""

from __future__ import annotations

import base64
import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any
from urllib.parse import urlencode

import pygal
from babel.numbers import get_decimal_symbol, get_group_symbol
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlalchemy.orm import Session

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.kit import metrics
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.i18n import fmt_number, translate
from kcn.kit.periods import Period, PeriodError
from kcn.kit.render import render
from kcn.stats.default_periods import default_period, period_choices
from kcn.zones import pipeline

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
PARK, CLUSTER = pipeline.PARK, pipeline.CLUSTER
_SCRIPT = re.compile(r"<script.*?</script>", re.S)


@dataclass(frozen=True)
class Tile:
    """One headline figure: a metric with its parameters, where it links, how it reads."""

    key: str  # message key of the label
    metric: str
    params: dict[str, Any]
    link: str
    decimals: int = 0


@dataclass(frozen=True)
class Shown:
    key: str
    value: Decimal | None
    unit: str
    decimals: int
    link: str
    is_demo: bool
    metric: str


def staff_tiles(as_of: date) -> list[Tile]:
    """Clearance at risk and overdue requests: the province's own business, shown to staff only."""
    day = {"as_of": as_of}
    return [
        Tile("dashboard.clearance_at_risk", "readiness.clearance_at_risk_count", day,
             "/readiness"),
        Tile("dashboard.requests_overdue", "monitoring.requests_overdue", day,
             "/monitoring/requests/overdue"),
    ]  # fmt: skip


def tiles(period: Period, as_of: date) -> list[Tile]:
    day = {"as_of": as_of}
    q = as_of.isoformat()
    stats = {"period": str(period)}
    return [
        Tile("dashboard.parks", "zones.count", {"kind": PARK, **day},
             f"/zones?kind={PARK}&as_of={q}"),
        Tile("dashboard.parks_area", "zones.area_ha", {"kind": PARK, **day},
             f"/zones?kind={PARK}&as_of={q}&sort=-area"),
        Tile("dashboard.parks_approved", "zones.count",
             {"kind": PARK, "reached": "policy_approved", **day},
             f"/zones?kind={PARK}&reached=policy_approved&as_of={q}"),
        Tile("dashboard.clusters", "zones.count", {"kind": CLUSTER, **day},
             f"/zones?kind={CLUSTER}&as_of={q}"),
        Tile("dashboard.clusters_area", "zones.area_ha", {"kind": CLUSTER, **day},
             f"/zones?kind={CLUSTER}&as_of={q}&sort=-area"),
        Tile("dashboard.occupancy", "zones.occupancy_pct", {"kind": PARK, **day},
             f"/zones?kind={PARK}&as_of={q}&sort=-occupancy_pct", 2),
        Tile("dashboard.available", "zones.available_ha", {"kind": PARK, **day},
             f"/zones?kind={PARK}&as_of={q}&sort=-available_ha", 2),
        Tile("dashboard.enterprises", "enterprises.operating_count", day, "/enterprises"),
        Tile("dashboard.projects", "projects.count", day, "/projects"),
        Tile("dashboard.production_value", "stats.value",
             {"indicator": "production_value", **stats},
             f"/stats?{urlencode({'indicator': 'production_value', **stats})}"),
        Tile("dashboard.production_growth", "stats.growth_pct",
             {"indicator": "production_value", **stats},
             f"/stats?{urlencode({'indicator': 'production_value', **stats})}", 2),
        Tile("dashboard.iip_growth", "stats.growth_pct", {"indicator": "iip", **stats},
             f"/stats?{urlencode({'indicator': 'iip', **stats})}", 2),
        *staff_tiles(as_of),
    ]  # fmt: skip


def period_end(period: Period) -> date:
    return date(
        period.year, period.last_month, calendar.monthrange(period.year, period.last_month)[1]
    )


def headline(session: Session, period: Period, as_of: date, staff: bool = False) -> list[Shown]:
    """Every tile whose metric is registered (internal ones for ``staff`` only), computed in
    one shared context."""
    context = metrics.Context(session)
    shown = []
    known = {m.name: m for m in metrics.all()}
    staff_only = {t.key for t in staff_tiles(as_of)}
    for tile in tiles(period, as_of):
        metric = known.get(tile.metric)
        if metric is None or ((metric.internal or tile.key in staff_only) and not staff):
            continue
        result = metrics.compute_in(context, tile.metric, tile.params)
        shown.append(Shown(tile.key, result.value, result.unit, tile.decimals, tile.link,
                           result.is_demo, tile.metric))  # fmt: skip
    return shown


def stage_counts(session: Session, kind: str, as_of: date) -> list[tuple[str, int]]:
    """(stage, zones at that stage) for ``kind``: the metric ``zones.count`` per stage."""
    context = metrics.Context(session)
    out = []
    for stage in pipeline.MILESTONES[kind]:
        value = metrics.compute_in(context, "zones.count", {"kind": kind, "stage": stage,
                                                             "as_of": as_of}).value  # fmt: skip
        out.append((stage, int(value or 0)))
    return out


def stage_chart(title: str, counts: list[tuple[str, int]], lang: str) -> Markup:
    """Zones by stage as a horizontal bar chart: pygal SVG inlined as a ``data:`` image (the
    page's content security policy refuses inline styles, an image keeps its own), no script,
    no request; the figures are in its text alternative."""
    chart = pygal.HorizontalBar(
        title=title, js=[], disable_xml_declaration=True, width=520, height=300,
        show_legend=False, print_values=True, style=pygal.style.CleanStyle,
        decimal_separator=get_decimal_symbol(lang), thousands_separator=get_group_symbol(lang),
        value_formatter=lambda v: fmt_number(v, lang, 0), margin=4,
    )  # fmt: skip
    labels = [translate(f"milestone.{s}", lang) for s, _ in counts]
    chart.x_labels = labels
    chart.add(title, [n for _, n in counts])
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt = f"{title}: " + "; ".join(
        f"{label} {n}" for label, (_, n) in zip(labels, counts, strict=True)
    )
    return Markup(
        f'<img class="chart" src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}" '
        'width="520" height="300">'
    )


def parse(text: str | None, session: Session) -> Period:
    if not text:
        return default_period(session, "production_value")
    try:
        return Period.parse(text)
    except PeriodError:
        raise ValidationFailed(
            fields=[FieldError("period", "metric.bad_param", {"value": text})]
        ) from None


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    period: str | None = Query(None, max_length=20, description="2024-H1, 2024-06, 2024…"),
) -> HTMLResponse:
    chosen = parse(period, session)
    as_of = min(period_end(chosen), date.today())
    shown = headline(session, chosen, as_of, staff=actor.is_internal)
    charts = [
        stage_chart(translate(f"dashboard.chart.{kind}", lang),
                    stage_counts(session, kind, as_of), lang)
        for kind in pipeline.KINDS
    ]  # fmt: skip
    return render(
        request,
        "dashboard.html",
        {
            "period": chosen,
            "periods": list(
                dict.fromkeys(
                    [str(chosen), *period_choices(default_period(session, "production_value"))]
                )
            ),
            "as_of": as_of,
            "tiles": shown,
            "charts": charts,
            "any_demo": any(t.is_demo for t in shown),
        },
    )
