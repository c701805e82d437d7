"""Enterprises, projects and leases declared to the resource kit: list, export, detail and
writes come from these declarations (``kcn.kit.resources``). The export columns are also the
columns of the import templates (``enterprises.imports``), so an export imports back as is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

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
from kcn.kit.export import Column
from kcn.kit.resources import Context, Resource, register
from kcn.models import Enterprise, Lease, Project


def _col(prefix: str, name: str, width: int = 16, value: Any = None) -> Column:
    get = value or (lambda item, _lang: getattr(item, name))
    return Column(name, get, width, f"{prefix}.column.{name}")


def _yes(item: Any, _lang: str) -> str:
    return "x" if item.is_demo else ""


ENTERPRISE_COLUMNS = (
    _col("enterprise", "tax_code", 16),
    _col("enterprise", "name", 48),
    _col("enterprise", "name_en", 36),
    _col("enterprise", "legal_form", 16),
    _col("enterprise", "ownership", 14),
    _col("enterprise", "countries", 12, lambda e, _l: ", ".join(e.countries)),
    _col("enterprise", "address", 40),
    _col("enterprise", "phone", 16),
    _col("enterprise", "email", 24),
    _col("enterprise", "is_demo", 8, _yes),
)

PROJECT_COLUMNS = (
    _col("project", "certificate_number", 18),
    _col("project", "certificate_date", 14),
    _col("project", "enterprise", 16, lambda p, _l: p.enterprise.tax_code),
    _col("project", "zone", 20, lambda p, _l: p.zone.code),
    _col("project", "name", 48),
    _col("project", "vsic_code", 10),
    _col("project", "capital_usd", 16),
    _col("project", "capital_vnd", 20),
    _col("project", "exchange_rate", 12),
    _col("project", "land_ha", 10),
    _col("project", "workers_planned", 10),
    _col("project", "workers_vietnamese", 10),
    _col("project", "workers_foreign", 10),
    _col("project", "status", 16),
    _col("project", "status_date", 14),
    _col("project", "technology_class", 12),
    _col("project", "environment_category", 8),
    _col("project", "is_demo", 8, _yes),
)

LEASE_COLUMNS = (
    _col("lease", "project", 18, lambda r, _l: r.project.certificate_number),
    _col("lease", "contract_number", 18),
    _col("lease", "land_kind", 12),
    _col("lease", "area_ha", 10),
    _col("lease", "start_date", 14),
    _col("lease", "end_date", 14),
    _col("lease", "is_demo", 8, _yes),
)


def _first(rows: Sequence[Any]) -> list[Any]:
    return [row[0] for row in rows]


ENTERPRISES = register(
    Resource(
        name="enterprise",
        path="/api/v1/enterprises",
        tag="enterprises",
        model=Enterprise,
        read_schema=EnterpriseRead,
        filter_dependency=enterprise_filter,
        sort_keys=ENTERPRISE_SORT,
        tiebreak=lambda f: Enterprise.id,
        read_rows=lambda s, rows, ctx: [service.to_read(e) for e in _first(rows)],
        read_one=lambda s, i, ctx: service.to_read(service.get_enterprise(s, i, ctx.actor)),
        export_columns=ENTERPRISE_COLUMNS,
        export_name=lambda f: "kcn-enterprises",
        title_key="enterprise.list.title",
        describe=service.snapshot,
        label=lambda e: e.name,
        create_schema=EnterpriseCreate,
        update_schema=EnterpriseUpdate,
        create=service.create_enterprise,
        update=service.update_enterprise,
        delete=service.delete_enterprise,
        may_list=require_reader,
    )
)


def _project(session: Session, project_id: int, ctx: Context) -> ProjectRead:
    return projects.to_read(projects.get_project(session, project_id, ctx.actor), ctx.lang)


PROJECTS = register(
    Resource(
        name="project",
        path="/api/v1/projects",
        tag="enterprises",
        model=Project,
        read_schema=ProjectRead,
        filter_dependency=project_filter,
        sort_keys=PROJECT_SORT,
        tiebreak=lambda f: Project.id,
        read_rows=lambda s, rows, ctx: [projects.to_read(p, ctx.lang) for p in _first(rows)],
        read_one=_project,
        export_columns=PROJECT_COLUMNS,
        export_name=lambda f: "kcn-projects",
        title_key="project.list.title",
        describe=projects.snapshot,
        label=lambda p: p.name,
        create_schema=ProjectCreate,
        update_schema=ProjectUpdate,
        create=projects.create_project,
        update=projects.update_project,
        delete=projects.delete_project,
        may_list=require_reader,
    )
)

LEASES = register(
    Resource(
        name="lease",
        path="/api/v1/leases",
        tag="enterprises",
        model=Lease,
        read_schema=LeaseRead,
        filter_dependency=lease_filter,
        sort_keys=LEASE_SORT,
        tiebreak=lambda f: Lease.id,
        read_rows=lambda s, rows, ctx: [leases.to_read(r) for r in _first(rows)],
        read_one=lambda s, i, ctx: leases.to_read(leases.get_lease(s, i, ctx.actor)),
        export_columns=LEASE_COLUMNS,
        export_name=lambda f: "kcn-leases",
        title_key="lease.list.title",
        describe=leases.snapshot,
        label=lambda r: r.contract_number,
        create_schema=LeaseCreate,
        update_schema=LeaseUpdate,
        create=leases.create_lease,
        update=leases.update_lease,
        delete=leases.delete_lease,
        may_list=require_reader,
    )
)
