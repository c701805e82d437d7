"""The investor pipeline: leads, their dated activities, their stages and their conversion
into a project.

Stages go forward only: first contact → site visit → proposal → dossier submitted →
certificate issued (a stage may be skipped), or to ``lost`` with a reason from any open
stage. A closed lead (certificate issued or lost) changes stage no more (409); going back is
409; ``lost`` without a reason is 422. Every change of stage is also an activity, so the
history stays whole. Each write screens the lead's proposal with the policy in force (score,
verdict and the policy version are stored with the lead, as of its first contact) and is
committed with its audit record (``kit.resources.commit``).

A lead whose certificate is issued becomes a project through the enterprises service (the
actor must be allowed to register projects in that zone); the lead keeps its history and
points to the project.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from kcn.enterprises import projects
from kcn.enterprises.schemas import ProjectCreate
from kcn.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, require_write, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.kit.text import fold, nfc
from kcn.models import Lead, LeadActivity, Zone
from kcn.models.screening import LEAD_STAGES
from kcn.screening import evaluation, ruleset
from kcn.screening.evaluation import Proposal
from kcn.screening.policy import LEAD
from kcn.screening.schemas import (
    ActivityCreate,
    ActivityRead,
    LeadConvert,
    LeadCreate,
    LeadRead,
    LeadUpdate,
    StageChange,
)

OPEN = LEAD_STAGES[:4]
COLUMNS = (
    "investor",
    "countries",
    "vsic_code",
    "capital_usd",
    "land_ha",
    "workers",
    "technology_class",
    "environment_category",
    "zone_kind",
    "zone_id",
    "stage",
    "lost_at_stage",
    "lost_reason",
    "first_contact_on",
    "owner",
    "contact",
    "next_action",
    "next_action_due",
    "score",
    "verdict",
    "policy_version",
    "project_id",
    "notes",
    "is_demo",
)


def snapshot(lead: Lead) -> dict[str, Any]:
    """The lead as the audit trail keeps it, with its activities."""
    out = {name: getattr(lead, name) for name in COLUMNS}
    out["activities"] = [
        {"happened_on": a.happened_on, "kind": a.kind, "note": a.note} for a in lead.activities
    ]
    return {**out, "version": lead.version}


def is_overdue(lead: Lead, today: date) -> bool:
    return lead.stage in OPEN and lead.next_action_due is not None and lead.next_action_due < today


def to_read(lead: Lead, today: date | None = None) -> LeadRead:
    return LeadRead(
        **{name: getattr(lead, name) for name in COLUMNS if name != "zone_id"},
        id=lead.id,
        main_country=lead.main_country,
        zone=lead.zone.code if lead.zone is not None else None,
        overdue=is_overdue(lead, today or date.today()),
        activities=[ActivityRead.model_validate(a) for a in lead.activities],
        version=lead.version,
        created_at=lead.created_at,
        updated_at=lead.updated_at,
    )


def load_options() -> tuple[Any, ...]:
    return (selectinload(Lead.activities), selectinload(Lead.zone))


def get_lead(session: Session, lead_id: int, actor: Actor, action: Action = Action.view) -> Lead:
    if action != Action.view:
        require_write(actor, LEAD, action)
    stmt = select(Lead).where(Lead.id == lead_id).options(*load_options())
    lead = session.scalar(restrict(stmt, Lead, actor, Action.view))
    if lead is None:
        raise NotFound("screening.lead_not_found", id=lead_id)
    return lead


def proposal_of(lead: Lead) -> Proposal:
    return Proposal(
        investor=lead.investor,
        countries=tuple(lead.countries),
        sector=lead.vsic_code,
        capital_usd=lead.capital_usd,
        land_ha=lead.land_ha,
        workers=lead.workers,
        technology_class=lead.technology_class,
        on=lead.first_contact_on,
        environment_category=lead.environment_category,
        zone_kind=lead.zone.kind if lead.zone is not None else lead.zone_kind,
    )


def screen(session: Session, lead: Lead) -> None:
    """Score the lead's proposal with the policy in force."""
    number, rules = ruleset.version(session)
    result = evaluation.evaluate(proposal_of(lead), rules, number, "vi")
    lead.score, lead.verdict, lead.policy_version = result.score, result.verdict, number


def _zone(session: Session, code: str | None) -> tuple[Zone | None, list[FieldError]]:
    if not code:
        return None, []
    zone = session.scalar(select(Zone).where(Zone.code == code))
    if zone is None:
        return None, [FieldError("zone", "screening.unknown_zone", {"value": code})]
    return zone, []


def _apply(lead: Lead, values: dict[str, Any], zone: Zone | None, zone_given: bool) -> None:
    for name, value in values.items():
        if name == "zone":
            continue
        setattr(lead, name, nfc(value) if name == "investor" and value else value)
    if zone_given:
        lead.zone = zone
        lead.zone_id = zone.id if zone is not None else None
        if zone is not None:
            lead.zone_kind = zone.kind
    lead.investor_folded = fold(lead.investor)
    lead.main_country = lead.countries[0] if lead.countries else None


