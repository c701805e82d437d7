"""API shapes of a zone's facts for investors, and the check of their geometry.

A location is a GeoJSON Point, a boundary a Polygon or MultiPolygon; both are parsed with
geojson-pydantic (the GeoJSON shape) and checked with shapely (a valid, non self-intersecting
ring, coordinates on the Earth). A bad one is a field error (422), never stored.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import shapely
from geojson_pydantic import MultiPolygon, Point, Polygon
from pydantic import Field, TypeAdapter, ValidationError, field_validator

from kcn.kit.schemas import InputSchema, Schema, clean_text

Km = Annotated[Decimal, Field(ge=0, le=10000, max_digits=8, decimal_places=1)]
Flow = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Price = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)]
Fee = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=3)]
FactGroup = Literal["location", "operator", "infrastructure", "distances", "rent", "sectors"]
DemoFact = Literal[
    "location", "boundary", "operator", "contacts", "infrastructure", "distances", "rent",
    "management_fee", "sectors",
]  # fmt: skip
TEXT_FIELDS = ("operator", "operator_en", "contact_name", "roads", "roads_en", "sectors",
               "sectors_en", "seaport_name", "airport_name", "rent_term")  # fmt: skip

_POINT = TypeAdapter(Point)
_AREA: TypeAdapter[Polygon | MultiPolygon] = TypeAdapter(Polygon | MultiPolygon)


def _in_range(geom: Any) -> bool:
    minx, miny, maxx, maxy = geom.bounds
    return bool(-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90)


def check_point(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A GeoJSON Point (longitude, latitude) on the Earth, or a ``geometry.*`` error."""
    if value is None:
        return None
    try:
        point = _POINT.validate_python(value)
    except ValidationError:
        raise ValueError("geometry.not_point") from None
    geom = shapely.geometry.shape(point.model_dump(exclude_none=True))
    if geom.is_empty or not _in_range(geom):
        raise ValueError("geometry.out_of_range")
    return point.model_dump(mode="json", exclude_none=True)


def check_area(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A GeoJSON Polygon or MultiPolygon whose rings are closed, do not cross themselves and
    lie on the Earth, or a ``geometry.*`` error."""
    if value is None:
        return None
    try:
        area = _AREA.validate_python(value)
    except ValidationError:
        raise ValueError("geometry.not_polygon") from None
    geom = shapely.geometry.shape(area.model_dump(exclude_none=True))
    if not _in_range(geom):
        raise ValueError("geometry.out_of_range")
    if not geom.is_valid:
        raise ValueError("geometry.self_intersecting")
    if geom.is_empty or geom.area == 0:
        raise ValueError("geometry.empty")
    return area.model_dump(mode="json", exclude_none=True)


class _FactFields(InputSchema):
    location: dict[str, Any] | None = Field(
        default=None, description="GeoJSON Point: [longitude, latitude]."
    )
    boundary: dict[str, Any] | None = Field(
        default=None, description="GeoJSON Polygon or MultiPolygon."
    )
    operator: str | None = Field(default=None, max_length=255)
    operator_en: str | None = Field(default=None, max_length=255)
    contact_name: str | None = Field(default=None, max_length=255)
    contact_phone: str | None = Field(default=None, max_length=40, pattern=r"^[0-9 +().-]*$")
    contact_email: str | None = Field(default=None, max_length=255, pattern=r"^[^@\s]+@[^@\s]+$")
    website: str | None = Field(default=None, max_length=255, pattern=r"^https?://\S+$")
    power_kv: Km | None = Field(default=None, description="Supply voltage, kV.")
    power_mva: Flow | None = Field(default=None, description="Substation capacity, MVA.")
    water_m3_day: Flow | None = Field(default=None, description="Clean water, m³/day.")
    wastewater_m3_day: Flow | None = Field(default=None, description="Wastewater, m³/day.")
    roads: str | None = None
    roads_en: str | None = None
    sectors: str | None = Field(default=None, description="Sectors the zone takes in.")
    sectors_en: str | None = None
    seaport_name: str | None = Field(default=None, max_length=255)
    seaport_km: Km | None = None
    airport_name: str | None = Field(default=None, max_length=255)
    airport_km: Km | None = None
    highway_exit_km: Km | None = None
    border_gate_km: Km | None = None
    rent_usd_m2: Price | None = Field(default=None, description="USD/m² for the lease term.")
    rent_term: str | None = Field(default=None, max_length=100)
    rent_as_of: date | None = Field(default=None, description="When the rent was published.")
    management_fee_usd_m2_year: Fee | None = None
    sources: dict[FactGroup, str] | None = None
    demo_fields: list[DemoFact] | None = None

    @field_validator("location")
    @classmethod
    def _point(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return check_point(value)

    @field_validator("boundary")
    @classmethod
    def _area(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return check_area(value)

    @field_validator(*TEXT_FIELDS)
    @classmethod
    def _nfc(cls, value: str | None) -> str | None:
        return clean_text(value)


class FactsCreate(_FactFields):
    zone: str = Field(min_length=2, max_length=40, description="Code of the zone.")
    as_of: date = Field(description="Date the facts were published or checked.")


class FactsUpdate(_FactFields):
    version: int | None = Field(default=None, ge=1)
    as_of: date | None = None


class Infrastructure(Schema):
    """What another domain (land matching) reads of a zone's services."""

    zone_id: int
    as_of: date
    power_kv: Decimal | None
    power_mva: Decimal | None
    water_m3_day: Decimal | None
    wastewater_m3_day: Decimal | None
    is_demo: bool


class FactsRead(Schema):
    id: int
    zone: str = Field(description="Code of the zone.")
    zone_id: int
    zone_name: str
    as_of: date
    location: dict[str, Any] | None
    boundary: dict[str, Any] | None
    operator: str | None
    operator_en: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    website: str | None
    power_kv: Decimal | None
    power_mva: Decimal | None
    water_m3_day: Decimal | None
    wastewater_m3_day: Decimal | None
    roads: str
    roads_en: str
    sectors: str
    sectors_en: str
    seaport_name: str | None
    seaport_km: Decimal | None
    airport_name: str | None
    airport_km: Decimal | None
    highway_exit_km: Decimal | None
    border_gate_km: Decimal | None
    rent_usd_m2: Decimal | None
    rent_term: str | None
    rent_as_of: date | None
    management_fee_usd_m2_year: Decimal | None
    sources: dict[str, str]
    demo_fields: list[str]
    is_demo: bool
    version: int
    created_at: datetime
    updated_at: datetime


class PhotoCreate(InputSchema):
    """What the board says of a photo it uploads: caption in both languages, source, date."""

    caption: str = Field(min_length=1, max_length=300)
    caption_en: str = Field(min_length=1, max_length=300)
    source: str = Field(min_length=1, max_length=255)
    taken_on: date

    @field_validator("caption", "caption_en", "source", mode="after")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return clean_text(value) or ""
