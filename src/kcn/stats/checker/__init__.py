"""Check that published figures agree with each other.

A file of figures (the layout of ``stats/examples/bac_giang_2024h1_facts.yaml``, or a CSV of
``key,value,qualifier`` rows keyed by the same dotted paths) is read into :class:`Figures`
(:mod:`.loading`); :func:`check` runs every registered check (:mod:`.checks`) and returns a
:class:`Report` (:mod:`.report`) of findings (figures that cannot all be right), derived values
(what the figures imply: last year's values, the plan, a share) and checks skipped for want of
figures.

Every figure stands for the interval its text allows (:mod:`kcn.figures.intervals`):
rounding to the digits written, widened by 2.5 % for "about", open above for "more than",
just below for "nearly". An estimate ("ước") is held to its rounding only, since an estimate
must still add up. Decimals are read from the text as written: ``311986.8`` has one,
``47.30`` two.

Modules: :mod:`.interval` (interval arithmetic), :mod:`.figure` (a figure as written),
:mod:`.safe_yaml` and :mod:`.loading` (reading files within limits), :mod:`.registry` (what a
check is), :mod:`.checks` (the checks), :mod:`.report` (running them), :mod:`.service` (what
the API, the page and the CLI call).
"""

from __future__ import annotations

from kcn.stats.checker.checks import CHECKS
from kcn.stats.checker.figure import Figure, Figures, LoadError, parse_figure
from kcn.stats.checker.interval import Interval
from kcn.stats.checker.loading import figures_from_csv, figures_from_mapping, load, loads
from kcn.stats.checker.registry import Check, Derived, Finding, Outcome, Skipped
from kcn.stats.checker.report import Report, check, report_data

__all__ = [
    "CHECKS",
    "Check",
    "Derived",
    "Figure",
    "Figures",
    "Finding",
    "Interval",
    "LoadError",
    "Outcome",
    "Report",
    "Skipped",
    "check",
    "figures_from_csv",
    "figures_from_mapping",
    "load",
    "loads",
    "parse_figure",
    "report_data",
]
