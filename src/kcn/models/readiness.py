"""Readiness for investment: land clearance (giải phóng mặt bằng) tasks and their progress
reports, infrastructure works and theirs, and observations of labour supply.

Progress reports hold cumulative figures on their date (ha handed over so far, money paid so
far), so the pace between two reports is their difference over the days between them.
"""

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
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcn.db import Base
from kcn.models.geo import AdminUnit
from kcn.models.mixins import Timestamped
from kcn.models.zones import AREA, Zone

VND = Numeric(20, 0)  # đồng
QUANTITY = Numeric(14, 2)

WORK_KINDS = ("internal_roads", "power", "water_supply", "wastewater_plant", "connecting_roads")
SUPPLY_KINDS = ("working_age_population", "vocational_graduates", "worker_housing_places")
LAND_TYPES = ("rice", "other_agricultural", "residential", "other")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ClearanceTask(Timestamped, Base):
    """Compensation and clearance of the land of a zone or of one phase of it."""

    __tablename__ = "clearance_task"
    __table_args__ = (
        CheckConstraint(
            "land_rice_ha >= 0 AND land_other_agricultural_ha >= 0 AND land_residential_ha >= 0 "
            "AND land_other_ha >= 0 AND households >= 0 AND organisations >= 0 AND graves >= 0 "
            "AND compensation_planned_vnd >= 0 AND resettlement_plots_needed >= 0 "
            "AND resettlement_plots_ready >= 0",
            name="nonnegative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="RESTRICT"), index=True)
    phase: Mapped[str] = mapped_column(String(100), default="")
    land_rice_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0))
    land_other_agricultural_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0))
    land_residential_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0))
    land_other_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0))
    households: Mapped[int] = mapped_column(Integer, default=0)
    organisations: Mapped[int] = mapped_column(Integer, default=0)
    graves: Mapped[int] = mapped_column(Integer, default=0)
    compensation_planned_vnd: Mapped[Decimal] = mapped_column(VND, default=Decimal(0), index=True)
    resettlement_plots_needed: Mapped[int] = mapped_column(Integer, default=0)
    resettlement_plots_ready: Mapped[int] = mapped_column(Integer, default=0)
    # The legal steps (Land Law 2024): notice of recovery, inventory, plan approved, recovery
    # decision, payment, handover.
    notice_date: Mapped[date | None] = mapped_column(Date)
    inventory_date: Mapped[date | None] = mapped_column(Date)
    plan_approved_date: Mapped[date | None] = mapped_column(Date)
    recovery_decision_date: Mapped[date | None] = mapped_column(Date)
    payment_date: Mapped[date | None] = mapped_column(Date)
    handover_date: Mapped[date | None] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    deadline: Mapped[date] = mapped_column(Date, index=True)
    responsible_unit: Mapped[str] = mapped_column(String(255), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    zone: Mapped[Zone] = relationship()
    reports: Mapped[list[ClearanceReport]] = relationship(
        back_populates="task",
        order_by="(ClearanceReport.reported_on, ClearanceReport.id)",
        passive_deletes=True,
    )

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def total_ha(self) -> Decimal:
        return (
            self.land_rice_ha
            + self.land_other_agricultural_ha
            + self.land_residential_ha
            + self.land_other_ha
        )


class ClearanceReport(Timestamped, Base):
    """Where a clearance task stood on a date (cumulative), and what blocks it."""

    __tablename__ = "clearance_report"
    __table_args__ = (
        UniqueConstraint("task_id", "reported_on"),
        CheckConstraint(
            "handed_over_ha >= 0 AND households_agreed >= 0 AND paid_vnd >= 0",
            name="nonnegative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("clearance_task.id", ondelete="RESTRICT"), index=True
    )
    reported_on: Mapped[date] = mapped_column(Date, index=True)
    handed_over_ha: Mapped[Decimal] = mapped_column(AREA, default=Decimal(0), index=True)
    households_agreed: Mapped[int] = mapped_column(Integer, default=0)
    paid_vnd: Mapped[Decimal] = mapped_column(VND, default=Decimal(0))
    # [{"kind": "households_disagree" | "dispute" | "resettlement_land" | "other",
    #   "description": "...", "who_must_act": "..."}]
    blockers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    task: Mapped[ClearanceTask] = relationship(back_populates="reports")

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class InfraWork(Timestamped, Base):
    """An infrastructure work of a zone or phase: internal roads, power, water supply, the
    wastewater plant, or a connecting road outside the fence."""

    __tablename__ = "infra_work"
    __table_args__ = (
        CheckConstraint(_in("kind", WORK_KINDS), name="kind"),
        CheckConstraint("planned_value_vnd >= 0 AND planned_quantity >= 0", name="nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="RESTRICT"), index=True)
    phase: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(24), index=True)
    name: Mapped[str] = mapped_column(String(255))
    planned_value_vnd: Mapped[Decimal] = mapped_column(VND, default=Decimal(0), index=True)
    planned_quantity: Mapped[Decimal] = mapped_column(QUANTITY, default=Decimal(0))
    quantity_unit: Mapped[str] = mapped_column(String(24), default="")
    start_date: Mapped[date] = mapped_column(Date)
    planned_completion: Mapped[date] = mapped_column(Date, index=True)
    actual_completion: Mapped[date | None] = mapped_column(Date)
    responsible_unit: Mapped[str] = mapped_column(String(255), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    zone: Mapped[Zone] = relationship()
    reports: Mapped[list[InfraReport]] = relationship(
        back_populates="work",
        order_by="(InfraReport.reported_on, InfraReport.id)",
        passive_deletes=True,
    )

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class InfraReport(Timestamped, Base):
    """Where an infrastructure work stood on a date (cumulative value and quantity done)."""

    __tablename__ = "infra_report"
    __table_args__ = (
        UniqueConstraint("work_id", "reported_on"),
        CheckConstraint("completed_value_vnd >= 0 AND completed_quantity >= 0", name="nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(
        ForeignKey("infra_work.id", ondelete="RESTRICT"), index=True
    )
    reported_on: Mapped[date] = mapped_column(Date, index=True)
    completed_value_vnd: Mapped[Decimal] = mapped_column(VND, default=Decimal(0), index=True)
    completed_quantity: Mapped[Decimal] = mapped_column(QUANTITY, default=Decimal(0))
    note: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    work: Mapped[InfraWork] = relationship(back_populates="reports")

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class LabourSupply(Timestamped, Base):
    """An observation of labour supply, with its source: working-age population or vocational
    graduates of an area (district) in a year, or worker housing places of a zone."""

    __tablename__ = "labour_supply"
    __table_args__ = (
        CheckConstraint(_in("kind", SUPPLY_KINDS), name="kind"),
        CheckConstraint("value >= 0", name="nonnegative"),
        CheckConstraint(
            "(admin_unit_id IS NOT NULL) OR (zone_id IS NOT NULL)", name="area_or_zone"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    admin_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("zone.id", ondelete="RESTRICT"), index=True
    )
    value: Mapped[int] = mapped_column(Integer, index=True)
    source: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    admin_unit: Mapped[AdminUnit | None] = relationship()
    zone: Mapped[Zone | None] = relationship()

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
