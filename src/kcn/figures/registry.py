"""The whole metrics registry: importing this module registers every domain's metrics.

The mechanism is :mod:`kcn.kit.metrics`; the figures themselves are declared by the domains
that own their data (:mod:`kcn.zones.metrics`, :mod:`kcn.stats.metrics`). Published figures
name them by reference (``zones.count?kind=industrial_park&reached=policy_approved``).
"""

from __future__ import annotations

from typing import Any

from kcn.kit import metrics
from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.stats import metrics as stats_metrics
from kcn.zones import metrics as zones_metrics

DOMAINS = (zones_metrics, stats_metrics)  # registered on import


def check_refs(refs: list[str] | None, field: str = "metric") -> None:
    """Refuse a reference to a metric that is not registered or to a parameter it lacks."""
    errors = []
    for i, ref in enumerate(refs or []):
        name, params = metrics.parse_ref(ref)
        try:
            metric = metrics.get(name)
        except NotFound:
            errors.append(FieldError(f"{field}.{i}", "figure.unknown_metric", {"ref": ref}))
            continue
        known = {p.name for p in metric.params}
        if set(params) - known:
            errors.append(FieldError(f"{field}.{i}", "figure.unknown_metric", {"ref": ref}))
    if errors:
        raise ValidationFailed(fields=errors)


def defaults_for(metric: metrics.Metric, **context: Any) -> dict[str, Any]:
    """The figure's own ``as_of`` and ``period`` for the metric's parameters of those names."""
    names = {p.name for p in metric.params}
    return {k: v for k, v in context.items() if k in names}
