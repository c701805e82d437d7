"""All tables, one module per aggregate. Importing this package registers every table."""

from kcn.models.audit import AuditRecord
from kcn.models.auth import ApiToken, LoginAttempt, User, UserScope, WebSession
from kcn.models.enterprises import CapitalAdjustment, Enterprise, Lease, Project
from kcn.models.figures import PublishedFigure
from kcn.models.geo import AdminUnit, AdminUnitSuccession
from kcn.models.jobs import Job
from kcn.models.monitoring import (
    PeriodicReport,
    RequestAttachment,
    RequestStep,
    SupportRequest,
)
from kcn.models.readiness import (
    ClearanceReport,
    ClearanceTask,
    InfraReport,
    InfraWork,
    LabourSupply,
)
from kcn.models.screening import Lead, LeadActivity, ScreeningPolicyVersion, ScreeningRule
from kcn.models.stats import Observation
from kcn.models.zone_facts import ZoneFacts, ZonePhoto
from kcn.models.zones import Milestone, Zone, ZoneLand

__all__ = [
    "AdminUnit",
    "AdminUnitSuccession",
    "ApiToken",
    "AuditRecord",
    "CapitalAdjustment",
    "ClearanceReport",
    "ClearanceTask",
    "Enterprise",
    "InfraReport",
    "InfraWork",
    "Job",
    "LabourSupply",
    "Lead",
    "LeadActivity",
    "Lease",
    "LoginAttempt",
    "Milestone",
    "Observation",
    "PeriodicReport",
    "Project",
    "PublishedFigure",
    "RequestAttachment",
    "RequestStep",
    "ScreeningPolicyVersion",
    "ScreeningRule",
    "SupportRequest",
    "User",
    "UserScope",
    "WebSession",
    "Zone",
    "ZoneFacts",
    "ZoneLand",
    "ZonePhoto",
]
