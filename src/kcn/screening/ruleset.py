"""The screening policy: its rules (a kit resource) and its dated versions.

Every write of a rule (create, change, delete) is validated first, then committed with its
audit record and a new :class:`ScreeningPolicyVersion` holding every rule as it now stands, in
one transaction. An evaluation names the version it used, and evaluating again with that
version gives the same result whatever changed since. A database without any version gets the
shipped default (``data/policy.yaml``) as version 1 the first time the policy is read.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.enterprises import checks
from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, require_write, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.models import ScreeningPolicyVersion, ScreeningRule
from kcn.screening.evaluation import SECTOR_KINDS, THRESHOLD_KINDS, Rule
from kcn.screening.policy import RULE
from kcn.screening.schemas import RuleCreate, RuleRead, RuleUpdate

COLUMNS = (
    "code",
    "kind",
    "effect",
    "title_vi",
    "title_en",
    "zone_kind",
    "sector",
    "threshold",
    "codes",
    "weight",
    "source",
    "is_demo",
)
TECHNOLOGY = ("high_tech", "advanced", "other")
ENVIRONMENT = ("I", "II", "III", "IV")


@cache
def shipped() -> tuple[dict[str, Any], ...]:
    """The default rules shipped with the application."""
    text = resources.files("kcn.screening").joinpath("data/policy.yaml").read_text("utf-8")
    return tuple(yaml.safe_load(text)["rules"])


def snapshot(rule: ScreeningRule) -> dict[str, Any]:
    """The rule as the audit trail and the policy versions keep it."""
    out = {name: getattr(rule, name) for name in COLUMNS}
    out["threshold"] = None if rule.threshold is None else f"{Decimal(rule.threshold):.2f}"
    out["codes"] = list(rule.codes or [])
    return {**out, "version": rule.version}


def to_read(rule: ScreeningRule) -> RuleRead:
    return RuleRead.model_validate(rule)


def get_rule(
    session: Session, rule_id: int, actor: Actor, action: Action = Action.view
) -> ScreeningRule:
    if action != Action.view:
        require_write(actor, RULE, action)
    stmt = select(ScreeningRule).where(ScreeningRule.id == rule_id)
    rule = session.scalar(restrict(stmt, ScreeningRule, actor, Action.view))
    if rule is None:
        raise NotFound("screening.rule_not_found", id=rule_id)
    return rule


def check(values: dict[str, Any]) -> list[FieldError]:
    """The rules a rule's fields must follow together (kind-specific)."""
    errors = []
    kind = values["kind"]
    if kind in THRESHOLD_KINDS and values.get("threshold") is None:
        errors.append(FieldError("threshold", "screening.threshold_required"))
    codes = values.get("codes") or []
    if kind in SECTOR_KINDS:
        errors += [
            FieldError(f"codes.{i}", "project.bad_vsic")
            for i, c in enumerate(codes)
            if checks.sector(c) is None
        ]
        if not codes:
            errors.append(FieldError("codes", "screening.codes_required"))
    allowed = {"technology_class": TECHNOLOGY, "environment_category": ENVIRONMENT}.get(kind)
    if allowed is not None:
        wanted = ", ".join(allowed)
        errors += [
            FieldError(f"codes.{i}", "field.choice", {"expected": wanted})
            for i, c in enumerate(codes)
            if c not in allowed
        ]
    if kind == "zone_fit" and not values.get("zone_kind"):
        errors.append(FieldError("zone_kind", "screening.zone_kind_required"))
    return errors


def _taken(session: Session, code: str, own_id: int | None) -> list[FieldError]:
    found = session.scalar(select(ScreeningRule).where(ScreeningRule.code == code))
    if found is not None and found.id != own_id:
        return [FieldError("code", "screening.duplicate_rule", {"value": code})]
    return []


def _latest_number(session: Session) -> int:
    return int(session.scalar(select(func.max(ScreeningPolicyVersion.number))) or 0)


