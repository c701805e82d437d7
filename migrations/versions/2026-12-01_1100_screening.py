"""screening

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "screening_policy_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_name", sa.String(length=150), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_policy_version")),
        sa.UniqueConstraint("number", name=op.f("uq_screening_policy_version_number")),
    )
    op.create_table(
        "screening_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("effect", sa.String(length=16), nullable=False),
        sa.Column("title_vi", sa.String(length=255), nullable=False),
        sa.Column("title_en", sa.String(length=255), nullable=False),
        sa.Column("zone_kind", sa.String(length=32), nullable=True),
        sa.Column("sector", sa.String(length=5), nullable=True),
        sa.Column("threshold", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "effect IN ('required', 'condition', 'bonus')", name=op.f("ck_screening_rule_effect")
        ),
        sa.CheckConstraint(
            "kind IN ('min_investment_rate', 'max_workers_per_ha', 'priority_sectors', "
            "'restricted_sectors', 'technology_class', 'environment_category', 'zone_fit', "
            "'fta_partner', 'priority_score')",
            name=op.f("ck_screening_rule_kind"),
        ),
        sa.CheckConstraint(
            "weight >= 0 AND weight <= 100", name=op.f("ck_screening_rule_weight_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_rule")),
        sa.UniqueConstraint("code", name=op.f("uq_screening_rule_code")),
    )
    with op.batch_alter_table("screening_rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_rule_kind"), ["kind"], unique=False)

    op.create_table(
        "lead",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investor", sa.String(length=255), nullable=False),
        sa.Column("investor_folded", sa.String(length=255), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("main_country", sa.String(length=2), nullable=True),
        sa.Column("vsic_code", sa.String(length=5), nullable=False),
        sa.Column("capital_usd", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("land_ha", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("technology_class", sa.String(length=16), nullable=False),
        sa.Column("environment_category", sa.String(length=4), nullable=True),
        sa.Column("zone_kind", sa.String(length=32), nullable=True),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(length=24), nullable=False),
        sa.Column("lost_at_stage", sa.String(length=24), nullable=True),
        sa.Column("lost_reason", sa.Text(), nullable=False),
        sa.Column("first_contact_on", sa.Date(), nullable=False),
        sa.Column("owner", sa.String(length=150), nullable=False),
        sa.Column("contact", sa.String(length=255), nullable=False),
        sa.Column("next_action", sa.String(length=255), nullable=False),
        sa.Column("next_action_due", sa.Date(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("policy_version", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "stage IN ('first_contact', 'site_visit', 'proposal', 'dossier_submitted', "
            "'certificate_issued', 'lost')",
            name=op.f("ck_lead_stage"),
        ),
        sa.CheckConstraint(
            "capital_usd >= 0 AND land_ha > 0 AND workers >= 0", name=op.f("ck_lead_amounts")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_lead_project_id_project"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zone.id"], name=op.f("fk_lead_zone_id_zone"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead")),
    )
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lead_investor_folded"), ["investor_folded"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lead_main_country"), ["main_country"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_lead_next_action_due"), ["next_action_due"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lead_stage"), ["stage"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_vsic_code"), ["vsic_code"], unique=False)

    op.create_table(
        "lead_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_name", sa.String(length=150), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["lead.id"], name=op.f("fk_lead_activity_lead_id_lead"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_activity")),
    )
    with op.batch_alter_table("lead_activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_activity_lead_id"), ["lead_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lead_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_activity_lead_id"))

    op.drop_table("lead_activity")
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_vsic_code"))
        batch_op.drop_index(batch_op.f("ix_lead_stage"))
        batch_op.drop_index(batch_op.f("ix_lead_next_action_due"))
        batch_op.drop_index(batch_op.f("ix_lead_main_country"))
        batch_op.drop_index(batch_op.f("ix_lead_investor_folded"))

    op.drop_table("lead")
    with op.batch_alter_table("screening_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_rule_kind"))

    op.drop_table("screening_rule")
    op.drop_table("screening_policy_version")
