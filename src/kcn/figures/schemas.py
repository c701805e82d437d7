"""API shapes of published figures and their reconciliation with the registry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import model_validator

from kcn.kit.schemas import Schema


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


class Reconciliation(Schema):
    rows: list[ReconciliationRow]
    counts: dict[str, int]