def _new_version(session: Session, actor_name: str, note: str) -> ScreeningPolicyVersion:
    """A version holding every rule as it stands in the session (after a flush)."""
    session.flush()
    rules = session.scalars(select(ScreeningRule).order_by(ScreeningRule.id))
    version = ScreeningPolicyVersion(
        number=_latest_number(session) + 1,
        actor_name=actor_name,
        note=note,
        rules=[{k: v for k, v in snapshot(r).items() if k != "version"} for r in rules],
    )
    session.add(version)
    return version


def ensure_default(session: Session) -> None:
    """Install the shipped rules as version 1 when the database has no policy yet."""
    if session.scalar(select(ScreeningPolicyVersion.id).limit(1)) is not None:
        return
    if session.scalar(select(ScreeningRule.id).limit(1)) is None:
        for item in shipped():
            data = RuleCreate.model_validate(item)
            session.add(ScreeningRule(**data.model_dump()))
    _new_version(session, "kcn", "shipped default (data/policy.yaml)")
    session.commit()


def version(session: Session, number: int | None = None) -> tuple[int, list[Rule]]:
    """The rules of version ``number`` (default: the latest)."""
    ensure_default(session)
    stmt = select(ScreeningPolicyVersion)
    if number is None:
        stmt = stmt.order_by(ScreeningPolicyVersion.number.desc()).limit(1)
    else:
        stmt = stmt.where(ScreeningPolicyVersion.number == number)
    found = session.scalar(stmt)
    if found is None:
        raise ValidationFailed(
            fields=[FieldError("policy_version", "screening.unknown_version", {"value": number})]
        )
    return found.number, [Rule.of(r) for r in found.rules]


def versions(session: Session) -> list[ScreeningPolicyVersion]:
    ensure_default(session)
    stmt = select(ScreeningPolicyVersion).order_by(ScreeningPolicyVersion.number.desc())
    return list(session.scalars(stmt))


def create_rule(session: Session, data: RuleCreate, actor: Actor) -> ScreeningRule:
    require_write(actor, RULE, Action.add)
    ensure_default(session)
    values = data.model_dump()
    errors = _taken(session, data.code, None) + check(values)
    if errors:
        raise ValidationFailed(fields=errors)
    rule = ScreeningRule(**values)
    session.add(rule)
    _new_version(session, actor.name, f"create {rule.code}")
    _commit(session, actor, rule, "create", None)
    return rule


def update_rule(
    session: Session, rule_id: int, data: RuleUpdate, actor: Actor, expected: int | None = None
) -> ScreeningRule:
    rule = get_rule(session, rule_id, actor, Action.change)
    required = (
        "code",
        "kind",
        "effect",
        "title_vi",
        "title_en",
        "codes",
        "weight",
        "source",
        "is_demo",
    )
    changes, errors = update_changes(rule.version, data, expected, required)
    if changes.get("code"):
        errors += _taken(session, changes["code"], rule.id)
    merged = {**snapshot(rule), **changes}
    if merged.get("threshold") is not None:
        merged["threshold"] = Decimal(str(merged["threshold"]))
    errors += check(merged)
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot(rule)
    for name, value in changes.items():
        setattr(rule, name, value)
    session.flush()
    if snapshot(rule) | {"version": 0} == before | {"version": 0}:
        session.rollback()
        return rule
    _new_version(session, actor.name, f"update {rule.code}")
    _commit(session, actor, rule, "update", before)
    return rule


def delete_rule(session: Session, rule_id: int, actor: Actor, expected: int | None = None) -> None:
    rule = get_rule(session, rule_id, actor, Action.delete)
    check_version(rule.version, expected)
    before = snapshot(rule)
    session.delete(rule)
    _new_version(session, actor.name, f"delete {rule.code}")
    _commit(session, actor, rule, "delete", before)


def _commit(
    session: Session, actor: Actor, rule: ScreeningRule, action: str, before: dict[str, Any] | None
) -> bool:
    return commit(session, actor, RULE, rule, action, before, snapshot, rule.code)
