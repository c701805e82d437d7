"""indexes for every filter and sort key of the lists (the national data set)

Revision ID: 0011_synth
Revises: 0011_public
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011_synth"
down_revision: str | None = "0011_public"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_record_action", "audit_record", ["action"])
    op.create_index("ix_audit_record_actor_name", "audit_record", ["actor_name"])
    op.create_index("ix_clearance_report_handed_over_ha", "clearance_report", ["handed_over_ha"])
    op.create_index("ix_clearance_report_reported_on", "clearance_report", ["reported_on"])
    op.create_index(
        "ix_clearance_task_compensation_planned_vnd", "clearance_task", ["compensation_planned_vnd"]
    )
    op.create_index("ix_clearance_task_start_date", "clearance_task", ["start_date"])
    op.create_index("ix_infra_report_completed_value_vnd", "infra_report", ["completed_value_vnd"])
    op.create_index("ix_infra_report_reported_on", "infra_report", ["reported_on"])
    op.create_index("ix_infra_work_planned_value_vnd", "infra_work", ["planned_value_vnd"])
    op.create_index("ix_labour_supply_value", "labour_supply", ["value"])
    op.create_index("ix_lead_first_contact_on", "lead", ["first_contact_on"])
    op.create_index("ix_lead_owner", "lead", ["owner"])
    op.create_index("ix_lead_score", "lead", ["score"])
    op.create_index("ix_lease_area_ha", "lease", ["area_ha"])
    op.create_index("ix_lease_land_kind", "lease", ["land_kind"])
    op.create_index("ix_lease_start_date", "lease", ["start_date"])
    op.create_index(
        "ix_periodic_report_capital_implemented_usd", "periodic_report", ["capital_implemented_usd"]
    )
    op.create_index("ix_periodic_report_filed_on", "periodic_report", ["filed_on"])
    op.create_index("ix_periodic_report_net_revenue_usd", "periodic_report", ["net_revenue_usd"])
    op.create_index("ix_periodic_report_period", "periodic_report", ["year", "quarter"])
    op.create_index("ix_project_capital_usd", "project", ["capital_usd"])
    op.create_index("ix_project_certificate_date", "project", ["certificate_date"])
    op.create_index("ix_project_land_ha", "project", ["land_ha"])
    op.create_index("ix_screening_rule_weight", "screening_rule", ["weight"])
    op.create_index("ix_support_request_due_on", "support_request", ["due_on"])
    op.create_index("ix_zone_facts_as_of", "zone_facts", ["as_of"])
    op.create_index("ix_zone_facts_power_mva", "zone_facts", ["power_mva"])
    op.create_index("ix_zone_facts_rent_usd_m2", "zone_facts", ["rent_usd_m2"])
    op.create_index("ix_zone_facts_seaport_km", "zone_facts", ["seaport_km"])
    op.create_index("ix_zone_planned_area_ha", "zone", ["planned_area_ha"])


def downgrade() -> None:
    op.drop_index("ix_zone_planned_area_ha", table_name="zone")
    op.drop_index("ix_zone_facts_seaport_km", table_name="zone_facts")
    op.drop_index("ix_zone_facts_rent_usd_m2", table_name="zone_facts")
    op.drop_index("ix_zone_facts_power_mva", table_name="zone_facts")
    op.drop_index("ix_zone_facts_as_of", table_name="zone_facts")
    op.drop_index("ix_support_request_due_on", table_name="support_request")
    op.drop_index("ix_screening_rule_weight", table_name="screening_rule")
    op.drop_index("ix_project_land_ha", table_name="project")
    op.drop_index("ix_project_certificate_date", table_name="project")
    op.drop_index("ix_project_capital_usd", table_name="project")
    op.drop_index("ix_periodic_report_period", table_name="periodic_report")
    op.drop_index("ix_periodic_report_net_revenue_usd", table_name="periodic_report")
    op.drop_index("ix_periodic_report_filed_on", table_name="periodic_report")
    op.drop_index("ix_periodic_report_capital_implemented_usd", table_name="periodic_report")
    op.drop_index("ix_lease_start_date", table_name="lease")
    op.drop_index("ix_lease_land_kind", table_name="lease")
    op.drop_index("ix_lease_area_ha", table_name="lease")
    op.drop_index("ix_lead_score", table_name="lead")
    op.drop_index("ix_lead_owner", table_name="lead")
    op.drop_index("ix_lead_first_contact_on", table_name="lead")
    op.drop_index("ix_labour_supply_value", table_name="labour_supply")
    op.drop_index("ix_infra_work_planned_value_vnd", table_name="infra_work")
    op.drop_index("ix_infra_report_reported_on", table_name="infra_report")
    op.drop_index("ix_infra_report_completed_value_vnd", table_name="infra_report")
    op.drop_index("ix_clearance_task_start_date", table_name="clearance_task")
    op.drop_index("ix_clearance_task_compensation_planned_vnd", table_name="clearance_task")
    op.drop_index("ix_clearance_report_reported_on", table_name="clearance_report")
    op.drop_index("ix_clearance_report_handed_over_ha", table_name="clearance_report")
    op.drop_index("ix_audit_record_actor_name", table_name="audit_record")
    op.drop_index("ix_audit_record_action", table_name="audit_record")
