"""What a zone tells investors: location, operator and contacts, infrastructure, distances,
land rent and fees, as a dated sheet (the latest sheet on a date is the zone's facts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcn.db import Base
from kcn.models.mixins import Timestamped
from kcn.models.zones import Zone

KM = Numeric(8, 1)
FLOW = Numeric(12, 2)  # m³/day
PRICE = Numeric(10, 2)  # USD/m²


class ZoneFacts(Timestamped, Base):
    """A zone's facts for investors as published on ``as_of``; ``sources`` names where each
    group of facts comes from, ``demo_fields`` which ones are invented for the demo."""

    __tablename__ = "zone_facts"
    __table_args__ = (
        UniqueConstraint("zone_id", "as_of"),
        CheckConstraint(
            "(power_kv IS NULL OR power_kv >= 0) AND (power_mva IS NULL OR power_mva >= 0) "
            "AND (water_m3_day IS NULL OR water_m3_day >= 0) "
            "AND (wastewater_m3_day IS NULL OR wastewater_m3_day >= 0) "
            "AND (rent_usd_m2 IS NULL OR rent_usd_m2 >= 0)",
            name="nonnegative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    as_of: Mapped[date] = mapped_column(Date, index=True)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # GeoJSON Point (lon, lat)
    boundary: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # GeoJSON (Multi)Polygon
    operator: Mapped[str | None] = mapped_column(String(255))
    operator_en: Mapped[str | None] = mapped_column(String(255))
    contact_name: Mapped[str | None] = mapped_column(String(255))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(255))
    website: Mapped[str | None] = mapped_column(String(255))
    power_kv: Mapped[Decimal | None] = mapped_column(KM)
    power_mva: Mapped[Decimal | None] = mapped_column(FLOW, index=True)
    water_m3_day: Mapped[Decimal | None] = mapped_column(FLOW)
    wastewater_m3_day: Mapped[Decimal | None] = mapped_column(FLOW)
    roads: Mapped[str] = mapped_column(Text, default="")
    roads_en: Mapped[str] = mapped_column(Text, default="")
    sectors: Mapped[str] = mapped_column(Text, default="")
    sectors_en: Mapped[str] = mapped_column(Text, default="")
    seaport_name: Mapped[str | None] = mapped_column(String(255))
    seaport_km: Mapped[Decimal | None] = mapped_column(KM, index=True)
    airport_name: Mapped[str | None] = mapped_column(String(255))
    airport_km: Mapped[Decimal | None] = mapped_column(KM)
    highway_exit_km: Mapped[Decimal | None] = mapped_column(KM)
    border_gate_km: Mapped[Decimal | None] = mapped_column(KM)
    rent_usd_m2: Mapped[Decimal | None] = mapped_column(PRICE, index=True)
    rent_term: Mapped[str | None] = mapped_column(String(100))
    rent_as_of: Mapped[date | None] = mapped_column(Date)
    management_fee_usd_m2_year: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))
    sources: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    demo_fields: Mapped[list[str]] = mapped_column(JSON, default=list)

    zone: Mapped[Zone] = relationship()

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def is_demo(self) -> bool:
        return bool(self.demo_fields)


class ZonePhoto(Timestamped, Base):
    """A photo of a zone for investors, with its caption in Vietnamese and English, where it
    comes from and when it was taken. Kept in the database as the upload re-encoded (no EXIF)
    and a small thumbnail."""

    __tablename__ = "zone_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    caption: Mapped[str] = mapped_column(String(300))
    caption_en: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(255))
    taken_on: Mapped[date] = mapped_column(Date)
    media_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(255))

    zone: Mapped[Zone] = relationship()

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
