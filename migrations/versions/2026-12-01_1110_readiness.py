"""readiness: clearance tasks and reports, infrastructure works and reports, labour supply

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clearance_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=100), nullable=False),
        sa.Column("land_rice_ha", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("land_other_agricultural_ha", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("land_residential_ha", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("land_other_ha", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("organisations", sa.Integer(), nullable=False),
        sa.Column("graves", sa.Integer(), nullable=False),
        sa.Column("compensation_planned_vnd", sa.Numeric(precision=20, scale=0), nullable=False),
        sa.Column("resettlement_plots_needed", sa.Integer(), nullable=False),
        sa.Column("resettlement_plots_ready", sa.Integer(), nullable=False),
        sa.Column("notice_date", sa.Date(), nullable=True),
        sa.Column("inventory_date", sa.Date(), nullable=True),
        sa.Column("plan_approved_date", sa.Date(), nullable=True),
        sa.Column("recovery_decision_date", sa.Date(), nullable=True),
        sa.Column("payment_date", sa.Date(), nullable=True),
        sa.Column("handover_date", sa.Date(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("responsible_unit", sa.String(length=255), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "land_rice_ha >= 0 AND land_other_agricultural_ha >= 0 AND land_residential_ha >= 0 "
            "AND land_other_ha >= 0 AND households >= 0 AND organisations >= 0 AND graves >= 0 "
            "AND compensation_planned_vnd >= 0 AND resettlement_plots_needed >= 0 "
            "AND resettlement_plots_ready >= 0",
            name=op.f("ck_clearance_task_nonnegative"),
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zone.id"],
            name=op.f("fk_clearance_task_zone_id_zone"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearance_task")),
    )
    with op.batch_alter_table("clearance_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clearance_task_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_clearance_task_zone_id"), ["zone_id"], unique=False)

    op.create_table(
        "infra_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("planned_value_vnd", sa.Numeric(precision=20, scale=0), nullable=False),
        sa.Column("planned_quantity", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("quantity_unit", sa.String(length=24), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("planned_completion", sa.Date(), nullable=False),
        sa.Column("actual_completion", sa.Date(), nullable=True),
        sa.Column("responsible_unit", sa.String(length=255), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('internal_roads', 'power', 'water_supply', 'wastewater_plant', "
            "'connecting_roads')",
            name=op.f("ck_infra_work_kind"),
        ),
        sa.CheckConstraint(
            "planned_value_vnd >= 0 AND planned_quantity >= 0",
            name=op.f("ck_infra_work_nonnegative"),
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zone.id"], name=op.f("fk_infra_work_zone_id_zone"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infra_work")),
    )
    with op.batch_alter_table("infra_work", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_infra_work_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_infra_work_planned_completion"), ["planned_completion"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_infra_work_zone_id"), ["zone_id"], unique=False)

    op.create_table(
        "labour_supply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("admin_unit_id", sa.Integer(), nullable=True),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('working_age_population', 'vocational_graduates', 'worker_housing_places')",
            name=op.f("ck_labour_supply_kind"),
        ),
        sa.CheckConstraint(
            "(admin_unit_id IS NOT NULL) OR (zone_id IS NOT NULL)",
            name=op.f("ck_labour_supply_area_or_zone"),
        ),
        sa.CheckConstraint("value >= 0", name=op.f("ck_labour_supply_nonnegative")),
        sa.ForeignKeyConstraint(
            ["admin_unit_id"],
            ["admin_unit.id"],
            name=op.f("fk_labour_supply_admin_unit_id_admin_unit"),
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zone.id"],
            name=op.f("fk_labour_supply_zone_id_zone"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labour_supply")),
    )
    with op.batch_alter_table("labour_supply", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_labour_supply_admin_unit_id"), ["admin_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_labour_supply_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_labour_supply_year"), ["year"], unique=False)
        batch_op.create_index(batch_op.f("ix_labour_supply_zone_id"), ["zone_id"], unique=False)

    op.create_table(
        "clearance_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("handed_over_ha", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("households_agreed", sa.Integer(), nullable=False),
        sa.Column("paid_vnd", sa.Numeric(precision=20, scale=0), nullable=False),
        sa.Column("blockers", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "handed_over_ha >= 0 AND households_agreed >= 0 AND paid_vnd >= 0",
            name=op.f("ck_clearance_report_nonnegative"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["clearance_task.id"],
            name=op.f("fk_clearance_report_task_id_clearance_task"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearance_report")),
        sa.UniqueConstraint(
            "task_id", "reported_on", name=op.f("uq_clearance_report_task_id_reported_on")
        ),
    )
    with op.batch_alter_table("clearance_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clearance_report_task_id"), ["task_id"], unique=False)

    op.create_table(
        "infra_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("completed_value_vnd", sa.Numeric(precision=20, scale=0), nullable=False),
        sa.Column("completed_quantity", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "completed_value_vnd >= 0 AND completed_quantity >= 0",
            name=op.f("ck_infra_report_nonnegative"),
        ),
        sa.ForeignKeyConstraint(
            ["work_id"],
            ["infra_work.id"],
            name=op.f("fk_infra_report_work_id_infra_work"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infra_report")),
        sa.UniqueConstraint(
            "work_id", "reported_on", name=op.f("uq_infra_report_work_id_reported_on")
        ),
    )
    with op.batch_alter_table("infra_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_infra_report_work_id"), ["work_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("infra_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_infra_report_work_id"))

    op.drop_table("infra_report")
    with op.batch_alter_table("clearance_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clearance_report_task_id"))

    op.drop_table("clearance_report")
    with op.batch_alter_table("labour_supply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_labour_supply_zone_id"))
        batch_op.drop_index(batch_op.f("ix_labour_supply_year"))
        batch_op.drop_index(batch_op.f("ix_labour_supply_kind"))
        batch_op.drop_index(batch_op.f("ix_labour_supply_admin_unit_id"))

    op.drop_table("labour_supply")
    with op.batch_alter_table("infra_work", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_infra_work_zone_id"))
        batch_op.drop_index(batch_op.f("ix_infra_work_planned_completion"))
        batch_op.drop_index(batch_op.f("ix_infra_work_kind"))

    op.drop_table("infra_work")
    with op.batch_alter_table("clearance_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clearance_task_zone_id"))
        batch_op.drop_index(batch_op.f("ix_clearance_task_deadline"))

    op.drop_table("clearance_task")
