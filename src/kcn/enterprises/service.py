"""Enterprise rules: read and write enterprises (doanh nghiệp), known by tax code.

Every write validates first, then commits the change with its audit record (``kit.resources
.commit``): a refused change writes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.enterprises.policy import ENTERPRISE
from kcn.enterprises.schemas import EnterpriseCreate, EnterpriseRead, EnterpriseUpdate
from kcn.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, require_write, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.kit.text import fold, nfc
from kcn.models import Enterprise, Project

COLUMNS = (
    "tax_code", "name", "name_en", "legal_form", "ownership", "countries", "address", "phone",
    "email", "is_demo",
)  # fmt: skip


def snapshot(enterprise: Enterprise) -> dict[str, Any]:
    """The enterprise as the audit trail keeps it."""
    return {name: getattr(enterprise, name) for name in (*COLUMNS, "version")}


def get_enterprise(
    session: Session, enterprise_id: int, actor: Actor, action: Action = Action.view
) -> Enterprise:
    """The enterprise, if ``actor`` may see it (else 404) and ``action`` it (else 401/403)."""
    if action != Action.view:
        require_write(actor, ENTERPRISE, action)
    stmt = select(Enterprise).where(Enterprise.id == enterprise_id)
    enterprise = session.scalar(restrict(stmt, Enterprise, actor, Action.view))
    if enterprise is None:
        raise NotFound("enterprise.not_found", id=enterprise_id)
    return enterprise


def by_tax_code(session: Session, tax_code: str) -> Enterprise | None:
    return session.scalar(select(Enterprise).where(Enterprise.tax_code == tax_code))


def to_read(enterprise: Enterprise) -> EnterpriseRead:
    return EnterpriseRead.model_validate(enterprise)


def _taken(session: Session, tax_code: str, own_id: int | None) -> list[FieldError]:
    found = by_tax_code(session, tax_code)
    if found is not None and found.id != own_id:
        return [FieldError("tax_code", "enterprise.duplicate_tax_code", {"value": tax_code})]
    return []


def apply(enterprise: Enterprise, values: dict[str, Any]) -> None:
    """Set the columns, with the derived ones (folded name, main country)."""
    for name, value in values.items():
        setattr(enterprise, name, nfc(value) if name in ("name", "name_en") and value else value)
    enterprise.name_folded = fold(enterprise.name)
    enterprise.main_country = enterprise.countries[0] if enterprise.countries else None


def create_enterprise(session: Session, data: EnterpriseCreate, actor: Actor) -> Enterprise:
    require_write(actor, ENTERPRISE, Action.add)
    errors = _taken(session, data.tax_code, None)
    if errors:
        raise ValidationFailed(fields=errors)
    enterprise = Enterprise()
    apply(enterprise, data.model_dump())
    session.add(enterprise)
    _commit(session, actor, enterprise, "create", None)
    return enterprise


def update_enterprise(
    session: Session,
    enterprise_id: int,
    data: EnterpriseUpdate,
    actor: Actor,
    expected: int | None = None,
) -> Enterprise:
    enterprise = get_enterprise(session, enterprise_id, actor, Action.change)
    required = ("tax_code", "name", "ownership", "countries", "is_demo")
    changes, errors = update_changes(enterprise.version, data, expected, required)
    if changes.get("tax_code"):
        errors += _taken(session, changes["tax_code"], enterprise.id)
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot(enterprise)
    blank = ("legal_form", "address", "phone", "email")
    apply(enterprise, {k: "" if v is None and k in blank else v for k, v in changes.items()})
    _commit(session, actor, enterprise, "update", before)
    return enterprise


def delete_enterprise(
    session: Session, enterprise_id: int, actor: Actor, expected: int | None = None
) -> None:
    enterprise = get_enterprise(session, enterprise_id, actor, Action.delete)
    check_version(enterprise.version, expected)
    if session.scalar(select(Project.id).where(Project.enterprise_id == enterprise.id).limit(1)):
        raise Conflict("enterprise.has_projects")
    before = snapshot(enterprise)
    session.delete(enterprise)
    _commit(session, actor, enterprise, "delete", before)


def _commit(
    session: Session, actor: Actor, obj: Enterprise, action: str, before: dict[str, Any] | None
) -> bool:
    return commit(session, actor, "enterprise", obj, action, before, snapshot, obj.name)
