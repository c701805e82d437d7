"""Derived figures of readiness, registered in :mod:`kcn.kit.metrics` by use case:
:mod:`.clearance` (the share of a clearance task done by area, households and money, its pace,
forecast and risk; a zone's land to clear, cleared, and clean land ready to hand over),
:mod:`.works` (an infrastructure work's share done, forecast and risk) and :mod:`.labour`
(labour demand, supply and the gap by zone and district). One forecast rule serves tasks and
works (:mod:`kcn.readiness.forecast`). Importing this package registers them all
(:mod:`kcn.metrics.catalog` does).

A forecast is a date, and a metric's value a number: the forecast metrics give the days from
the deadline to the forecast (positive: late) and say the state in their flags (``done``,
``stalled``, ``in_progress``, ``not_started``, and ``late`` / ``no_report`` when at risk).
"""

from __future__ import annotations

import dataclasses

from kcn.kit.metrics import register
from kcn.readiness.metrics import clearance, labour, works

for _metric in (*clearance.METRICS, *works.METRICS, *labour.METRICS):
    register(dataclasses.replace(_metric, internal=True))  # from records only staff read
