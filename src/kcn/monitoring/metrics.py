"""Derived figures of enterprise monitoring, registered in :mod:`kcn.kit.metrics`: importing
this module registers them all (as :mod:`kcn.metrics.catalog` does).

They are declared by use case: :mod:`kcn.monitoring.report_metrics` (periodic reports),
:mod:`kcn.monitoring.land_metrics` (idle land, expansion plans, land left) and
:mod:`kcn.monitoring.request_metrics` (support requests), in that order in the registry.
"""

from __future__ import annotations

from kcn.kit.metrics import register
from kcn.monitoring import land_metrics, report_metrics, request_metrics

METRICS = [*report_metrics.METRICS, *land_metrics.METRICS, *request_metrics.METRICS]

for _metric in METRICS:
    register(_metric)
