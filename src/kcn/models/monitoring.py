"""Enterprise monitoring: the quarterly report each project files (báo cáo định kỳ), and the
requests enterprises bring to the province (kiến nghị), with each step of their handling and
their attachments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcn.db import Base
from kcn.models.enterprises import USD, VND, Enterprise, Project, _in
from kcn.models.mixins import Timestamped, utcnow
from kcn.models.zones import AREA

TOPICS = ("capital_credit", "markets", "labour", "raw_materials", "land_site", "procedures",
          "infrastructure", "tax", "other")  # fmt: skip
CHANNELS = ("dialogue_conference", "web", "letter")
REQUEST_STATES = ("received", "assigned", "in_progress", "answered", "closed", "reopened")


class PeriodicReport(Timestamped, Base):
    """What a project reports for one quarter: capital implemented so far (cumulative), the
    quarter's revenue, exports, imports and taxes, its workforce at the end of the quarter and
    its plan to expand."""

    __tablename__ = "periodic_report"
    __table_args__ = (
        UniqueConstraint("project_id", "year", "quarter"),
        Index("ix_periodic_report_period", "year", "quarter"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),
        CheckConstraint(
            "capital_implemented_usd >= 0 AND net_revenue_usd >= 0 AND exports_usd >= 0 "
            "AND imports_usd >= 0 AND taxes_paid_vnd >= 0 AND workers_vietnamese >= 0 "
            "AND workers_foreign >= 0",
            name="nonnegative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    quarter: Mapped[int] = mapped_column(Integer)
    filed_on: Mapped[date] = mapped_column(Date, index=True)
    capital_implemented_usd: Mapped[Decimal] = mapped_column(USD, default=Decimal(0), index=True)
    net_revenue_usd: Mapped[Decimal] = mapped_column(USD, default=Decimal(0), index=True)
    exports_usd: Mapped[Decimal] = mapped_column(USD, default=Decimal(0))
    imports_usd: Mapped[Decimal] = mapped_column(USD, default=Decimal(0))
    taxes_paid_vnd: Mapped[Decimal] = mapped_column(VND, default=Decimal(0))
    workers_vietnamese: Mapped[int] = mapped_column(Integer, default=0)
    workers_foreign: Mapped[int] = mapped_column(Integer, default=0)
    expansion_land_ha: Mapped[Decimal | None] = mapped_column(AREA)
    expansion_workers: Mapped[int | None] = mapped_column(Integer)
    expansion_capital_usd: Mapped[Decimal | None] = mapped_column(USD)
    expansion_year: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    project: Mapped[Project] = relationship()

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def period(self) -> str:
        return f"{self.year}-Q{self.quarter}"


class SupportRequest(Timestamped, Base):
    """A request (kiến nghị) of an enterprise, and where its handling stands."""

    __tablename__ = "support_request"
    __table_args__ = (
        CheckConstraint(_in("topic", TOPICS), name="topic"),
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("state", REQUEST_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="RESTRICT"), index=True
    )
    topic: Mapped[str] = mapped_column(String(24), index=True)
    channel: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(16), default="received", index=True)
    agency: Mapped[str | None] = mapped_column(String(40), index=True)
    assigned_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    enterprise: Mapped[Enterprise] = relationship()
    steps: Mapped[list[RequestStep]] = relationship(
        back_populates="request",
        cascade="all, delete-orphan",
        order_by="(RequestStep.day, RequestStep.id)",
    )
    attachments: Mapped[list[RequestAttachment]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestAttachment.id"
    )

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class RequestStep(Base):
    """One step of a request's handling: what was done, on which day, by whom, with a note."""

    __tablename__ = "request_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("support_request.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_name: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int | None] = mapped_column(Integer)
    agency: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[SupportRequest] = relationship(back_populates="steps")


class RequestAttachment(Base):
    """A file sent with a request (PDF, image, office document), kept in the database."""

    __tablename__ = "request_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("support_request.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(255))

    request: Mapped[SupportRequest] = relationship(back_populates="attachments")
