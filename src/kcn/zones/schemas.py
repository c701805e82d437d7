"""API shapes of zones, milestones and land figures."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from kcn.kit.schemas import Hectares, InputSchema, Schema, clean_text
from kcn.zones.pipeline import ALL_MILESTONES

ZoneKind = Literal["industrial_park", "industrial_cluster"]
MilestoneKind = Literal[ALL_MILESTONES]  # type: ignore[valid-type]
DemoField = Literal["planned_area_ha", "developer", "geometry", "admin_unit"]
Code = Annotated[str, Field(min_length=2, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def check_geojson(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Accept a GeoJSON geometry object (type and coordinates), refuse anything else."""
    if value is None:
        return None
    if value.get("type") not in GEOMETRY_TYPES:
        raise ValueError("geometry.bad_type")
    key = "geometries" if value["type"] == "GeometryCollection" else "coordinates"
    if not isinstance(value.get(key), list):
        raise ValueError("geometry.no_coordinates")
    if not _finite(value.get(key)):
        raise ValueError("geometry.not_finite")
    return value


def _finite(node: Any) -> bool:
    """No infinite or NaN number anywhere (JSON, and so the database, cannot hold them)."""
    if isinstance(node, float):
        return math.isfinite(node)
    if isinstance(node, list):
        return all(_finite(item) for item in node)
    if isinstance(node, dict):
        return all(_finite(item) for item in node.values())
    return True


class MilestoneCreate(InputSchema):
    kind: MilestoneKind
    reached_on: date | None = None
    target_date: date | None = None
    document_number: str | None = Field(default=None, max_length=100)
    issuing_body: str | None = Field(default=None, max_length=255)
    note: str = ""
    source: str = ""
    is_demo: bool = False


class MilestoneUpdate(InputSchema):
    reached_on: date | None = None
    target_date: date | None = None
    document_number: str | None = Field(default=None, max_length=100)
    issuing_body: str | None = Field(default=None, max_length=255)
    note: str | None = None
    source: str | None = None
    is_demo: bool | None = None


class MilestoneRead(Schema):
    id: int
    kind: str
    reached_on: date | None
    target_date: date | None
    document_number: str | None
    issuing_body: str | None
    note: str
    source: str
    is_demo: bool


class LandCreate(InputSchema):
    as_of: date
    industrial_leasable_ha: Hectares = Decimal(0)
    service_leasable_ha: Hectares = Decimal(0)
    industrial_leased_ha: Hectares = Decimal(0)
    service_leased_ha: Hectares = Decimal(0)
    source: str = ""
    is_demo: bool = False


class LandUpdate(InputSchema):
    """Fields of a land row to correct; omitted fields stay."""

    as_of: date | None = None
    industrial_leasable_ha: Hectares | None = None
    service_leasable_ha: Hectares | None = None
    industrial_leased_ha: Hectares | None = None
    service_leased_ha: Hectares | None = None
    source: str | None = None
    is_demo: bool | None = None


class LandRead(Schema):
    """Areas are given with two decimals, as stored."""

    id: int
    as_of: date
    industrial_leasable_ha: Decimal
    service_leasable_ha: Decimal
    industrial_leased_ha: Decimal
    service_leased_ha: Decimal
    leasable_ha: Decimal
    leased_ha: Decimal
    available_ha: Decimal = Field(description="Leasable land not yet leased (đất còn trống).")
    source: str
    is_demo: bool

    @field_validator(
        "industrial_leasable_ha",
        "service_leasable_ha",
        "industrial_leased_ha",
        "service_leased_ha",
        "leasable_ha",
        "leased_ha",
        "available_ha",
    )
    @classmethod
    def _two_places(cls, value: Decimal) -> Decimal:
        return value.quantize(Decimal("0.01"))


class _ZoneFields(InputSchema):
    name_en: str | None = Field(default=None, max_length=255)
    admin_unit: str | None = Field(default=None, description="Unit key or GSO code.")
    parent: str | None = Field(default=None, description="Code of the zone this one expands.")
    planned_area_ha: Hectares | None = None
    developer: str | None = Field(default=None, max_length=255)
    craft_village: bool = False
    geometry: dict[str, Any] | None = Field(default=None, description="GeoJSON geometry.")
    notes: str = ""
    name_is_demo: bool = False
    demo_fields: list[DemoField] = Field(default_factory=list)
    sources: dict[str, str] = Field(default_factory=dict)

    @field_validator("name_en", "developer", "notes")
    @classmethod
    def _nfc(cls, value: str | None) -> str | None:
        return clean_text(value)

    @field_validator("geometry")
    @classmethod
    def _geojson(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return check_geojson(value)


class ZoneCreate(_ZoneFields):
    code: Code
    kind: ZoneKind
    name: str = Field(min_length=2, max_length=255)
    milestones: list[MilestoneCreate] = Field(default_factory=list)
    land: list[LandCreate] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name_nfc(cls, value: str) -> str:
        return clean_text(value) or value

    @field_validator("code")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class ZoneUpdate(InputSchema):
    """Fields to change; omitted fields stay. ``version`` guards against lost updates."""

    version: int | None = Field(default=None, ge=1)
    code: Code | None = None
    name: str | None = Field(default=None, min_length=2, max_length=255)
    name_en: str | None = Field(default=None, max_length=255)
    admin_unit: str | None = None
    parent: str | None = None
    planned_area_ha: Hectares | None = None
    developer: str | None = Field(default=None, max_length=255)
    craft_village: bool | None = None
    geometry: dict[str, Any] | None = None
    notes: str | None = None
    name_is_demo: bool | None = None
    demo_fields: list[DemoField] | None = None
    sources: dict[str, str] | None = None

    @field_validator("name", "name_en", "developer", "notes")
    @classmethod
    def _nfc(cls, value: str | None) -> str | None:
        return clean_text(value)

    @field_validator("geometry")
    @classmethod
    def _geojson(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return check_geojson(value)

    @field_validator("code")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return None if value is None else value.upper()


class AdminUnitBrief(Schema):
    key: str
    code: str
    level: str
    name: str
    name_en: str = Field(description="English name: no diacritics, type in English.")
    valid_from: date | None
    valid_to: date | None


class ZoneBrief(Schema):
    id: int
    code: str
    kind: str
    name: str
    name_en: str | None = None


class Warning(Schema):
    field: str
    message: str


class ZoneRead(ZoneBrief):
    name_en: str | None
    admin_unit: AdminUnitBrief | None
    parent: ZoneBrief | None
    planned_area_ha: Decimal | None
    developer: str | None
    craft_village: bool
    geometry: dict[str, Any] | None
    notes: str
    stage: str | None
    stage_reached_on: date | None
    occupancy_pct: Decimal | None
    land: LandRead | None = Field(description="The latest land figures.")
    milestones: list[MilestoneRead]
    name_is_demo: bool
    demo_fields: list[str]
    sources: dict[str, str]
    is_demo: bool
    warnings: list[Warning]
    version: int
    created_at: datetime
    updated_at: datetime
