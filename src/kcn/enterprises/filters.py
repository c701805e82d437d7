"""The one filter definition of each list (enterprises, projects, leases), shared by the API,
the pages and the exports. Search ignores diacritics ("cong ty tnhh", "samsung")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Query
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from kcn.enterprises import leases, projects
from kcn.enterprises.schemas import LandKind, Ownership, Status
from kcn.kit.permissions import Action, Actor, restrict
from kcn.kit.text import like_pattern
from kcn.models import Enterprise, Lease, Project, Zone
from kcn.zones.schemas import ZoneKind

Q = Query(None, max_length=200, description="Search ignoring diacritics.")
ZONE = Query(None, max_length=40, description="Zone code.")
SECTOR = Query(None, max_length=5, pattern=r"^\d{1,5}$", description="VSIC code or prefix.")
COUNTRY = Query(None, max_length=2, description="ISO 3166-1 alpha-2 code of an investor.")


def _sort(keys: dict[str, Any], default: str) -> Any:
    return Query(
        default, max_length=40, description=f"One of {', '.join(keys)}; '-' first for descending."
    )


def _search(column: Any, code: Any, q: str) -> Any:
    return or_(
        column.like(like_pattern(q), escape="\\"),
        func.lower(code).like(like_pattern(q, folded=False), escape="\\"),
    )


def _projects(
    zone: str | None, kind: str | None, sector: str | None, status: str | None
) -> Select[Any] | None:
    """Ids of enterprises with a project matching the project-level filters."""
    if not (zone or kind or sector or status):
        return None
    stmt = select(Project.enterprise_id).join(Zone, Zone.id == Project.zone_id)
    if zone:
        stmt = stmt.where(Zone.code == zone)
    if kind:
        stmt = stmt.where(Zone.kind == kind)
    if sector:
        stmt = stmt.where(Project.vsic_code.like(f"{sector}%"))
    if status:
        stmt = stmt.where(Project.status == status)
    return stmt


ENTERPRISE_SORT: dict[str, Callable[[Any], Any]] = {
    "tax_code": lambda f: Enterprise.tax_code,
    "name": lambda f: Enterprise.name_folded,
    "ownership": lambda f: Enterprise.ownership,
    "main_country": lambda f: Enterprise.main_country,
}


@dataclass
class EnterpriseFilter:
    q: str | None = None
    ownership: str | None = None
    country: str | None = None
    zone: str | None = None
    kind: str | None = None
    sector: str | None = None
    status: str | None = None
    sort: str = "name"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = restrict(select(Enterprise), Enterprise, actor, Action.view)
        if self.q:
            stmt = stmt.where(_search(Enterprise.name_folded, Enterprise.tax_code, self.q))
        if self.ownership:
            stmt = stmt.where(Enterprise.ownership == self.ownership)
        if self.country:
            stmt = stmt.where(Enterprise.main_country == self.country.upper())
        ids = _projects(self.zone, self.kind, self.sector, self.status)
        if ids is not None:
            stmt = stmt.where(Enterprise.id.in_(ids))
        return stmt

    def params(self) -> dict[str, str]:
        values = {
            k: getattr(self, k)
            for k in ("q", "ownership", "country", "zone", "kind", "sector", "status", "sort")
        }
        return {k: v for k, v in values.items() if v}


def enterprise_filter(
    q: str | None = Q,
    ownership: Ownership | None = Query(None, description="domestic, fdi or joint_venture"),
    country: str | None = COUNTRY,
    zone: str | None = ZONE,
    kind: ZoneKind | None = Query(None, description="Kind of zone of a project."),
    sector: str | None = SECTOR,
    status: Status | None = Query(None, description="Status of a project."),
    sort: str = _sort(ENTERPRISE_SORT, "name"),
) -> EnterpriseFilter:
    return EnterpriseFilter(
        q or None, ownership, country or None, zone or None, kind, sector or None, status, sort
    )


PROJECT_SORT: dict[str, Callable[[Any], Any]] = {
    "certificate_number": lambda f: Project.certificate_number,
    "certificate_date": lambda f: Project.certificate_date,
    "name": lambda f: Project.name_folded,
    "capital_usd": lambda f: Project.capital_usd,
    "land_ha": lambda f: Project.land_ha,
    "status": lambda f: Project.status,
}


@dataclass
class ProjectFilter:
    q: str | None = None
    zone: str | None = None
    kind: str | None = None
    sector: str | None = None
    country: str | None = None
    status: str | None = None
    ownership: str | None = None
    enterprise: str | None = None
    sort: str = "certificate_number"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = (
            select(Project)
            .join(Zone, Zone.id == Project.zone_id)
            .join(Enterprise, Enterprise.id == Project.enterprise_id)
            .options(*projects.load_options())
        )
        stmt = restrict(stmt, Project, actor, Action.view)
        if self.q:
            stmt = stmt.where(
                or_(
                    _search(Project.name_folded, Project.certificate_number, self.q),
                    _search(Enterprise.name_folded, Enterprise.tax_code, self.q),
                )
            )
        if self.zone:
            stmt = stmt.where(Zone.code == self.zone)
        if self.kind:
            stmt = stmt.where(Zone.kind == self.kind)
        if self.sector:
            stmt = stmt.where(Project.vsic_code.like(f"{self.sector}%"))
        if self.country:
            stmt = stmt.where(Enterprise.main_country == self.country.upper())
        if self.status:
            stmt = stmt.where(Project.status == self.status)
        if self.ownership:
            stmt = stmt.where(Enterprise.ownership == self.ownership)
        if self.enterprise:
            stmt = stmt.where(Enterprise.tax_code == self.enterprise)
        return stmt

    def params(self) -> dict[str, str]:
        values = {
            k: getattr(self, k)
            for k in (
                "q",
                "zone",
                "kind",
                "sector",
                "country",
                "status",
                "ownership",
                "enterprise",
                "sort",
            )
        }
        return {k: v for k, v in values.items() if v}


def project_filter(
    q: str | None = Q,
    zone: str | None = ZONE,
    kind: ZoneKind | None = Query(None, description="industrial_park or industrial_cluster"),
    sector: str | None = SECTOR,
    country: str | None = COUNTRY,
    status: Status | None = Query(None, description="Status of the project."),
    ownership: Ownership | None = Query(None, description="Ownership of the enterprise."),
    enterprise: str | None = Query(None, max_length=20, description="Tax code."),
    sort: str = _sort(PROJECT_SORT, "certificate_number"),
) -> ProjectFilter:
    return ProjectFilter(
        q or None,
        zone or None,
        kind,
        sector or None,
        country or None,
        status,
        ownership,
        enterprise or None,
        sort,
    )


LEASE_SORT: dict[str, Callable[[Any], Any]] = {
    "id": lambda f: Lease.id,
    "area_ha": lambda f: Lease.area_ha,
    "start_date": lambda f: Lease.start_date,
    "land_kind": lambda f: Lease.land_kind,
}


@dataclass
class LeaseFilter:
    zone: str | None = None
    project: str | None = None
    enterprise: str | None = None
    land_kind: str | None = None
    sort: str = "id"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = restrict(select(Lease), Lease, actor, Action.view).options(*leases.load_options())
        if self.zone:
            stmt = stmt.where(Lease.zone_id.in_(select(Zone.id).where(Zone.code == self.zone)))
        if self.project:
            ids = select(Project.id).where(Project.certificate_number == self.project)
            stmt = stmt.where(Lease.project_id.in_(ids))
        if self.enterprise:
            ids = select(Project.id).join(Enterprise).where(Enterprise.tax_code == self.enterprise)
            stmt = stmt.where(Lease.project_id.in_(ids))
        if self.land_kind:
            stmt = stmt.where(Lease.land_kind == self.land_kind)
        return stmt

    def params(self) -> dict[str, str]:
        values = {
            k: getattr(self, k) for k in ("zone", "project", "enterprise", "land_kind", "sort")
        }
        return {k: v for k, v in values.items() if v}


def lease_filter(
    zone: str | None = ZONE,
    project: str | None = Query(None, max_length=40, description="Certificate number."),
    enterprise: str | None = Query(None, max_length=20, description="Tax code."),
    land_kind: LandKind | None = Query(None, description="industrial or service"),
    sort: str = _sort(LEASE_SORT, "id"),
) -> LeaseFilter:
    return LeaseFilter(zone or None, project or None, enterprise or None, land_kind, sort)
