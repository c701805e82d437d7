"""Investment screening: the rules of the screening policy (each with its source), the dated
versions of the policy (a snapshot of every rule, written by each change), and the investor
pipeline (leads, with their dated activities)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcn.db import Base
from kcn.models.enterprises import USD, Project
from kcn.models.mixins import Timestamped, utcnow
from kcn.models.zones import AREA, Zone

RULE_KINDS = (
    "min_investment_rate",
    "max_workers_per_ha",
    "priority_sectors",
    "restricted_sectors",
    "technology_class",
    "environment_category",
    "zone_fit",
    "fta_partner",
    "priority_score",
)
RULE_EFFECTS = ("required", "condition", "bonus")
LEAD_STAGES = (
    "first_contact",
    "site_visit",
    "proposal",
    "dossier_submitted",
    "certificate_issued",
    "lost",
)
THRESHOLD = Numeric(12, 2)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ScreeningRule(Timestamped, Base):
    """One rule of the screening policy in force. Every change writes a new
    :class:`ScreeningPolicyVersion` (a snapshot of all rules)."""

    __tablename__ = "screening_rule"
    __table_args__ = (
        CheckConstraint(_in("kind", RULE_KINDS), name="kind"),
        CheckConstraint(_in("effect", RULE_EFFECTS), name="effect"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    effect: Mapped[str] = mapped_column(String(16))
    title_vi: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255))
    # Where the rule applies: a zone kind and/or a VSIC prefix (None: everywhere).
    zone_kind: Mapped[str | None] = mapped_column(String(32))
    sector: Mapped[str | None] = mapped_column(String(5))
    threshold: Mapped[Decimal | None] = mapped_column(THRESHOLD)
    codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    weight: Mapped[int] = mapped_column(Integer, default=0, index=True)
    source: Mapped[str] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ScreeningPolicyVersion(Base):
    """A dated version of the policy: every rule as it stood after a change."""

    __tablename__ = "screening_policy_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_name: Mapped[str] = mapped_column(String(150), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Lead(Timestamped, Base):
    """A prospective investor in the pipeline (first contact → … → certificate issued, or
    lost), with the proposal it brings and the screening of that proposal."""

    __tablename__ = "lead"
    __table_args__ = (
        CheckConstraint(_in("stage", LEAD_STAGES), name="stage"),
        CheckConstraint("capital_usd >= 0 AND land_ha > 0 AND workers >= 0", name="amounts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    investor: Mapped[str] = mapped_column(String(255))
    investor_folded: Mapped[str] = mapped_column(String(255), index=True)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    main_country: Mapped[str | None] = mapped_column(String(2), index=True)
    vsic_code: Mapped[str] = mapped_column(String(5), index=True)
    capital_usd: Mapped[Decimal] = mapped_column(USD)
    land_ha: Mapped[Decimal] = mapped_column(AREA)
    workers: Mapped[int] = mapped_column(Integer, default=0)
    technology_class: Mapped[str] = mapped_column(String(16), default="other")
    environment_category: Mapped[str | None] = mapped_column(String(4))
    zone_kind: Mapped[str | None] = mapped_column(String(32))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zone.id", ondelete="SET NULL"))
    stage: Mapped[str] = mapped_column(String(24), index=True, default="first_contact")
    # The stage a lost lead had reached, for the funnel.
    lost_at_stage: Mapped[str | None] = mapped_column(String(24))
    lost_reason: Mapped[str] = mapped_column(Text, default="")
    first_contact_on: Mapped[date] = mapped_column(Date, index=True)
    owner: Mapped[str] = mapped_column(String(150), default="", index=True)
    contact: Mapped[str] = mapped_column(String(255), default="")
    next_action: Mapped[str] = mapped_column(String(255), default="")
    next_action_due: Mapped[date | None] = mapped_column(Date, index=True)
    score: Mapped[int | None] = mapped_column(Integer, index=True)
    verdict: Mapped[str | None] = mapped_column(String(16))
    policy_version: Mapped[int | None] = mapped_column(Integer)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    zone: Mapped[Zone | None] = relationship()
    project: Mapped[Project | None] = relationship()
    activities: Mapped[list[LeadActivity]] = relationship(
        back_populates="lead",
        cascade="all, delete-orphan",
        order_by="(LeadActivity.happened_on, LeadActivity.id)",
    )

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class LeadActivity(Base):
    """A dated step with a lead: a call, a meeting, a site visit, a change of stage…"""

    __tablename__ = "lead_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_name: Mapped[str] = mapped_column(String(150), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="activities")
