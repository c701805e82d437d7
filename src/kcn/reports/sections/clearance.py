"""Land clearance against its deadline: the parks whose clearance must be finished by a date
(the clearance tasks recorded, grouped by deadline), the land to recover and the land handed
over (compared with the day before the half began), the tasks at risk named, and per task the
share handed over by area as a table and a chart against the target of 100% by the deadline.

Every figure is a readiness metric read by name from the registry; the tasks themselves (park,
phase, deadline) are records, listed here as the section's rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.models import ClearanceTask, Zone
from kcn.readiness import metrics as _readiness_metrics  # noqa: F401  (registers readiness.*)
from kcn.reports.figures import Figure, number, stated, trend
from kcn.reports.model import Chart, Paragraph, Section, Table
from kcn.reports.sections import Ctx, section
from kcn.reports.sections.zones import short_name

TO_CLEAR = "readiness.land_to_clear_ha"
CLEARED = "readiness.cleared_ha"
AT_RISK = "readiness.clearance_at_risk_count"
TASK_PCT = "readiness.clearance_pct_area"
TASK_RISK = "readiness.clearance_at_risk"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Task:
    """A clearance task as the report lists it."""

    id: int
    park: str
    phase: str
    deadline: date


def tasks(session: Session, as_of: date, lang: str) -> list[Task]:
    """The clearance tasks started by ``as_of``, in the order they were recorded."""
    rows = session.execute(
        select(ClearanceTask.id, Zone.name, Zone.name_en, ClearanceTask.phase,
               ClearanceTask.deadline)
        .join(Zone, Zone.id == ClearanceTask.zone_id)
        .where(ClearanceTask.start_date <= as_of)
        .order_by(ClearanceTask.id)
    )  # fmt: skip
    return [
        Task(task_id, short_name(name, name_en, lang), phase, deadline)
        for task_id, name, name_en, phase, deadline in rows
    ]


@dataclass(frozen=True)
class Progress:
    task: Task
    pct: Figure
    at_risk: bool

    @property
    def done(self) -> bool:
        return self.pct.value is not None and self.pct.value >= HUNDRED

    def label(self) -> str:
        return f"{self.task.park} – {self.task.phase}" if self.task.phase else self.task.park


def progress(ctx: Ctx) -> list[Progress]:
    """Each task the report speaks of with its share handed over and risk (metrics); tasks
    finished before the half began belong to earlier reports."""
    out = []
    for task in tasks(ctx.figures.session, ctx.request.on, ctx.lang):
        pct = ctx.figures.get(f"{TASK_PCT}?task={task.id}")
        risk = ctx.figures.get(f"{TASK_RISK}?task={task.id}")
        out.append(Progress(task, pct, bool(risk.value)))
    return [p for p in out if p.task.deadline >= ctx.request.start or not p.done]


def at_risk(shown: list[Progress]) -> list[Progress]:
    return [p for p in shown if p.at_risk and not p.done]


def _names(items: list[str]) -> str:
    """Each name once, in order."""
    return ", ".join(dict.fromkeys(items))


def _state(ctx: Ctx, p: Progress) -> str:
    if p.pct.value is None:
        return ctx.t("report.clearance.state.no_report")
    if p.done:
        return ctx.t("report.clearance.state.done")
    return ctx.t(
        "report.clearance.state.at_risk" if p.at_risk else "report.clearance.state.on_track"
    )


def _chart(ctx: Ctx, shown: list[Progress]) -> Chart | None:
    if not shown or all(p.pct.value is None for p in shown):
        return None
    deadlines = {p.task.deadline for p in shown}
    one = len(deadlines) == 1
    labels = tuple(p.label() if one else f"{p.label()} ({ctx.day(p.task.deadline)})" for p in shown)
    target = (
        ctx.t("report.clearance.chart.target_by", date=ctx.day(next(iter(deadlines))))
        if one
        else ctx.t("report.clearance.chart.target")
    )
    return Chart(
        "clearance_progress",
        ctx.t("report.chart.clearance_progress"),
        labels,
        tuple(p.pct.value for p in shown),
        ctx.t("report.chart.pct"),
        ctx.lang,
        target=HUNDRED,
        target_label=target,
        flagged=tuple(p.at_risk and not p.done for p in shown),
        flagged_label=ctx.t("report.clearance.state.at_risk"),
    )


def _table(ctx: Ctx, shown: list[Progress]) -> Table:
    return Table(
        ctx.t("report.clearance.table"),
        (
            ctx.t("report.col.park"),
            ctx.t("report.col.phase"),
            ctx.t("report.col.deadline"),
            ctx.t("report.col.handed_over_pct"),
            ctx.t("report.col.state"),
        ),
        tuple(
            (p.task.park, p.task.phase, ctx.day(p.task.deadline), number(p.pct, ctx.lang),
             _state(ctx, p))
            for p in shown
        ),
    )  # fmt: skip


@section("clearance", 60)
def build(ctx: Ctx) -> Section:
    f, lang = ctx.figures, ctx.lang
    to_clear = f.get(TO_CLEAR)
    shown = progress(ctx) if to_clear.value else []
    if not shown:
        return ctx.empty("clearance")
    text = []
    for deadline in sorted({p.task.deadline for p in shown}):
        parks = _names([p.task.park for p in shown if p.task.deadline == deadline])
        text.append(ctx.t("report.clearance.focus", date=ctx.day(deadline), parks=parks))
    cleared = f.get(CLEARED)
    before = f.get(CLEARED, as_of=ctx.before)
    text.append(
        ctx.t(
            "report.clearance.progress",
            date=ctx.day(ctx.request.on),
            to_clear=stated(to_clear, lang),
            cleared=stated(cleared, lang),
            trend=trend(cleared, before, ctx.before, lang),
        )
    )
    risky = at_risk(shown)
    if risky:
        names = "; ".join(p.label() for p in risky)
        text.append(ctx.t("report.clearance.at_risk_named", names=names))
    elif f.get(AT_RISK).value == 0 and all(p.pct.value is not None for p in shown):
        text.append(ctx.t("report.clearance.none_at_risk"))
    done = [p for p in shown if p.done]
    if done:
        text.append(ctx.t("report.clearance.done", names="; ".join(p.label() for p in done)))
    blocks: list[Paragraph | Table | Chart] = [Paragraph(t) for t in text]
    if shown:
        blocks.append(_table(ctx, shown))
    chart = _chart(ctx, shown)
    if chart is not None:
        blocks.append(chart)
    figures = [to_clear, cleared, *(p.pct for p in shown)]
    demo = any(fig.is_demo and not fig.published for fig in figures)
    return Section("clearance", ctx.t("report.section.clearance"), blocks, is_demo=demo)
