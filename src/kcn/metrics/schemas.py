"""API shapes of the metrics registry."""

from __future__ import annotations

from decimal import Decimal

from kcn.kit.schemas import Schema


class MetricParamRead(Schema):
    name: str
    type: str
    description: str
    choices: list[str]
    required: bool


class MetricRead(Schema):
    name: str
    definition: str
    definition_vi: str
    definition_en: str
    formula: str
    unit: str
    precision: int
    inputs: list[str]
    params: list[MetricParamRead]


class MetricValue(Schema):
    name: str
    value: Decimal | None
    exact: Decimal | None
    unit: str
    precision: int
    params: dict[str, str]
    inputs: list[str]
    records: int
    is_demo: bool
