"""Project rules: investment projects in a zone, by certificate (IRC) number, and the history
of their registered capital (each adjustment dated, with its document)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.enterprises import policy, vsic
from kcn.enterprises import service as enterprises
from kcn.enterprises.schemas import (
    AdjustmentCreate,
    AdjustmentRead,
    EnterpriseBrief,
    ProjectCreate,
    ProjectRead,
    ProjectUpdate,
    ZoneRef,
)
from kcn.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, Forbidden, NotAuthenticated, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.kit.text import fold, nfc
from kcn.models import CapitalAdjustment, Lease, Project, Zone

COLUMNS = (
    "certificate_number", "certificate_date", "enterprise_id", "zone_id", "name", "vsic_code",
    "capital_usd", "capital_vnd", "exchange_rate", "land_ha", "workers_planned",
    "workers_vietnamese", "workers_foreign", "status", "status_date", "technology_class",
    "environment_category", "notes", "is_demo",
)  # fmt: skip
ADJUSTMENT_COLUMNS = (
    "adjusted_on", "document_number", "capital_usd", "capital_vnd", "exchange_rate", "note"
)  # fmt: skip
REQUIRED = ("certificate_number", "certificate_date", "name", "vsic_code", "capital_usd",
            "land_ha", "workers_vietnamese", "workers_foreign", "status", "technology_class",
            "notes", "is_demo")  # fmt: skip


def snapshot(project: Project) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(project, name) for name in (*COLUMNS, "version")}
    data["adjustments"] = [
        {c: getattr(a, c) for c in ADJUSTMENT_COLUMNS} for a in project.adjustments
    ]
    return data


def load_options() -> list[Any]:
    return [
        selectinload(Project.enterprise),
        selectinload(Project.zone),
        selectinload(Project.adjustments),
    ]


def get_project(
    session: Session, project_id: int, actor: Actor, action: Action = Action.view
) -> Project:
    if action != Action.view:
        policy.require_writer(actor, action)
    stmt = select(Project).where(Project.id == project_id).options(*load_options())
    project = session.scalar(restrict(stmt, Project, actor, Action.view))
    if project is None:
        raise NotFound("project.not_found", id=project_id)
    if action != Action.view:
        if not actor.is_authenticated:
            raise NotAuthenticated()
        allowed = restrict(
            select(Project.id).where(Project.id == project_id), Project, actor, action
        )
        if session.scalar(allowed) is None:
            raise Forbidden()
    return project


def by_certificate(session: Session, number: str) -> Project | None:
    return session.scalar(select(Project).where(Project.certificate_number == number))


def to_read(project: Project, lang: str) -> ProjectRead:
    zone = project.zone
    return ProjectRead(
        **{name: getattr(project, name) for name in COLUMNS if not name.endswith("_id")},
        id=project.id,
        enterprise=EnterpriseBrief.model_validate(project.enterprise),
        zone=ZoneRef.model_validate(zone),
        vsic_name=vsic.name(project.vsic_code, lang),
        adjustments=[AdjustmentRead.model_validate(a) for a in project.adjustments],
        version=project.version,
        created_at=project.created_at,
        updated_at=project.updated_at,
    )


def vnd_of(usd: Decimal, vnd: Decimal | None, rate: Decimal | None) -> Decimal:
    """The VND amount as given, else the USD amount at the rate used (whole đồng)."""
    if vnd is not None:
        return vnd
    if rate is None:
        return Decimal(0)
    return (usd * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def require_zone(session: Session, actor: Actor, zone: Zone, action: Action) -> None:
    """401/403 unless ``actor`` may ``action`` projects and leases in ``zone``."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    allowed = select(Zone.id).where(Zone.id == zone.id, policy.writable_zone(actor, action))
    if session.scalar(allowed) is None:
        raise Forbidden()


