"""API shapes of observations, imports and statistical tables."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from kcn.kit.periods import Period, PeriodError
from kcn.kit.schemas import InputSchema, Schema
from kcn.stats.indicators import INDICATORS

Status = Literal["estimate", "preliminary", "official"]


class ObservationCreate(InputSchema):
    indicator: str
    period: str = Field(description="2024-06, 2024-Q2, 2024-H1, 2024 or 2024-01..05")
    vsic: str = Field(default="", max_length=8, pattern=r"^([A-U]|\d{2,4})?$")
    admin_unit: str | None = Field(
        default=None, description="Unit key or code; default: the province"
    )
    value: Decimal = Field(max_digits=20, decimal_places=4)
    status: Status = "official"
    source: str = ""
    is_demo: bool = False

    @field_validator("indicator")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in INDICATORS:
            raise ValueError("stats.unknown_indicator")
        return value

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        try:
            return str(Period.parse(value))
        except PeriodError as exc:
            raise ValueError("stats.bad_period") from exc


class ObservationRead(Schema):
    id: int
    indicator: str
    period: str
    vsic_code: str
    vsic_level: str
    admin_unit_key: str
    value: Decimal
    status: str
    source: str
    is_demo: bool
    revision: int
    is_current: bool
    recorded_at: datetime
    recorded_by: str


class ImportRowError(Schema):
    row: int
    field: str
    message: str


class ImportReport(Schema):
    rows: int
    created: int
    revised: int
    unchanged: int
    errors: list[ImportRowError]


class TableRow(Schema):
    code: str
    label: str
    value: Decimal | None
    previous: Decimal | None
    growth_pct: Decimal | None
    contribution_pp: Decimal | None
    share_pct: Decimal | None
    rank: int | None
    published_growth_pct: Decimal | None
    is_demo: bool


class StatsTable(Schema):
    indicator: str
    period: str
    period_label: str
    previous_period: str
    by: str
    total: TableRow
    rows: list[TableRow]
    plan: Decimal | None
    plan_pct: Decimal | None
    notes: list[str]
