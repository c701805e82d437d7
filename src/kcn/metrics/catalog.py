"""The whole metrics registry: importing this module registers every domain's metrics.

The mechanism is :mod:`kcn.kit.metrics`; the figures are declared by the domains that own
their data (:mod:`kcn.zones.metrics`, :mod:`kcn.stats.metrics`) and read by any domain
through the kit. This package sits above the domains (like the web layer), so it may gather
them all; the app imports it (with the API router), which registers every metric before the
first request.
"""

from __future__ import annotations

from types import ModuleType

from kcn.enterprises import metrics as enterprises_metrics
from kcn.kit import metrics
from kcn.monitoring import metrics as monitoring_metrics
from kcn.readiness import metrics as readiness_metrics
from kcn.screening import attraction as attraction_metrics
from kcn.screening import metrics as screening_metrics
from kcn.stats import metrics as stats_metrics
from kcn.zones import metrics as zones_metrics

DOMAINS: tuple[ModuleType, ...] = (
    zones_metrics,
    stats_metrics,
    enterprises_metrics,
    screening_metrics,
    attraction_metrics,
    readiness_metrics,
    monitoring_metrics,
)


def markdown_table() -> str:
    """The table of every registered metric in docs/metrics.md (checked by a test)."""
    lines = [
        "| metric | unit | decimals | parameters | formula | reads | definition |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in metrics.all():
        params = ", ".join(f"`{p.name}`" for p in m.params) or "–"
        reads = ", ".join(f"`{i}`" for i in m.inputs)
        lines.append(
            f"| `{m.name}` | {m.unit} | {m.precision} | {params} | `{m.formula}` | {reads} "
            f"| {m.definition_en} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
