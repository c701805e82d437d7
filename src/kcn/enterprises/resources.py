"""Enterprises, projects and leases declared to the resource kit: list, export, detail and
writes come from these declarations (``kcn.kit.resources``). The export columns are also the
columns of the import templates (``enterprises.imports``), so an export imports back as is."""

from __future__ import annotations

from kcn.enterprises import leases, projects, service
from kcn.enterprises.filters import (
    ENTERPRISE_SORT,
    LEASE_SORT,
    PROJECT_SORT,
    enterprise_filter,
    lease_filter,
    project_filter,
)
from kcn.enterprises.policy import require_reader
from kcn.enterprises.schemas import (
    EnterpriseCreate,
    EnterpriseRead,
    EnterpriseUpdate,
    LeaseCreate,
    LeaseRead,
    LeaseUpdate,
    ProjectCreate,
    ProjectRead,
    ProjectUpdate,
)
from kcn.kit.resources import column, declare, demo_mark
from kcn.models import Enterprise, Lease, Project

ENTERPRISE_COLUMNS = (
    column("enterprise", "tax_code", 16),
    column("enterprise", "name", 48),
    column("enterprise", "name_en", 36),
    column("enterprise", "legal_form", 16),
    column("enterprise", "ownership", 14),
    column("enterprise", "countries", 12, lambda e, _l: ", ".join(e.countries)),
    column("enterprise", "address", 40),
    column("enterprise", "phone", 16),
    column("enterprise", "email", 24),
    column("enterprise", "is_demo", 8, demo_mark),
)

PROJECT_COLUMNS = (
    column("project", "certificate_number", 18),
    column("project", "certificate_date", 14),
    column("project", "enterprise", 16, lambda p, _l: p.enterprise.tax_code),
    column("project", "zone", 20, lambda p, _l: p.zone.code),
    column("project", "name", 48),
    column("project", "vsic_code", 10),
    column("project", "capital_usd", 16),
    column("project", "capital_vnd", 20),
    column("project", "exchange_rate", 12),
    column("project", "land_ha", 10),
    column("project", "workers_planned", 10),
    column("project", "workers_vietnamese", 10),
    column("project", "workers_foreign", 10),
    column("project", "status", 16),
    column("project", "status_date", 14),
    column("project", "technology_class", 12),
    column("project", "environment_category", 8),
    column("project", "is_demo", 8, demo_mark),
)

LEASE_COLUMNS = (
    column("lease", "project", 18, lambda r, _l: r.project.certificate_number),
    column("lease", "contract_number", 18),
    column("lease", "land_kind", 12),
    column("lease", "area_ha", 10),
    column("lease", "start_date", 14),
    column("lease", "end_date", 14),
    column("lease", "is_demo", 8, demo_mark),
)


ENTERPRISES = declare(
    name="enterprise",
    path="/api/v1/enterprises",
    tag="enterprises",
    model=Enterprise,
    read_schema=EnterpriseRead,
    filter_dependency=enterprise_filter,
    sort_keys=ENTERPRISE_SORT,
    to_read=lambda e, ctx: service.to_read(e),
    get=service.get_enterprise,
    export_columns=ENTERPRISE_COLUMNS,
    describe=service.snapshot,
    label=lambda e: e.name,
    create_schema=EnterpriseCreate,
    update_schema=EnterpriseUpdate,
    create=service.create_enterprise,
    update=service.update_enterprise,
    delete=service.delete_enterprise,
    may_list=require_reader,
)


PROJECTS = declare(
    name="project",
    path="/api/v1/projects",
    tag="enterprises",
    model=Project,
    read_schema=ProjectRead,
    filter_dependency=project_filter,
    sort_keys=PROJECT_SORT,
    to_read=lambda p, ctx: projects.to_read(p, ctx.lang),
    get=projects.get_project,
    export_columns=PROJECT_COLUMNS,
    describe=projects.snapshot,
    label=lambda p: p.name,
    create_schema=ProjectCreate,
    update_schema=ProjectUpdate,
    create=projects.create_project,
    update=projects.update_project,
    delete=projects.delete_project,
    may_list=require_reader,
)

LEASES = declare(
    name="lease",
    path="/api/v1/leases",
    tag="enterprises",
    model=Lease,
    read_schema=LeaseRead,
    filter_dependency=lease_filter,
    sort_keys=LEASE_SORT,
    to_read=lambda r, ctx: leases.to_read(r),
    get=leases.get_lease,
    export_columns=LEASE_COLUMNS,
    describe=leases.snapshot,
    label=lambda r: r.contract_number,
    create_schema=LeaseCreate,
    update_schema=LeaseUpdate,
    create=leases.create_lease,
    update=leases.update_lease,
    delete=leases.delete_lease,
    may_list=require_reader,
)
