"""API shapes of periodic reports and support requests."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.periods import Period, PeriodError
from kcn.kit.schemas import InputSchema, Schema

Usd = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Vnd = Annotated[Decimal, Field(ge=0, max_digits=20, decimal_places=0)]
Area = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Workers = Annotated[int, Field(ge=0, le=1_000_000)]
Year = Annotated[int, Field(ge=1990, le=2200)]
Topic = Literal["capital_credit", "markets", "labour", "raw_materials", "land_site",
                "procedures", "infrastructure", "tax", "other"]  # fmt: skip
Channel = Literal["dialogue_conference", "web", "letter"]
State = Literal["received", "assigned", "in_progress", "answered", "closed", "reopened"]
StepAction = Literal["assign", "start", "answer", "close", "reopen"]
Agency = Literal["zone_board", "industry_trade", "planning_investment", "finance", "tax",
                 "labour", "natural_resources", "construction", "customs", "state_bank",
                 "social_insurance", "electricity", "district"]  # fmt: skip


def quarter_of(value: str) -> Period:
    """``2024-Q2`` → the period; anything but a quarter is refused."""
    try:
        period = Period.parse(value)
    except PeriodError:
        raise ValueError("report.bad_quarter") from None
    if period.kind != "quarter":
        raise ValueError("report.bad_quarter")
    return period


def parse_quarter(value: str, field: str = "period") -> Period:
    """``quarter_of`` for a query parameter: 422 naming the field."""
    try:
        return quarter_of(value)
    except ValueError:
        raise ValidationFailed(fields=[FieldError(field, "report.bad_quarter")]) from None


def _quarter(value: str | None) -> str | None:
    return None if value is None else str(quarter_of(value))


class ReportFigures(InputSchema):
    capital_implemented_usd: Usd | None = None
    net_revenue_usd: Usd | None = None
    exports_usd: Usd | None = None
    imports_usd: Usd | None = None
    taxes_paid_vnd: Vnd | None = None
    workers_vietnamese: Workers | None = None
    workers_foreign: Workers | None = None
    expansion_land_ha: Area | None = None
    expansion_workers: Workers | None = None
    expansion_capital_usd: Usd | None = None
    expansion_year: Year | None = None
    notes: str | None = Field(default=None, max_length=4000)
    is_demo: bool | None = None


class ReportCreate(ReportFigures):
    project: str = Field(min_length=1, max_length=40, description="Certificate number.")
    period: str = Field(max_length=7, description="The quarter: 2024-Q2.")
    filed_on: date | None = Field(default=None, description="Default: today.")

    _check_period = field_validator("period")(_quarter)


class ReportUpdate(ReportFigures):
    filed_on: date | None = None
    version: int | None = None


class ProjectRef(Schema):
    id: int
    certificate_number: str
    name: str
    enterprise_tax_code: str
    enterprise_name: str
    zone_code: str
    zone_name: str


class Notice(Schema):
    """A warning: the record was saved, but something deserves a look."""

    field: str
    code: str
    message: str


class ReportRead(Schema):
    id: int
    project: ProjectRef
    period: str
    year: int
    quarter: int
    filed_on: date
    due_on: date
    on_time: bool
    capital_implemented_usd: Decimal
    net_revenue_usd: Decimal
    exports_usd: Decimal
    imports_usd: Decimal
    taxes_paid_vnd: Decimal
    workers_vietnamese: int
    workers_foreign: int
    expansion_land_ha: Decimal | None
    expansion_workers: int | None
    expansion_capital_usd: Decimal | None
    expansion_year: int | None
    notes: str
    is_demo: bool
    warnings: list[Notice]
    version: int
    created_at: datetime
    updated_at: datetime


class NonReporter(Schema):
    project: ProjectRef
    period: str
    due_on: date
    days_overdue: int  # negative: days left
    email: str


class RequestCreate(InputSchema):
    enterprise: str = Field(min_length=1, max_length=20, description="Tax code.")
    topic: Topic
    channel: Channel = "web"
    text: str = Field(min_length=1, max_length=20000)
    received_on: date | None = Field(default=None, description="Default: today.")
    is_demo: bool = False


class RequestUpdate(InputSchema):
    topic: Topic | None = None
    channel: Channel | None = None
    text: str | None = Field(default=None, min_length=1, max_length=20000)
    received_on: date | None = None
    is_demo: bool | None = None
    version: int | None = None


class StepCreate(InputSchema):
    action: StepAction
    note: str = Field(default="", max_length=20000)
    agency: Agency | None = Field(default=None, description="For assign: who answers.")
    agency_email: str | None = Field(
        default=None, max_length=255, description="For assign: where to send the notice."
    )
    day: date | None = Field(default=None, description="Default: today.")
    version: int | None = None


class StepRead(Schema):
    id: int
    action: str
    from_state: str
    to_state: str
    day: date
    at: datetime
    actor_name: str
    agency: str | None
    note: str


class AttachmentRead(Schema):
    id: int
    filename: str
    media_type: str
    size: int
    uploaded_at: datetime
    uploaded_by: str


class EnterpriseRef(Schema):
    id: int
    tax_code: str
    name: str


class RequestRead(Schema):
    id: int
    enterprise: EnterpriseRef
    topic: str
    channel: str
    text: str
    received_on: date
    state: str
    agency: str | None
    assigned_on: date | None
    due_on: date | None
    answered_on: date | None
    answer: str
    closed_on: date | None
    overdue: bool
    is_demo: bool
    steps: list[StepRead]
    attachments: list[AttachmentRead]
    actions: list[str]  # what the reader may do next
    version: int
    created_at: datetime
    updated_at: datetime
