"""Charts as PNG images, drawn offline with matplotlib (Agg, no display, no network), the
numbers on the axis written the report language's way."""

from __future__ import annotations

import base64
import io
from decimal import Decimal

from kcn.kit.i18n import fmt_number
from kcn.reports.model import Chart

WIDTH_IN, DPI = 6.3, 120


def png(chart: Chart) -> bytes:
    """A horizontal bar chart, one bar per label, the value written at the end of each bar."""
    # Imported here: matplotlib costs each server process ~40 MB, and only reports draw.
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.ticker import FuncFormatter

    pairs = [
        (label, float(v))
        for label, v in zip(chart.labels, chart.values, strict=True)
        if v is not None
    ]
    height = max(1.8, 0.42 * len(pairs) + 1.0)
    fig = MplFigure(figsize=(WIDTH_IN, height), dpi=DPI)
    ax = fig.add_subplot()
    labels = [label for label, _ in pairs][::-1]
    values = [value for _, value in pairs][::-1]
    colours = ["#1f6f8b" if v >= 0 else "#b23a48" for v in values]
    bars = ax.barh(labels, values, color=colours)
    ax.bar_label(
        bars,
        labels=[fmt_number(Decimal(str(v)), chart.lang, 2) for v in values],
        padding=3,
        fontsize=8,
    )
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _p: fmt_number(Decimal(str(x)), chart.lang, 0))
    )
    ax.set_title(chart.title, fontsize=10, family="serif")
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.18)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def data_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(png(chart)).decode("ascii")
