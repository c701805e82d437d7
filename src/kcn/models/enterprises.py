"""Enterprises (doanh nghiệp), their investment projects (dự án) in the zones, the history of
each project's registered capital, and the land each project leases (thuê đất)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcn.db import Base
from kcn.models.mixins import Timestamped
from kcn.models.zones import AREA, Zone

USD = Numeric(16, 2)  # US dollars
VND = Numeric(20, 0)  # đồng
RATE = Numeric(12, 2)  # đồng per US dollar

OWNERSHIPS = ("domestic", "fdi", "joint_venture")
PROJECT_STATUSES = ("registered", "under_construction", "operating", "suspended", "terminated")
TECHNOLOGY_CLASSES = ("high_tech", "advanced", "other")
ENVIRONMENT_CATEGORIES = ("I", "II", "III", "IV")
LAND_KINDS = ("industrial", "service")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Enterprise(Timestamped, Base):
    """A legal entity, known by its tax code (mã số thuế: 10 digits, or 10 + "-" + 3 for a
    branch)."""

    __tablename__ = "enterprise"
    __table_args__ = (CheckConstraint(_in("ownership", OWNERSHIPS), name="ownership"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str | None] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    legal_form: Mapped[str] = mapped_column(String(64), default="")
    ownership: Mapped[str] = mapped_column(String(16), index=True)
    # ISO 3166-1 alpha-2 codes of the investors' countries, the main investor first.
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    main_country: Mapped[str | None] = mapped_column(String(2), index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    projects: Mapped[list[Project]] = relationship(
        back_populates="enterprise", order_by="Project.id", passive_deletes=True
    )

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Project(Timestamped, Base):
    """An investment in a zone, known by its certificate (IRC, GCNĐKĐT) number. The capital
    columns hold the capital registered now; ``adjustments`` keep how it came to be."""

    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint(_in("status", PROJECT_STATUSES), name="status"),
        CheckConstraint(_in("technology_class", TECHNOLOGY_CLASSES), name="technology_class"),
        CheckConstraint(
            "capital_usd >= 0 AND capital_vnd >= 0 AND land_ha >= 0", name="nonnegative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_number: Mapped[str] = mapped_column(String(40), unique=True)
    certificate_date: Mapped[date] = mapped_column(Date, index=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="RESTRICT"), index=True
    )
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    vsic_code: Mapped[str] = mapped_column(String(5), index=True)
    capital_usd: Mapped[Decimal] = mapped_column(USD, default=Decimal(0), index=True)
    capital_vnd: Mapped[Decimal] = mapped_column(VND, default=Decimal(0))
    exchange_rate: Mapped[Decimal | None] = mapped_column(RATE)
    land_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0), index=True)
    workers_planned: Mapped[int | None] = mapped_column(Integer)
    workers_vietnamese: Mapped[int] = mapped_column(Integer, default=0)
    workers_foreign: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(24), index=True)
    status_date: Mapped[date | None] = mapped_column(Date)
    technology_class: Mapped[str] = mapped_column(String(16), default="other")
    environment_category: Mapped[str | None] = mapped_column(String(4))
    notes: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    enterprise: Mapped[Enterprise] = relationship(back_populates="projects")
    zone: Mapped[Zone] = relationship()
    adjustments: Mapped[list[CapitalAdjustment]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="(CapitalAdjustment.adjusted_on, CapitalAdjustment.id)",
    )
    leases: Mapped[list[Lease]] = relationship(
        back_populates="project", order_by="Lease.id", passive_deletes=True
    )

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def workers(self) -> int:
        return self.workers_vietnamese + self.workers_foreign


class CapitalAdjustment(Base):
    """A change of a project's registered capital (điều chỉnh vốn): the capital after it, on
    a date, by a document."""

    __tablename__ = "capital_adjustment"
    __table_args__ = (CheckConstraint("capital_usd >= 0 AND capital_vnd >= 0", name="nonnegative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    adjusted_on: Mapped[date] = mapped_column(Date)
    document_number: Mapped[str] = mapped_column(String(100), default="")
    capital_usd: Mapped[Decimal] = mapped_column(USD)
    capital_vnd: Mapped[Decimal] = mapped_column(VND)
    exchange_rate: Mapped[Decimal | None] = mapped_column(RATE)
    note: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="adjustments")


class Lease(Timestamped, Base):
    """Land a project leases in its zone: industrial or service land, hectares, dates."""

    __tablename__ = "lease"
    __table_args__ = (
        CheckConstraint(_in("land_kind", LAND_KINDS), name="land_kind"),
        CheckConstraint("area_ha > 0", name="area_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="RESTRICT"), index=True
    )
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="RESTRICT"), index=True)
    contract_number: Mapped[str] = mapped_column(String(60), default="")
    land_kind: Mapped[str] = mapped_column(String(16), default="industrial", index=True)
    area_ha: Mapped[Decimal] = mapped_column(AREA, index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    project: Mapped[Project] = relationship(back_populates="leases")
    zone: Mapped[Zone] = relationship()

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
