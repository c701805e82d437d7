"""Industrial parks (KCN) and clusters (CCN), their milestones and dated land figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcn.db import Base
from kcn.models.geo import AdminUnit
from kcn.models.mixins import Timestamped

AREA = Numeric(12, 2)


class Zone(Timestamped, Base):
    """A park or a cluster. The stage is derived from the milestones, never stored."""

    __tablename__ = "zone"
    __table_args__ = (
        CheckConstraint("kind IN ('industrial_park', 'industrial_cluster')", name="kind"),
        CheckConstraint("planned_area_ha >= 0", name="planned_area_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str | None] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    admin_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("zone.id"), index=True)
    planned_area_ha: Mapped[Decimal | None] = mapped_column(AREA, index=True)
    developer: Mapped[str | None] = mapped_column(String(255))
    craft_village: Mapped[bool] = mapped_column(Boolean, default=False)
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text, default="")
    name_is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Which figures are invented for the demo, and where the others come from.
    demo_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    sources: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    admin_unit: Mapped[AdminUnit | None] = relationship()
    parent: Mapped[Zone | None] = relationship(remote_side="Zone.id")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="zone", cascade="all, delete-orphan", order_by="Milestone.id"
    )
    land: Mapped[list[ZoneLand]] = relationship(
        back_populates="zone", cascade="all, delete-orphan", order_by="ZoneLand.as_of"
    )

    # Optimistic concurrency: every update bumps the version; a stale one is refused.
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def is_demo(self) -> bool:
        return self.name_is_demo or bool(self.demo_fields)


class Milestone(Base):
    """A dated step of a zone's legal pipeline (mốc thủ tục), reached or planned."""

    __tablename__ = "milestone"
    __table_args__ = (UniqueConstraint("zone_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    reached_on: Mapped[date | None] = mapped_column(Date)
    target_date: Mapped[date | None] = mapped_column(Date)
    document_number: Mapped[str | None] = mapped_column(String(100))
    issuing_body: Mapped[str | None] = mapped_column(String(255))
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    zone: Mapped[Zone] = relationship(back_populates="milestones")


class ZoneLand(Base):
    """Industrial and service land of a zone on a date: leasable and leased (ha)."""

    __tablename__ = "zone_land"
    __table_args__ = (
        UniqueConstraint("zone_id", "as_of"),
        CheckConstraint(
            "industrial_leasable_ha >= 0 AND service_leasable_ha >= 0 "
            "AND industrial_leased_ha >= 0 AND service_leased_ha >= 0",
            name="nonnegative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    industrial_leasable_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0))
    service_leasable_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0))
    industrial_leased_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0))
    service_leased_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0))
    source: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    zone: Mapped[Zone] = relationship(back_populates="land")

    @property
    def leasable_ha(self) -> Decimal:
        return self.industrial_leasable_ha + self.service_leasable_ha

    @property
    def leased_ha(self) -> Decimal:
        return self.industrial_leased_ha + self.service_leased_ha

    @property
    def available_ha(self) -> Decimal:
        """Leasable land not yet leased: what an investor can still take."""
        return self.leasable_ha - self.leased_ha
