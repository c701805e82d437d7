"""Statistical tables as XLSX and monthly series as an SVG chart (pygal, no script)."""

from __future__ import annotations

import io
from decimal import Decimal

import pygal
from babel.numbers import get_decimal_symbol, get_group_symbol
from fastapi.responses import StreamingResponse

from kcn.kit.i18n import fmt_number, translate
from kcn.kit.xlsx import append_row
from kcn.stats.schemas import StatsTable

COLUMNS = ("code", "label", "value", "previous", "growth_pct", "contribution_pp", "share_pct",
           "rank", "published_growth_pct")  # fmt: skip


def table_xlsx(table: StatsTable, lang: str) -> StreamingResponse:
    from openpyxl import Workbook  # only when a spreadsheet is written (34 MB)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.period
    append_row(sheet, [translate("stats.title", lang), table.period_label])
    append_row(sheet, [translate(f"stats.column.{c}", lang) for c in COLUMNS])
    for line in [*table.rows, table.total]:
        append_row(sheet, [getattr(line, c) for c in COLUMNS])
    if table.plan is not None:
        append_row(sheet, [translate("stats.plan", lang), "", table.plan, "", table.plan_pct])
    for note in table.notes:
        append_row(sheet, [note])
    for cells in sheet.iter_rows(min_row=3, min_col=3, max_col=7):
        for cell in cells:
            cell.number_format = "#,##0.00"
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    name = f"kcn-{table.indicator}-{table.period}-{table.by}.xlsx"
    return StreamingResponse(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def monthly_chart(title: str, series: dict[int, list[Decimal | None]], lang: str, unit: str) -> str:
    """A bar chart of each year's months, as standalone SVG with no script."""
    months = [f"{m}" for m in range(1, 13)]
    chart = pygal.Bar(
        title=title, js=[], disable_xml_declaration=True, width=900, height=360,
        show_legend=True, legend_at_bottom=True, print_values=False, x_title=translate(
            "stats.month", lang), y_title=unit, style=pygal.style.CleanStyle,
        decimal_separator=get_decimal_symbol(lang), thousands_separator=get_group_symbol(lang),
        value_formatter=lambda v: fmt_number(v, lang, 1),  # axis and tooltips: vi 1.234,5
    )  # fmt: skip
    chart.x_labels = months
    for year, values in series.items():
        chart.add(str(year), [None if v is None else float(v) for v in values])
    return str(chart.render(is_unicode=True))
