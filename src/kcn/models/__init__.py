"""All tables, one module per aggregate. Importing this package registers every table."""

from kcn.models.audit import AuditRecord
from kcn.models.auth import ApiToken, LoginAttempt, User, UserScope, WebSession
from kcn.models.enterprises import CapitalAdjustment, Enterprise, Lease, Project
from kcn.models.figures import PublishedFigure
from kcn.models.geo import AdminUnit, AdminUnitSuccession
from kcn.models.jobs import Job
from kcn.models.readiness import (
    ClearanceReport,
    ClearanceTask,
    InfraReport,
    InfraWork,
    LabourSupply,
)
from kcn.models.stats import Observation
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
    "Lease",
    "LoginAttempt",
    "Milestone",
    "Observation",
    "Project",
    "PublishedFigure",
    "User",
    "UserScope",
    "WebSession",
    "Zone",
    "ZoneLand",
]
