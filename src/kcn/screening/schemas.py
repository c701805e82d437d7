"""API shapes of the screening domain: FTA partners, the screening policy and its rules,
proposals and their evaluation, land matching, and the investor pipeline (leads)."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from kcn.enterprises import checks
from kcn.kit.schemas import InputSchema, Schema


class AgreementRead(Schema):
    code: str
    name: str
    in_force_for_vietnam: date | None
    partner_from: date | None = None
    partner_to: date | None = None
    source: str


class PartnersRead(Schema):
    date: date
    country: str | None
    agreements: list[AgreementRead]
    # every partner on the date → the agreements linking it (when no country was asked)
    partners: dict[str, list[str]] | None = None


RuleKind = Literal[
    "min_investment_rate",
    "max_workers_per_ha",
    "priority_sectors",
    "restricted_sectors",
    "technology_class",
    "environment_category",
    "zone_fit",
    "fta_partner",
    "priority_score",
]
RuleEffect = Literal["required", "condition", "bonus"]
ZoneKind = Literal["industrial_park", "industrial_cluster"]
TechnologyClass = Literal["high_tech", "advanced", "other"]
EnvironmentCategory = Literal["I", "II", "III", "IV"]
Threshold = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Weight = Annotated[int, Field(ge=0, le=100)]
Codes = Annotated[list[Annotated[str, Field(max_length=16)]], Field(max_length=200)]


def _sector(value: str | None) -> str | None:
    if value is None:
        return None
    code = checks.sector(value)
    if code is None:
        raise ValueError("project.bad_vsic")
    return code


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


class RuleCreate(InputSchema):
    code: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_\-]+$")
    kind: RuleKind
    effect: RuleEffect
    title_vi: str = Field(min_length=1, max_length=255)
    title_en: str = Field(min_length=1, max_length=255)
    zone_kind: ZoneKind | None = None
    sector: str | None = Field(default=None, max_length=5)
    threshold: Threshold | None = None
    codes: Codes = Field(default_factory=list)
    weight: Weight = 0
    source: str = Field(min_length=1, max_length=4000)
    is_demo: bool = False

    _check_sector = field_validator("sector")(_sector)


class RuleUpdate(InputSchema):
    code: str | None = Field(default=None, min_length=1, max_length=60, pattern=r"^[a-z0-9_\-]+$")
    kind: RuleKind | None = None
    effect: RuleEffect | None = None
    title_vi: str | None = Field(default=None, min_length=1, max_length=255)
    title_en: str | None = Field(default=None, min_length=1, max_length=255)
    zone_kind: ZoneKind | None = None
    sector: str | None = Field(default=None, max_length=5)
    threshold: Threshold | None = None
    codes: Codes | None = None
    weight: Weight | None = None
    source: str | None = Field(default=None, min_length=1, max_length=4000)
    is_demo: bool | None = None
    version: int | None = None

    _check_sector = field_validator("sector")(_sector)


class RuleRead(Schema):
    id: int
    code: str
    kind: str
    effect: str
    title_vi: str
    title_en: str
    zone_kind: str | None
    sector: str | None
    threshold: Decimal | None
    codes: list[str]
    weight: int
    source: str
    is_demo: bool
    version: int
    created_at: datetime
    updated_at: datetime


class PolicyVersionRead(Schema):
    number: int
    created_at: datetime
    actor_name: str
    note: str
    rules: list[dict[str, Any]]


class ProposalIn(InputSchema):
    """A proposal to screen."""

    investor: str = Field(min_length=1, max_length=255)
    countries: list[str] = Field(min_length=1, max_length=20)
    sector: str = Field(max_length=5, description="VSIC 2018 code (2, 4 or 5 digits).")
    capital_usd: Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
    land_ha: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
    workers: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    technology_class: TechnologyClass = "other"
    environment_category: EnvironmentCategory | None = None
    zone_kind: ZoneKind | None = None
    zone: str | None = Field(default=None, max_length=40, description="Zone code wanted.")
    date: dt.date | None = Field(default=None, description="Default: today.")
    policy_version: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="Default: in force."
    )

    _check_sector = field_validator("sector")(_sector)
    _check_countries = field_validator("countries")(_countries)


class LineRead(Schema):
    code: str
    kind: str
    effect: str
    title: str
    value: str
    threshold: str
    passed: bool | None
    weight: int
    points: int
    why: str
    source: str


class EvaluationRead(Schema):
    investor: str
    date: dt.date
    verdict: str
    verdict_label: str
    score: int
    policy_version: int
    investment_rate: Decimal
    workers_per_ha: Decimal
    agreements: list[str]
    lines: list[LineRead]


class InfraLineRead(Schema):
    need: str = Field(description="power_mva, water_m3_day or wastewater_m3_day.")
    needed: Decimal
    capacity: Decimal | None = Field(description="What the zone records; null: not recorded.")
    passed: bool | None = Field(description="Null when the zone records no capacity.")
    is_demo: bool
    as_of: date | None = Field(description="Date of the zone's facts sheet read.")
    text: str


class MatchZone(Schema):
    code: str
    name: str
    kind: str
    district: str | None
    stage: str | None
    available_ha: Decimal | None
    occupancy_pct: Decimal | None
    is_demo: bool
    reason: str | None = None
    infrastructure: list[InfraLineRead] = Field(default_factory=list)


class MatchRead(Schema):
    land_ha: Decimal
    sector: str | None
    kind: str | None
    district: str | None
    as_of: date
    infrastructure: dict[str, Decimal] = Field(
        default_factory=dict, description="What the project needs: power_mva, water_m3_day…"
    )
    policy_version: int
    zones: list[MatchZone]
    left_out: list[MatchZone]


LeadStage = Literal[
    "first_contact", "site_visit", "proposal", "dossier_submitted", "certificate_issued", "lost"
]
ActivityKind = Literal["call", "email", "meeting", "site_visit", "note"]
Usd = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Land = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
Workers = Annotated[int, Field(ge=0, le=1_000_000)]


class LeadCreate(InputSchema):
    investor: str = Field(min_length=1, max_length=255)
    countries: list[str] = Field(min_length=1, max_length=20)
    vsic_code: str = Field(max_length=5)
    capital_usd: Usd
    land_ha: Land
    workers: Workers = 0
    technology_class: TechnologyClass = "other"
    environment_category: EnvironmentCategory | None = None
    zone_kind: ZoneKind | None = None
    zone: str | None = Field(default=None, max_length=40, description="Zone code wanted.")
    first_contact_on: dt.date
    owner: str = Field(default="", max_length=150)
    contact: str = Field(default="", max_length=255)
    next_action: str = Field(default="", max_length=255)
    next_action_due: dt.date | None = None
    notes: str = Field(default="", max_length=5000)
    is_demo: bool = False

    _check_sector = field_validator("vsic_code")(_sector)
    _check_countries = field_validator("countries")(_countries)


class LeadUpdate(InputSchema):
    investor: str | None = Field(default=None, min_length=1, max_length=255)
    countries: list[str] | None = Field(default=None, min_length=1, max_length=20)
    vsic_code: str | None = Field(default=None, max_length=5)
    capital_usd: Usd | None = None
    land_ha: Land | None = None
    workers: Workers | None = None
    technology_class: TechnologyClass | None = None
    environment_category: EnvironmentCategory | None = None
    zone_kind: ZoneKind | None = None
    zone: str | None = Field(default=None, max_length=40)
    first_contact_on: dt.date | None = None
    owner: str | None = Field(default=None, max_length=150)
    contact: str | None = Field(default=None, max_length=255)
    next_action: str | None = Field(default=None, max_length=255)
    next_action_due: dt.date | None = None
    notes: str | None = Field(default=None, max_length=5000)
    is_demo: bool | None = None
    version: int | None = None

    _check_sector = field_validator("vsic_code")(_sector)
    _check_countries = field_validator("countries")(_countries)


class ActivityCreate(InputSchema):
    happened_on: dt.date
    kind: ActivityKind
    note: str = Field(default="", max_length=5000)
    next_action: str | None = Field(default=None, max_length=255)
    next_action_due: dt.date | None = None


class ActivityRead(Schema):
    id: int
    happened_on: dt.date
    kind: str
    note: str
    actor_name: str


class StageChange(InputSchema):
    stage: LeadStage
    on: dt.date | None = Field(default=None, description="Default: today.")
    reason: str = Field(default="", max_length=2000, description="Required for 'lost'.")
    version: int | None = None


class LeadConvert(InputSchema):
    """The project a lead became: its certificate, enterprise and zone."""

    certificate_number: str = Field(min_length=1, max_length=40)
    certificate_date: dt.date
    enterprise: str = Field(min_length=1, max_length=20, description="Tax code (registered).")
    zone: str = Field(min_length=1, max_length=40, description="Zone code.")
    name: str = Field(min_length=1, max_length=255)


class LeadRead(Schema):
    id: int
    investor: str
    countries: list[str]
    main_country: str | None
    vsic_code: str
    capital_usd: Decimal
    land_ha: Decimal
    workers: int
    technology_class: str
    environment_category: str | None
    zone_kind: str | None
    zone: str | None
    stage: str
    lost_at_stage: str | None
    lost_reason: str
    first_contact_on: dt.date
    owner: str
    contact: str
    next_action: str
    next_action_due: dt.date | None
    overdue: bool
    score: int | None
    verdict: str | None
    policy_version: int | None
    project_id: int | None
    notes: str
    is_demo: bool
    activities: list[ActivityRead]
    version: int
    created_at: datetime
    updated_at: datetime


class FunnelStep(Schema):
    stage: str
    label: str
    reached: int
    pct_of_first: Decimal | None


class FunnelRead(Schema):
    country: str | None
    sector: str | None
    steps: list[FunnelStep]
    lost: int
    conversion_pct: Decimal | None
    overdue: int
