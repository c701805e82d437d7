"""Charts as PNG images, drawn offline with matplotlib (Agg, no display, no network), the
numbers on the axis written the report language's way."""

from __future__ import annotations

import base64
import io
from decimal import Decimal
from typing import Any

from kcn.kit.i18n import fmt_number
from kcn.reports.model import Chart

WIDTH_IN, DPI, LEGEND_IN = 6.3, 120, 0.3
NORMAL, NEGATIVE, FLAGGED, TARGET = "#1f6f8b", "#b23a48", "#d08c2b", "#444444"


def png(chart: Chart) -> bytes:
    """A horizontal bar chart, one bar per label, the value written at the end of each bar;
    the target as a dashed line and the flagged bars in a warning colour, both in a legend."""
    # Imported here: matplotlib costs each server process ~40 MB, and only reports draw.
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    flags = chart.flagged or (False,) * len(chart.labels)
    rows = [
        (label, float(v), flag)
        for label, v, flag in zip(chart.labels, chart.values, flags, strict=True)
        if v is not None
    ]
    legend = chart.target is not None or (any(r[2] for r in rows) and bool(chart.flagged_label))
    height = max(1.8, 0.42 * len(rows) + 1.0) + (LEGEND_IN if legend else 0)
    fig = MplFigure(figsize=(WIDTH_IN, height), dpi=DPI)
    ax = fig.add_subplot()
    labels = [label for label, _, _ in rows][::-1]
    values = [value for _, value, _ in rows][::-1]
    flagged = [flag for _, _, flag in rows][::-1]
    colours = [
        FLAGGED if flag else NORMAL if v >= 0 else NEGATIVE
        for v, flag in zip(values, flagged, strict=True)
    ]
    bars = ax.barh(labels, values, color=colours)
    ax.bar_label(
        bars,
        labels=[fmt_number(Decimal(str(v)), chart.lang, 2) for v in values],
        padding=3,
        fontsize=8,
    )
    for tick, flag in zip(ax.get_yticklabels(), flagged, strict=True):
        if flag:  # a flagged bar of 0 draws nothing: its label carries the colour
            tick.set_color(FLAGGED)
    handles: list[Any] = []
    if chart.target is not None:
        line = ax.axvline(float(chart.target), color=TARGET, linestyle="--", linewidth=1)
        line.set_label(chart.target_label)
        handles.append(line)
    if any(flagged) and chart.flagged_label:
        handles.append(Patch(color=FLAGGED, label=chart.flagged_label))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _p: fmt_number(Decimal(str(x)), chart.lang, 0))
    )
    ax.set_title(chart.title, fontsize=10, family="serif")
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.18)
    bottom = 0.0
    if handles:
        fig.legend(handles=handles, loc="lower center", ncols=len(handles), fontsize=7,
                   frameon=False)  # fmt: skip
        bottom = LEGEND_IN / height
    fig.tight_layout(rect=(0, bottom, 1, 1))
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def data_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(png(chart)).decode("ascii")