def resolve(
    session: Session, tax_code: str | None, zone_code: str | None
) -> tuple[dict[str, Any], list[FieldError]]:
    """The enterprise and zone a project names by tax code and zone code."""
    refs: dict[str, Any] = {}
    errors: list[FieldError] = []
    if tax_code is not None:
        enterprise = enterprises.by_tax_code(session, tax_code.strip())
        if enterprise is None:
            errors.append(
                FieldError("enterprise", "project.unknown_enterprise", {"value": tax_code})
            )
        refs["enterprise"] = enterprise
    if zone_code is not None:
        zone = session.scalar(select(Zone).where(Zone.code == zone_code.strip()))
        if zone is None:
            errors.append(FieldError("zone", "project.unknown_zone", {"value": zone_code}))
        refs["zone"] = zone
    return refs, errors


def create_project(session: Session, data: ProjectCreate, actor: Actor) -> Project:
    policy.require_writer(actor, Action.add)
    refs, errors = resolve(session, data.enterprise, data.zone)
    if refs.get("zone") is not None:
        require_zone(session, actor, refs["zone"], Action.add)
    if by_certificate(session, data.certificate_number) is not None:
        errors.append(
            FieldError("certificate_number", "project.duplicate_certificate",
                       {"value": data.certificate_number})
        )  # fmt: skip
    if errors:
        raise ValidationFailed(fields=errors)
    values = data.model_dump(exclude={"enterprise", "zone"}, exclude_none=True)
    project = Project(**values, enterprise=refs["enterprise"], zone=refs["zone"])
    project.name = nfc(project.name)
    project.name_folded = fold(project.name)
    project.capital_usd = data.capital_usd or Decimal(0)
    project.capital_vnd = vnd_of(project.capital_usd, data.capital_vnd, data.exchange_rate)
    session.add(project)
    _commit(session, actor, project, "create", None)
    return project


def update_project(
    session: Session,
    project_id: int,
    data: ProjectUpdate,
    actor: Actor,
    expected: int | None = None,
) -> Project:
    project = get_project(session, project_id, actor, Action.change)
    changes, errors = update_changes(project.version, data, expected, REQUIRED)
    number = changes.get("certificate_number")
    if number and number != project.certificate_number and by_certificate(session, number):
        errors.append(
            FieldError("certificate_number", "project.duplicate_certificate", {"value": number})
        )
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot(project)
    for name, value in changes.items():
        setattr(project, name, value)
    project.name_folded = fold(project.name)
    _commit(session, actor, project, "update", before)
    return project


def delete_project(
    session: Session, project_id: int, actor: Actor, expected: int | None = None
) -> None:
    project = get_project(session, project_id, actor, Action.delete)
    check_version(project.version, expected)
    if session.scalar(select(Lease.id).where(Lease.project_id == project.id).limit(1)):
        raise Conflict("project.has_leases")
    before = snapshot(project)
    session.delete(project)
    _commit(session, actor, project, "delete", before)


def add_adjustment(
    session: Session, project_id: int, data: AdjustmentCreate, actor: Actor
) -> CapitalAdjustment:
    """Record a change of registered capital; the project's capital becomes the new one."""
    project = get_project(session, project_id, actor, Action.change)
    if data.adjusted_on < project.certificate_date:
        raise ValidationFailed(
            fields=[FieldError("adjusted_on", "project.adjustment_before_certificate")]
        )
    before = snapshot(project)
    values = data.model_dump()
    values["capital_vnd"] = vnd_of(data.capital_usd, data.capital_vnd, data.exchange_rate)
    adjustment = CapitalAdjustment(**values)
    project.adjustments.append(adjustment)
    latest = max(project.adjustments, key=lambda a: (a.adjusted_on, a.id or 10**12))
    project.capital_usd = latest.capital_usd
    project.capital_vnd = latest.capital_vnd
    project.exchange_rate = latest.exchange_rate
    _commit(session, actor, project, "update", before)
    return adjustment


def _commit(
    session: Session, actor: Actor, project: Project, action: str, before: dict[str, Any] | None
) -> bool:
    label = f"{project.certificate_number} {project.name}"
    return commit(session, actor, "project", project, action, before, snapshot, label)
