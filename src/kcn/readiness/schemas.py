"""API shapes of clearance tasks and reports, infrastructure works and reports, and labour
supply observations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from kcn.kit.schemas import InputSchema, Schema

Vnd = Annotated[Decimal, Field(ge=0, max_digits=20, decimal_places=0)]
Area = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Quantity = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
WorkKind = Literal[
    "internal_roads", "power", "water_supply", "wastewater_plant", "connecting_roads"
]
SupplyKind = Literal["working_age_population", "vocational_graduates", "worker_housing_places"]
BlockerKind = Literal["households_disagree", "dispute", "resettlement_land", "other"]
Year = Annotated[int, Field(ge=1990, le=2100)]
Text = Annotated[str, Field(max_length=2000)]
Unit = Annotated[str, Field(max_length=255)]


class ZoneRef(Schema):
    id: int
    code: str
    name: str


class Blocker(InputSchema):
    kind: BlockerKind
    description: str = Field(default="", max_length=1000)
    who_must_act: str = Field(min_length=1, max_length=255)


class TaskFields(InputSchema):
    phase: str | None = Field(default=None, max_length=100)
    land_rice_ha: Area | None = None
    land_other_agricultural_ha: Area | None = None
    land_residential_ha: Area | None = None
    land_other_ha: Area | None = None
    households: Count | None = None
    organisations: Count | None = None
    graves: Count | None = None
    compensation_planned_vnd: Vnd | None = None
    resettlement_plots_needed: Count | None = None
    resettlement_plots_ready: Count | None = None
    notice_date: date | None = None
    inventory_date: date | None = None
    plan_approved_date: date | None = None
    recovery_decision_date: date | None = None
    payment_date: date | None = None
    handover_date: date | None = None
    start_date: date | None = None
    deadline: date | None = None
    responsible_unit: Unit | None = None
    source: Text | None = None
    is_demo: bool | None = None


class TaskCreate(TaskFields):
    zone: str = Field(min_length=1, max_length=40, description="Zone code.")
    start_date: date
    deadline: date


class TaskUpdate(TaskFields):
    version: int | None = None


class Progress(Schema):
    """What the metrics say of a task or work (``kcn.readiness.metrics``)."""

    pct_area: Decimal | None = None
    pct_households: Decimal | None = None
    pct_money: Decimal | None = None
    pct_value: Decimal | None = None
    pace_per_day: Decimal | None = None
    forecast: date | None = None
    state: str
    at_risk: bool
    risk_reasons: list[str]
    last_report: date | None = None


class TaskRead(Schema):
    id: int
    zone: ZoneRef
    phase: str
    land_rice_ha: Decimal
    land_other_agricultural_ha: Decimal
    land_residential_ha: Decimal
    land_other_ha: Decimal
    total_ha: Decimal
    households: int
    organisations: int
    graves: int
    compensation_planned_vnd: Decimal
    resettlement_plots_needed: int
    resettlement_plots_ready: int
    notice_date: date | None
    inventory_date: date | None
    plan_approved_date: date | None
    recovery_decision_date: date | None
    payment_date: date | None
    handover_date: date | None
    start_date: date
    deadline: date
    responsible_unit: str
    source: str
    is_demo: bool
    progress: Progress
    version: int
    created_at: datetime
    updated_at: datetime


class ClearanceReportFields(InputSchema):
    reported_on: date | None = None
    handed_over_ha: Area | None = None
    households_agreed: Count | None = None
    paid_vnd: Vnd | None = None
    blockers: list[Blocker] | None = Field(default=None, max_length=50)
    note: Text | None = None
    is_demo: bool | None = None


class ClearanceReportCreate(ClearanceReportFields):
    task_id: int = Field(ge=1, le=2**63 - 1)
    reported_on: date


class ClearanceReportUpdate(ClearanceReportFields):
    version: int | None = None


class BlockerRead(Schema):
    kind: str
    description: str
    who_must_act: str


class ClearanceReportRead(Schema):
    id: int
    task_id: int
    zone: ZoneRef
    reported_on: date
    handed_over_ha: Decimal
    households_agreed: int
    paid_vnd: Decimal
    blockers: list[BlockerRead]
    note: str
    is_demo: bool
    version: int
    created_at: datetime
    updated_at: datetime


class WorkFields(InputSchema):
    phase: str | None = Field(default=None, max_length=100)
    kind: WorkKind | None = None
    name: str | None = Field(default=None, min_length=1, max_length=255)
    planned_value_vnd: Vnd | None = None
    planned_quantity: Quantity | None = None
    quantity_unit: str | None = Field(default=None, max_length=24)
    start_date: date | None = None
    planned_completion: date | None = None
    actual_completion: date | None = None
    responsible_unit: Unit | None = None
    source: Text | None = None
    is_demo: bool | None = None


class WorkCreate(WorkFields):
    zone: str = Field(min_length=1, max_length=40, description="Zone code.")
    kind: WorkKind
    name: str = Field(min_length=1, max_length=255)
    start_date: date
    planned_completion: date


class WorkUpdate(WorkFields):
    version: int | None = None


class WorkRead(Schema):
    id: int
    zone: ZoneRef
    phase: str
    kind: str
    name: str
    planned_value_vnd: Decimal
    planned_quantity: Decimal
    quantity_unit: str
    start_date: date
    planned_completion: date
    actual_completion: date | None
    responsible_unit: str
    source: str
    is_demo: bool
    progress: Progress
    version: int
    created_at: datetime
    updated_at: datetime


class InfraReportFields(InputSchema):
    reported_on: date | None = None
    completed_value_vnd: Vnd | None = None
    completed_quantity: Quantity | None = None
    note: Text | None = None
    is_demo: bool | None = None


class InfraReportCreate(InfraReportFields):
    work_id: int = Field(ge=1, le=2**63 - 1)
    reported_on: date


class InfraReportUpdate(InfraReportFields):
    version: int | None = None


class InfraReportRead(Schema):
    id: int
    work_id: int
    zone: ZoneRef
    reported_on: date
    completed_value_vnd: Decimal
    completed_quantity: Decimal
    note: str
    is_demo: bool
    version: int
    created_at: datetime
    updated_at: datetime


class SupplyFields(InputSchema):
    kind: SupplyKind | None = None
    year: Year | None = None
    value: Count | None = None
    source: Text | None = None
    is_demo: bool | None = None


class SupplyCreate(SupplyFields):
    kind: SupplyKind
    year: Year
    value: Count
    area: str | None = Field(default=None, max_length=16, description="District code.")
    zone: str | None = Field(default=None, max_length=40, description="Zone code (housing).")


class SupplyUpdate(SupplyFields):
    version: int | None = None


class AreaRef(Schema):
    id: int
    code: str
    name: str


class SupplyRead(Schema):
    id: int
    kind: str
    year: int
    area: AreaRef | None
    zone: ZoneRef | None
    value: int
    source: str
    is_demo: bool
    version: int
    created_at: datetime
    updated_at: datetime
