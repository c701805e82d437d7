"""Lease rules: land a project leases in its zone. The zone's leased land and occupancy are
derived from these rows (``zones.metrics``), so a lease may not take more than the zone has."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kcn.enterprises import policy, projects
from kcn.enterprises.schemas import (
    EnterpriseBrief,
    LeaseCreate,
    LeaseRead,
    LeaseUpdate,
    ProjectBrief,
    ZoneRef,
)
from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, Forbidden, NotAuthenticated, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.models import Lease, Project, Zone, ZoneLand

COLUMNS = ("project_id", "zone_id", "contract_number", "land_kind", "area_ha", "start_date",
           "end_date", "is_demo")  # fmt: skip


def snapshot(lease: Lease) -> dict[str, Any]:
    return {name: getattr(lease, name) for name in (*COLUMNS, "version")}


def load_options() -> list[Any]:
    return [
        selectinload(Lease.project).selectinload(Project.enterprise),
        selectinload(Lease.zone),
    ]


def get_lease(session: Session, lease_id: int, actor: Actor, action: Action = Action.view) -> Lease:
    if action != Action.view:
        policy.require_writer(actor, action)
    stmt = select(Lease).where(Lease.id == lease_id).options(*load_options())
    lease = session.scalar(restrict(stmt, Lease, actor, Action.view))
    if lease is None:
        raise NotFound("lease.not_found", id=lease_id)
    if action != Action.view:
        if not actor.is_authenticated:
            raise NotAuthenticated()
        allowed = restrict(select(Lease.id).where(Lease.id == lease_id), Lease, actor, action)
        if session.scalar(allowed) is None:
            raise Forbidden()
    return lease


def to_read(lease: Lease) -> LeaseRead:
    return LeaseRead(
        id=lease.id,
        project=ProjectBrief.model_validate(lease.project),
        enterprise=EnterpriseBrief.model_validate(lease.project.enterprise),
        zone=ZoneRef.model_validate(lease.zone),
        contract_number=lease.contract_number,
        land_kind=lease.land_kind,
        area_ha=lease.area_ha,
        start_date=lease.start_date,
        end_date=lease.end_date,
        is_demo=lease.is_demo,
        version=lease.version,
        created_at=lease.created_at,
        updated_at=lease.updated_at,
    )


def leasable(session: Session, zone_id: int, land_kind: str) -> Decimal | None:
    """The zone's latest leasable land of that kind; None when it has no land figures."""
    row = session.scalar(
        select(ZoneLand)
        .where(ZoneLand.zone_id == zone_id)
        .order_by(ZoneLand.as_of.desc(), ZoneLand.id.desc())
        .limit(1)
    )
    if row is None:
        return None
    return row.industrial_leasable_ha if land_kind == "industrial" else row.service_leasable_ha


def leased(session: Session, zone_id: int, land_kind: str, on: date, but: int | None) -> Decimal:
    """Land of that kind leased in the zone on ``on`` (leases not ended), but lease ``but``."""
    stmt = select(func.coalesce(func.sum(Lease.area_ha), 0)).where(
        Lease.zone_id == zone_id,
        Lease.land_kind == land_kind,
        (Lease.end_date.is_(None)) | (Lease.end_date > on),
    )
    if but is not None:
        stmt = stmt.where(Lease.id != but)
    return Decimal(session.scalar(stmt) or 0)


def check_room(
    session: Session,
    lease: Lease | LeaseCreate | SimpleNamespace,
    zone_id: int,
    own: int | None,
    extra: Decimal = Decimal(0),
) -> list[FieldError]:
    """``leased > leasable`` as a field error (``extra``: more land the same import adds)."""
    limit = leasable(session, zone_id, lease.land_kind)
    if limit is None:
        return []
    total = leased(session, zone_id, lease.land_kind, lease.start_date, own) + lease.area_ha + extra
    if total > limit:
        return [FieldError("area_ha", "lease.over_leasable", {"leased": total, "leasable": limit})]
    return []


def create_lease(session: Session, data: LeaseCreate, actor: Actor) -> Lease:
    policy.require_writer(actor, Action.add)
    project = projects.by_certificate(session, data.project)
    if project is None:
        raise ValidationFailed(
            fields=[FieldError("project", "lease.unknown_project", {"value": data.project})]
        )
    zone = session.get(Zone, project.zone_id)
    assert zone is not None
    projects.require_zone(session, actor, zone, Action.add)
    errors = check_room(session, data, zone.id, None)
    if errors:
        raise ValidationFailed(fields=errors)
    lease = Lease(**data.model_dump(exclude={"project"}), project=project, zone=zone)
    session.add(lease)
    _commit(session, actor, lease, "create", None)
    return lease


def update_lease(
    session: Session, lease_id: int, data: LeaseUpdate, actor: Actor, expected: int | None = None
) -> Lease:
    lease = get_lease(session, lease_id, actor, Action.change)
    required = ("contract_number", "land_kind", "area_ha", "start_date", "is_demo")
    changes, errors = update_changes(lease.version, data, expected, required)
    if errors:
        raise ValidationFailed(fields=errors)
    candidate = SimpleNamespace(**{**snapshot(lease), **changes})
    if candidate.end_date is not None and candidate.end_date <= candidate.start_date:
        errors.append(FieldError("end_date", "lease.end_before_start"))
    errors += check_room(session, candidate, lease.zone_id, lease.id)
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot(lease)
    for name, value in changes.items():
        setattr(lease, name, value)
    _commit(session, actor, lease, "update", before)
    return lease


def delete_lease(
    session: Session, lease_id: int, actor: Actor, expected: int | None = None
) -> None:
    lease = get_lease(session, lease_id, actor, Action.delete)
    check_version(lease.version, expected)
    before = snapshot(lease)
    session.delete(lease)
    _commit(session, actor, lease, "delete", before)


def _commit(
    session: Session, actor: Actor, lease: Lease, action: str, before: dict[str, Any] | None
) -> bool:
    label = f"{lease.project.certificate_number} {lease.area_ha} ha"
    return commit(session, actor, "lease", lease, action, before, snapshot, label)
