"""What the statistics API and pages share: query parsing, the table dependency, limits.

The router and the views both use these pieces and never each other.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request, UploadFile

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.periods import Period, PeriodError
from kcn.stats import service
from kcn.stats.default_periods import default_period
from kcn.stats.limits import UploadLimits
from kcn.stats.schemas import StatsTable
from kcn.stats.spreadsheet import MAX_BYTES
from kcn.stats.tables import build_table

YEARS = r"^(19|20|21)\d{2}(,(19|20|21)\d{2}){0,9}$"  # up to ten years, 1900–2199
By = Literal["section", "district"]
PERIOD_HELP = "YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY or YYYY-01..MM; default: the latest with data"
YEARS_HELP = "Comma-separated years; default: the latest year with data and the one before"


def parse_period(text: str, field: str = "period") -> Period:
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise ValidationFailed(fields=[FieldError(field, "stats.bad_period")]) from exc


def table_query(
    session: SessionDep,
    lang: LangDep,
    period: str | None = Query(None, description=PERIOD_HELP),
    by: By = "section",
    indicator: str = "production_value",
) -> StatsTable:
    """The table that the query asks for: one definition for the JSON, the page and XLSX."""
    service.check_indicator(indicator)
    chosen = parse_period(period) if period else default_period(session, indicator)
    return build_table(session, indicator, chosen, by, lang)


TableDep = Annotated[StatsTable, Depends(table_query)]


def upload_limits(request: Request) -> UploadLimits:
    return UploadLimits.from_settings(request.app.state.settings)


LimitsDep = Annotated[UploadLimits, Depends(upload_limits)]


def read_upload(file: UploadFile, field: str = "file") -> bytes:
    """The uploaded file's bytes, read from its spooled copy in a worker thread (call it from
    a synchronous handler), never more than the largest upload accepted plus one byte; too
    large is a 422 on ``field``."""
    content = file.file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValidationFailed(fields=[FieldError(field, "stats.file_too_large")])
    return content
