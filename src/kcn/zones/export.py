"""The zone list as XLSX or CSV, from the same filter as the page and the API."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, Literal

from fastapi.responses import StreamingResponse
from openpyxl import Workbook

from kcn.kit.i18n import translate
from kcn.kit.xlsx import FORMULA_START, append_row
from kcn.models import Zone
from kcn.zones import pipeline
from kcn.zones.filters import ZoneFilter
from kcn.zones.service import latest_land, occupancy_pct

Format = Literal["xlsx", "csv"]
COLUMNS = (
    "code",
    "name",
    "kind",
    "admin_unit",
    "stage",
    "planned_area_ha",
    "leasable_ha",
    "leased_ha",
    "available_ha",
    "occupancy_pct",
    "developer",
    "demo",
)


def rows(
    zones: Sequence[tuple[Zone, int | None]], filters: ZoneFilter, lang: str
) -> list[list[Any]]:
    table: list[list[Any]] = []
    for zone, index in zones:
        land = latest_land(zone, filters.as_of)
        stage = pipeline.stage_name(zone.kind, index)
        table.append(
            [
                zone.code,
                zone.name,
                translate(f"kind.{zone.kind}", lang),
                zone.admin_unit.name if zone.admin_unit else "",
                translate(f"milestone.{stage}", lang) if stage else "",
                zone.planned_area_ha,
                land.leasable_ha if land else None,
                land.leased_ha if land else None,
                land.available_ha if land else None,
                occupancy_pct(land.leased_ha, land.leasable_ha) if land else None,
                zone.developer or "",
                translate("demo.yes", lang) if zone.is_demo else "",
            ]
        )
    return table


def _csv_text(value: Any) -> Any:
    """A cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def response(
    zones: Sequence[tuple[Zone, int | None]], filters: ZoneFilter, lang: str, fmt: Format
) -> StreamingResponse:
    header = [translate(f"column.{c}", lang) for c in COLUMNS]
    body = rows(zones, filters, lang)
    name = f"kcn-zones-{filters.as_of.isoformat()}.{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows([[_csv_text(v) for v in row] for row in body])
        data = io.BytesIO(("\ufeff" + text.getvalue()).encode("utf-8"))
        media = "text/csv; charset=utf-8"
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = translate("zone.list.title", lang)[:31]
        append_row(sheet, header)
        for row in body:
            append_row(sheet, row)
        sheet.freeze_panes = "A2"
        widths = (22, 48, 22, 26, 30, 12, 12, 12, 12, 10, 30, 10)
        for col, width in zip("ABCDEFGHIJKL", widths, strict=True):
            sheet.column_dimensions[col].width = width
        data = io.BytesIO()
        book.save(data)
        data.seek(0)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(data, media_type=media, headers=headers)
