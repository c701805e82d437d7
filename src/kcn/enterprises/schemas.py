"""API shapes of enterprises, projects, capital adjustments and leases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from kcn.enterprises import checks
from kcn.kit.schemas import InputSchema, Schema

Ownership = Literal["domestic", "fdi", "joint_venture"]
Status = Literal["registered", "under_construction", "operating", "suspended", "terminated"]
TechnologyClass = Literal["high_tech", "advanced", "other"]
EnvironmentCategory = Literal["I", "II", "III", "IV"]
LandKind = Literal["industrial", "service"]
Usd = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Vnd = Annotated[Decimal, Field(ge=0, max_digits=20, decimal_places=0)]
Rate = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
Area = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Workers = Annotated[int, Field(ge=0, le=1_000_000)]


def _tax_code(value: str | None) -> str | None:
    if value is None:
        return None
    clean = checks.tax_code(value)
    if clean is None:
        raise ValueError("enterprise.bad_tax_code")
    return clean


def _countries(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    out: list[str] = []
    for item in value:
        code = checks.country(item)
        if code is None:
            raise ValueError("enterprise.bad_country")
        if code not in out:
            out.append(code)
    return out


def _sector(value: str | None) -> str | None:
    if value is None:
        return None
    code = checks.sector(value)
    if code is None:
        raise ValueError("project.bad_vsic")
    return code


class EnterpriseCreate(InputSchema):
    tax_code: str = Field(max_length=20)
    name: str = Field(min_length=1, max_length=255)
    name_en: str | None = Field(default=None, max_length=255)
    legal_form: str = Field(default="", max_length=64)
    ownership: Ownership
    countries: list[str] = Field(default_factory=list, max_length=20)
    address: str = Field(default="", max_length=1000)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=255)
    is_demo: bool = False

    _check_tax = field_validator("tax_code")(_tax_code)
    _check_countries = field_validator("countries")(_countries)


class EnterpriseUpdate(InputSchema):
    tax_code: str | None = Field(default=None, max_length=20)
    name: str | None = Field(default=None, min_length=1, max_length=255)
    name_en: str | None = Field(default=None, max_length=255)
    legal_form: str | None = Field(default=None, max_length=64)
    ownership: Ownership | None = None
    countries: list[str] | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=1000)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=255)
    is_demo: bool | None = None
    version: int | None = None

    _check_tax = field_validator("tax_code")(_tax_code)
    _check_countries = field_validator("countries")(_countries)


class EnterpriseBrief(Schema):
    id: int
    tax_code: str
    name: str


class EnterpriseRead(Schema):
    id: int
    tax_code: str
    name: str
    name_en: str | None
    legal_form: str
    ownership: str
    countries: list[str]
    main_country: str | None
    address: str
    phone: str
    email: str
    is_demo: bool
    version: int
    created_at: datetime
    updated_at: datetime


class ZoneRef(Schema):
    id: int
    code: str
    name: str
    kind: str


class AdjustmentCreate(InputSchema):
    adjusted_on: date
    document_number: str = Field(default="", max_length=100)
    capital_usd: Usd
    capital_vnd: Vnd | None = None
    exchange_rate: Rate | None = None
    note: str = Field(default="", max_length=2000)


class AdjustmentRead(Schema):
    id: int
    adjusted_on: date
    document_number: str
    capital_usd: Decimal
    capital_vnd: Decimal
    exchange_rate: Decimal | None
    note: str


class ProjectFields(InputSchema):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    certificate_date: date | None = None
    vsic_code: str | None = Field(default=None, max_length=5)
    capital_usd: Usd | None = None
    capital_vnd: Vnd | None = None
    exchange_rate: Rate | None = None
    land_ha: Area | None = None
    workers_planned: Workers | None = None
    workers_vietnamese: Workers | None = None
    workers_foreign: Workers | None = None
    status: Status | None = None
    status_date: date | None = None
    technology_class: TechnologyClass | None = None
    environment_category: EnvironmentCategory | None = None
    notes: str | None = Field(default=None, max_length=5000)
    is_demo: bool | None = None

    _check_sector = field_validator("vsic_code")(_sector)


class ProjectCreate(ProjectFields):
    """A new project: the enterprise by tax code, the zone by code."""

    certificate_number: str = Field(min_length=1, max_length=40)
    enterprise: str = Field(min_length=1, max_length=20, description="Tax code.")
    zone: str = Field(min_length=1, max_length=40, description="Zone code.")
    name: str = Field(min_length=1, max_length=255)
    certificate_date: date
    vsic_code: str = Field(max_length=5)
    status: Status = "registered"

    @model_validator(mode="after")
    def _dates(self) -> ProjectCreate:
        if self.status_date and self.status_date < self.certificate_date:
            raise ValueError("project.status_before_certificate")
        return self


class ProjectUpdate(ProjectFields):
    certificate_number: str | None = Field(default=None, min_length=1, max_length=40)
    version: int | None = None


class ProjectRead(Schema):
    id: int
    certificate_number: str
    certificate_date: date
    name: str
    enterprise: EnterpriseBrief
    zone: ZoneRef
    vsic_code: str
    vsic_name: str
    capital_usd: Decimal
    capital_vnd: Decimal
    exchange_rate: Decimal | None
    land_ha: Decimal
    workers_planned: int | None
    workers_vietnamese: int
    workers_foreign: int
    status: str
    status_date: date | None
    technology_class: str
    environment_category: str | None
    notes: str
    is_demo: bool
    adjustments: list[AdjustmentRead]
    version: int
    created_at: datetime
    updated_at: datetime


class ProjectBrief(Schema):
    id: int
    certificate_number: str
    name: str


class LeaseCreate(InputSchema):
    project: str = Field(min_length=1, max_length=40, description="Certificate number.")
    contract_number: str = Field(default="", max_length=60)
    land_kind: LandKind = "industrial"
    area_ha: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
    start_date: date
    end_date: date | None = None
    is_demo: bool = False

    @model_validator(mode="after")
    def _dates(self) -> LeaseCreate:
        if self.end_date is not None and self.end_date <= self.start_date:
            raise ValueError("lease.end_before_start")
        return self


class LeaseUpdate(InputSchema):
    contract_number: str | None = Field(default=None, max_length=60)
    land_kind: LandKind | None = None
    area_ha: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)] | None = None
    start_date: date | None = None
    end_date: date | None = None
    is_demo: bool | None = None
    version: int | None = None


class LeaseRead(Schema):
    id: int
    project: ProjectBrief
    enterprise: EnterpriseBrief
    zone: ZoneRef
    contract_number: str
    land_kind: str
    area_ha: Decimal
    start_date: date
    end_date: date | None
    is_demo: bool
    version: int
    created_at: datetime
    updated_at: datetime
