"""The statistics behind Bắc Giang's first-half 2024 figures, as a province records them.

``data/statistics_bac_giang_2023_2024.csv`` holds values only — production value by month,
section and district, the annual plan, the monthly IIP, value added and GRDP — never a rate:
every growth rate, share and contribution is computed by the metrics (``kcn.stats.metrics``).
Values as published (the first-half 2024 production value by section and in total) are marked
real; values invented for the demo are marked ``demo`` (``is_demo``). How the invented values
were made, once and offline, is in :mod:`kcn.demo.derive`.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from kcn.kit.permissions import system_actor
from kcn.stats import service as stats_service

DATA = "statistics_bac_giang_2023_2024.csv"
SOURCE = "Báo cáo 6 tháng đầu năm 2024 của tỉnh Bắc Giang (bản tin giữa năm 2024)"
DEMO = "Dữ liệu mẫu suy ra từ số liệu công bố (demo data derived from the published figures)"


def rows(text: str | None = None) -> list[dict[str, Any]]:
    """The rows of the demo data file as the statistics import takes them."""
    if text is None:
        text = resources.files("kcn.demo").joinpath(f"data/{DATA}").read_text("utf-8")
    out = []
    for item in csv.DictReader(io.StringIO(text)):
        demo = item["demo"] == "true"
        out.append({
            "indicator": item["indicator"], "period": item["period"], "vsic": item["vsic"],
            "admin_unit": item["admin_unit"] or None, "value": item["value"],
            "status": item["status"], "source": DEMO if demo else SOURCE, "is_demo": demo,
        })  # fmt: skip
    return out


def load_statistics(session: Session, lang: str = "vi") -> int:
    """Import the rows through the statistics service (validated, revisioned, audited)."""
    actor = system_actor("demo data loader", "import")
    report = stats_service.import_rows(session, rows(), actor, lang)
    if report.errors:
        raise RuntimeError(f"demo statistics do not load: {report.errors[:3]}")
    return report.created
