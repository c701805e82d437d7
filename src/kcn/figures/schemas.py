"""API shapes of published figures and their reconciliation with the registry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from kcn.kit.schemas import InputSchema, Schema


class PublishedFigureRead(Schema):
    id: int
    key: str
    label_vi: str
    label_en: str
    value: Decimal
    decimals: int
    unit: str
    qualifier: str
    period: str
    as_of: date
    source: str
    source_line: str
    metric: list[str] | None
    version: int

    @model_validator(mode="after")
    def _as_published(self) -> PublishedFigureRead:
        """Give the value with the digits it was published with (2238, not 2238.0000)."""
        self.value = self.value.quantize(Decimal(1).scaleb(-self.decimals))
        return self


class ReconciliationRow(Schema):
    figure: PublishedFigureRead
    label: str
    derived: Decimal | None
    difference: Decimal | None
    status: Literal["match", "within", "differs", "not_derivable"]
    derived_from_demo: bool = False


class Reconciliation(Schema):
    rows: list[ReconciliationRow]
    counts: dict[str, int]


Qualifier = Literal["exact", "about", "estimate", "more_than", "nearly"]


class PublishedFigureCreate(InputSchema):
    key: str = Field(min_length=3, max_length=200, pattern=r"^[A-Za-z0-9_.-]+$")
    label_vi: str = Field(min_length=1, max_length=300)
    label_en: str = Field(min_length=1, max_length=300)
    value: Decimal = Field(max_digits=20, decimal_places=4)
    unit: str = Field(min_length=1, max_length=32)
    qualifier: Qualifier = "exact"
    period: str = Field(min_length=4, max_length=16)
    as_of: date
    source: str = Field(min_length=1)
    source_line: str = Field(default="", max_length=32)
    metric: list[str] | None = None


class PublishedFigureUpdate(InputSchema):
    version: int | None = Field(default=None, ge=1)
    label_vi: str | None = Field(default=None, min_length=1, max_length=300)
    label_en: str | None = Field(default=None, min_length=1, max_length=300)
    value: Decimal | None = Field(default=None, max_digits=20, decimal_places=4)
    unit: str | None = Field(default=None, min_length=1, max_length=32)
    qualifier: Qualifier | None = None
    period: str | None = Field(default=None, min_length=4, max_length=16)
    as_of: date | None = None
    source: str | None = Field(default=None, min_length=1)
    source_line: str | None = Field(default=None, max_length=32)
    metric: list[str] | None = None
