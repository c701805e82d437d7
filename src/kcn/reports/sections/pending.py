"""Sections of other domains' figures (enterprises' requests, the investor pipeline) and the
priorities derived from them, from the clearance at risk and from the pending dossiers. Each
reads its metrics by name from the registry and says plainly that there is no data when none
has a value: it never invents a figure."""

from __future__ import annotations

from kcn.monitoring import metrics as _monitoring_metrics  # noqa: F401  (registers monitoring.*)
from kcn.reports.figures import Figure, stated
from kcn.reports.model import Paragraph, Section
from kcn.reports.sections import Ctx, clearance, register, years_before

# section key → order, and the metrics (name, parameters, message key) it states. A parameter
# "{as_of}" is the day the report reads the registries on, "{period}" the half ("2024-H1"),
# "{since}" the half's first day. The pipeline is counted in the half (leads that entered a
# stage then), never as it stands today, which a past half's report must not state.
ENTERED = "investment.leads_entered"
HALF = {"since": "{since}", "as_of": "{as_of}"}
PENDING: dict[str, tuple[int, tuple[tuple[str, dict[str, str], str], ...]]] = {
    "requests": (
        70,
        (
            ("monitoring.requests_count", {"period": "{period}"}, "report.requests.count"),
            (
                "monitoring.requests_on_time_pct",
                {"period": "{period}", "as_of": "{as_of}"},
                "report.requests.on_time",
            ),
            (
                "monitoring.requests_median_days",
                {"period": "{period}", "as_of": "{as_of}"},
                "report.requests.answer_days",
            ),
        ),
    ),
    "screening": (
        80,
        (
            (ENTERED, {"stage": "first_contact", **HALF}, "report.screening.contacted_in_half"),
            (
                ENTERED,
                {"stage": "certificate_issued", **HALF},
                "report.screening.certified_in_half",
            ),
            (ENTERED, {"stage": "lost", **HALF}, "report.screening.lost_in_half"),
        ),
    ),
    "priorities": (
        90,
        (
            (
                "zones.count",
                {"kind": "industrial_park", "stage": "policy_dossier_submitted"},
                "report.priorities.pending_dossiers",
            ),
            ("monitoring.requests_overdue", {"as_of": "{as_of}"}, "report.priorities.overdue"),
        ),
    ),
}


class RegistrySection:
    """A section stating the listed metrics that the registry has, each in its sentence."""

    def __init__(
        self,
        key: str,
        order: int,
        wanted: tuple[tuple[str, dict[str, str], str], ...],
        only_nonzero: bool = False,
        compare: bool = True,
    ):
        self.key = key
        self.order = order
        self.wanted = wanted
        self.only_nonzero = only_nonzero
        # A figure of the half is compared with the same half a year before.
        self.compare = compare

    def build(self, ctx: Ctx) -> Section:
        found: list[tuple[str, Figure, str]] = []
        for name, params, message in self.wanted:
            fig = ctx.figures.optional(name, **_filled(params, ctx))
            if fig.value is None or not (fig.value or not self.only_nonzero):
                continue
            versus = ""
            if self.compare and any(v in ("{period}", "{since}") for v in params.values()):
                before = ctx.figures.optional(name, **_filled(params, ctx, years_back=1))
                versus = ctx.versus(fig, before, stated(before, ctx.lang))
            found.append((message, fig, versus))
        if not found:
            return ctx.empty(self.key)
        blocks = [Paragraph(ctx.t(m, value=stated(fig, ctx.lang), versus=v)) for m, fig, v in found]
        demo = any(fig.is_demo and not fig.published for _, fig, _ in found)
        return Section(self.key, ctx.t(f"report.section.{self.key}"), [*blocks], is_demo=demo)


def _filled(params: dict[str, str], ctx: Ctx, years_back: int = 0) -> dict[str, str]:
    """``params`` with "{as_of}", "{period}" and "{since}" replaced by the report's day, half
    and the half's first day (``years_back`` years before)."""
    request = ctx.request
    values = {
        "as_of": years_before(request.on, years_back).isoformat(),
        "period": f"{request.year - years_back}-H{request.half}",
        "since": years_before(request.start, years_back).isoformat(),
    }
    return {k: v.format(**values) for k, v in params.items()}


class Priorities(RegistrySection):
    """The priorities: first the clearance tasks at risk, named with their deadline (from the
    clearance section's figures), then the listed metrics above zero."""

    def build(self, ctx: Ctx) -> Section:
        built = super().build(ctx)
        # After the first half: the rest of the year; after the second: the year to come.
        year = ctx.request.year + (ctx.request.half - 1)
        built.title = ctx.t(f"report.priorities.title_h{ctx.request.half}", year=str(year))
        risky = clearance.at_risk(clearance.progress(ctx))
        if not risky:
            return built
        text = []
        for deadline in sorted({p.task.deadline for p in risky}):
            names = "; ".join(p.label() for p in risky if p.task.deadline == deadline)
            text.append(ctx.t("report.priorities.clearance", date=ctx.day(deadline), names=names))
        blocks = [*map(Paragraph, text), *(built.blocks if built.has_data else [])]
        demo = built.is_demo or any(p.pct.is_demo and not p.pct.published for p in risky)
        return Section(self.key, built.title, blocks, is_demo=demo)


# A priority is stated only when there is something to do (no "0 overdue requests").
for _key, (_order, _wanted) in PENDING.items():
    if _key == "priorities":
        register(Priorities(_key, _order, _wanted, only_nonzero=True, compare=False))
    else:
        register(RegistrySection(_key, _order, _wanted))
