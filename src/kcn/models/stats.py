"""Statistical observations: one value of an indicator for a period, sector and area.

A revision never overwrites: the new value is a new row with the next revision number, and
the old one stays, no longer current, so the history of every figure is kept.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcn.db import Base
from kcn.models.geo import AdminUnit
from kcn.models.mixins import utcnow


class Observation(Base):
    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint(
            "indicator", "period", "vsic_code", "admin_unit_id", "revision", name="revision"
        ),
        CheckConstraint("status IN ('estimate', 'preliminary', 'official')", name="status"),
        CheckConstraint(
            "first_month BETWEEN 1 AND 12 AND last_month BETWEEN 1 AND 12", name="months"
        ),
        Index("ix_observation_current", "indicator", "year", "is_current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    first_month: Mapped[int] = mapped_column(Integer)
    last_month: Mapped[int] = mapped_column(Integer)
    # VSIC 2018: "" is the whole of industry, "C" a section, "10" a division, "101" a group.
    vsic_code: Mapped[str] = mapped_column(String(8), default="")
    admin_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    status: Mapped[str] = mapped_column(String(16), default="official")
    source: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")

    admin_unit: Mapped[AdminUnit] = relationship()

    @property
    def vsic_level(self) -> str:
        code = self.vsic_code
        if not code:
            return "total"
        return "section" if code.isalpha() else {2: "division", 3: "group", 4: "class"}[len(code)]
