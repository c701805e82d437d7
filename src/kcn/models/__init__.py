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
from kcn.models.stats import Observation
from kcn.models.zones import Milestone, Zone, ZoneLand

__all__ = [
    "AdminUnit",
    "AdminUnitSuccession",
    "ApiToken",
    "AuditRecord",
    "CapitalAdjustment",
    "Enterprise",
    "Job",
    "Lease",
    "LoginAttempt",
    "Milestone",
    "Observation",
    "PeriodicReport",
    "Project",
    "PublishedFigure",
    "RequestAttachment",
    "RequestStep",
    "SupportRequest",
    "User",
    "UserScope",
    "WebSession",
    "Zone",
    "ZoneLand",
]