def create_lead(session: Session, data: LeadCreate, actor: Actor) -> Lead:
    require_write(actor, LEAD, Action.add)
    zone, errors = _zone(session, data.zone)
    if errors:
        raise ValidationFailed(fields=errors)
    lead = Lead(stage="first_contact", lost_reason="")
    _apply(lead, data.model_dump(), zone, True)
    screen(session, lead)
    session.add(lead)
    _commit(session, actor, lead, "create", None)
    return lead


def update_lead(
    session: Session, lead_id: int, data: LeadUpdate, actor: Actor, expected: int | None = None
) -> Lead:
    lead = get_lead(session, lead_id, actor, Action.change)
    required = (
        "investor",
        "countries",
        "vsic_code",
        "capital_usd",
        "land_ha",
        "workers",
        "technology_class",
        "first_contact_on",
        "is_demo",
    )
    changes, errors = update_changes(lead.version, data, expected, required)
    zone, zone_errors = _zone(session, changes.get("zone"))
    errors += zone_errors
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot(lead)
    blank = ("owner", "contact", "next_action", "notes")
    values = {k: "" if v is None and k in blank else v for k, v in changes.items()}
    _apply(lead, values, zone, "zone" in changes)
    screen(session, lead)
    _commit(session, actor, lead, "update", before)
    return lead


def delete_lead(session: Session, lead_id: int, actor: Actor, expected: int | None = None) -> None:
    lead = get_lead(session, lead_id, actor, Action.delete)
    check_version(lead.version, expected)
    if lead.project_id is not None:
        raise Conflict("screening.lead_converted")
    before = snapshot(lead)
    session.delete(lead)
    _commit(session, actor, lead, "delete", before)


def add_activity(
    session: Session, lead_id: int, data: ActivityCreate, actor: Actor, expected: int | None = None
) -> Lead:
    """A dated activity; it may set the next action and its due date."""
    lead = get_lead(session, lead_id, actor, Action.change)
    check_version(lead.version, expected)
    before = snapshot(lead)
    lead.activities.append(
        LeadActivity(
            happened_on=data.happened_on, kind=data.kind, note=data.note, actor_name=actor.name
        )
    )
    if data.next_action is not None:
        lead.next_action = data.next_action
    if "next_action_due" in data.model_fields_set:
        lead.next_action_due = data.next_action_due
    _touch(lead)
    _commit(session, actor, lead, "update", before)
    return lead


def _touch(lead: Lead) -> None:
    """Bump the lead's version when only its activities change."""
    flag_modified(lead, "notes")


def change_stage(session: Session, lead_id: int, data: StageChange, actor: Actor) -> Lead:
    lead = get_lead(session, lead_id, actor, Action.change)
    check_version(lead.version, data.version)
    if lead.stage not in OPEN:
        raise Conflict("screening.lead_closed", stage=lead.stage)
    if data.stage == "lost":
        if not data.reason.strip():
            raise ValidationFailed(fields=[FieldError("reason", "screening.lost_reason_required")])
    elif LEAD_STAGES.index(data.stage) <= LEAD_STAGES.index(lead.stage):
        raise Conflict("screening.stage_backward", current=lead.stage, wanted=data.stage)
    before = snapshot(lead)
    old = lead.stage
    if data.stage == "lost":
        lead.lost_at_stage, lead.lost_reason = old, data.reason.strip()
    lead.stage = data.stage
    note = f"{old} → {data.stage}" + (f": {data.reason.strip()}" if data.reason.strip() else "")
    lead.activities.append(
        LeadActivity(
            happened_on=data.on or date.today(), kind="stage", note=note, actor_name=actor.name
        )
    )
    _commit(session, actor, lead, "update", before)
    return lead


def convert(session: Session, lead_id: int, data: LeadConvert, actor: Actor) -> Lead:
    """Register the project a lead became (its certificate is issued); the lead keeps its
    history and points to the project."""
    lead = get_lead(session, lead_id, actor, Action.change)
    if lead.project_id is not None:
        raise Conflict("screening.lead_converted")
    if lead.stage != "certificate_issued":
        raise Conflict("screening.lead_not_certified", stage=lead.stage)
    project = projects.create_project(
        session,
        ProjectCreate(
            certificate_number=data.certificate_number,
            certificate_date=data.certificate_date,
            enterprise=data.enterprise,
            zone=data.zone,
            name=data.name,
            vsic_code=lead.vsic_code,
            capital_usd=lead.capital_usd,
            land_ha=lead.land_ha,
            workers_planned=lead.workers,
            technology_class=lead.technology_class,
            environment_category=lead.environment_category,
            is_demo=lead.is_demo,
        ),
        actor,
    )
    lead = get_lead(session, lead_id, actor, Action.change)
    before = snapshot(lead)
    lead.project_id = project.id
    lead.activities.append(
        LeadActivity(
            happened_on=data.certificate_date,
            kind="converted",
            note=data.certificate_number,
            actor_name=actor.name,
        )
    )
    _commit(session, actor, lead, "update", before)
    return lead


def _commit(
    session: Session, actor: Actor, lead: Lead, action: str, before: dict[str, Any] | None
) -> bool:
    return commit(session, actor, LEAD, lead, action, before, snapshot, lead.investor)
