"""Sections whose data domains are being built (land clearance, enterprises' requests,
screening) and the priorities derived from them and from the pending dossiers. Each reads its
metrics by name from the registry when they exist and
otherwise says plainly that there is no data: it never invents a figure."""

from __future__ import annotations

from kcn.reports.figures import Figure, stated
from kcn.reports.model import Paragraph, Section
from kcn.reports.sections import Ctx, register

# section key → order, and the metrics (name, parameters, message key) it states
PENDING: dict[str, tuple[int, tuple[tuple[str, dict[str, str], str], ...]]] = {
    "clearance": (
        60,
        (
            ("clearance.cleared_pct", {}, "report.clearance.cleared"),
            ("clearance.at_risk_count", {}, "report.clearance.at_risk"),
        ),
    ),
    "requests": (
        70,
        (
            ("support.requests_count", {}, "report.requests.count"),
            ("support.answered_on_time_pct", {}, "report.requests.on_time"),
            ("support.median_answer_days", {}, "report.requests.answer_days"),
        ),
    ),
    "screening": (
        80,
        (
            ("screening.accepted_count", {}, "report.screening.accepted"),
            ("screening.fta_capital_share_pct", {}, "report.screening.fta_share"),
        ),
    ),
    "priorities": (
        90,
        (
            ("clearance.at_risk_count", {}, "report.priorities.at_risk"),
            (
                "zones.count",
                {"kind": "industrial_park", "stage": "policy_dossier_submitted"},
                "report.priorities.pending_dossiers",
            ),
            ("support.overdue_count", {}, "report.priorities.overdue"),
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
    ):
        self.key = key
        self.order = order
        self.wanted = wanted
        self.only_nonzero = only_nonzero

    def build(self, ctx: Ctx) -> Section:
        found: list[tuple[str, Figure]] = []
        for name, params, message in self.wanted:
            fig = ctx.figures.optional(name, **params)
            if fig.value is not None and (fig.value or not self.only_nonzero):
                found.append((message, fig))
        if not found:
            return ctx.empty(self.key)
        blocks = [Paragraph(ctx.t(m, value=stated(fig, ctx.lang))) for m, fig in found]
        demo = any(fig.is_demo and not fig.published for _, fig in found)
        return Section(self.key, ctx.t(f"report.section.{self.key}"), [*blocks], is_demo=demo)


# A priority is stated only when there is something to do (no "0 overdue requests").
for _key, (_order, _wanted) in PENDING.items():
    register(RegistrySection(_key, _order, _wanted, only_nonzero=_key == "priorities"))
