"""Support request rules: who records a request, the workflow (received → assigned →
in_progress → answered → closed, or reopened by the enterprise), the answer deadline of each
topic, and what is overdue. Every step is dated, signed and kept with its note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.config import get_settings
from kcn.enterprises import service as enterprises
from kcn.enterprises.policy import own_enterprises
from kcn.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, Forbidden, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.models import Enterprise, RequestAttachment, RequestStep, SupportRequest
from kcn.monitoring import policy
from kcn.monitoring.schemas import (
    AttachmentRead,
    EnterpriseRef,
    RequestCreate,
    RequestRead,
    RequestUpdate,
    StepCreate,
    StepRead,
)

COLUMNS = ("enterprise_id", "topic", "channel", "text", "received_on", "state", "agency",
           "assigned_on", "due_on", "answered_on", "answer", "closed_on", "is_demo")  # fmt: skip
REQUIRED = ("topic", "channel", "text", "received_on", "is_demo")
# Days the agency has to answer, from the day the request is assigned to it.
DEFAULT_DEADLINES = {"capital_credit": 15, "markets": 15, "labour": 15, "raw_materials": 15,
                     "land_site": 30, "procedures": 10, "infrastructure": 30, "tax": 10,
                     "other": 15}  # fmt: skip
OPEN = ("assigned", "in_progress", "reopened")
STATES = ("received", "assigned", "in_progress", "answered", "closed", "reopened")


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    handler: bool  # the province's handlers may do it
    owner: bool  # the enterprise may do it


TRANSITIONS = {
    "assign": Transition(("received", "reopened"), "assigned", True, False),
    "start": Transition(("assigned", "reopened"), "in_progress", True, False),
    "answer": Transition(("assigned", "in_progress", "reopened"), "answered", True, False),
    "close": Transition(("answered",), "closed", True, True),
    "reopen": Transition(("answered", "closed"), "reopened", True, True),
}


def deadlines(setting: str | None = None) -> dict[str, int]:
    """Days to answer per topic: the defaults, overridden by ``KCN_REQUEST_DEADLINES``."""
    text = get_settings().request_deadlines if setting is None else setting
    out = dict(DEFAULT_DEADLINES)
    for item in filter(None, (part.strip() for part in text.split(","))):
        topic, _, days = item.partition("=")
        out[topic.strip()] = int(days)
    return out


def is_overdue(request: SupportRequest, today: date) -> bool:
    return request.state in OPEN and request.due_on is not None and request.due_on < today


def snapshot(request: SupportRequest) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(request, name) for name in (*COLUMNS, "version")}
    data["steps"] = [
        {"action": s.action, "day": s.day, "actor": s.actor_name, "agency": s.agency,
         "note": s.note} for s in request.steps
    ]  # fmt: skip
    data["attachments"] = [
        {"filename": a.filename, "size": a.size, "media_type": a.media_type}
        for a in request.attachments
    ]
    return data


def load_options() -> list[Any]:
    return [
        selectinload(SupportRequest.enterprise),
        selectinload(SupportRequest.steps),
        selectinload(SupportRequest.attachments).defer(RequestAttachment.content),
    ]


def allowed_actions(request: SupportRequest, actor: Actor) -> list[str]:
    """The steps ``actor`` may take next on ``request``."""
    handler = policy.is_handler(actor)
    owner = policy.is_owner_role(actor, Action.change)
    return [
        name
        for name, t in TRANSITIONS.items()
        if request.state in t.sources and ((handler and t.handler) or (owner and t.owner))
    ]


def to_read(request: SupportRequest, actor: Actor, today: date | None = None) -> RequestRead:
    return RequestRead(
        **{name: getattr(request, name) for name in COLUMNS if name != "enterprise_id"},
        id=request.id,
        enterprise=EnterpriseRef.model_validate(request.enterprise),
        overdue=is_overdue(request, today or date.today()),
        steps=[StepRead.model_validate(s) for s in request.steps],
        attachments=[AttachmentRead.model_validate(a) for a in request.attachments],
        actions=allowed_actions(request, actor),
        version=request.version,
        created_at=request.created_at,
        updated_at=request.updated_at,
    )


def get_request(
    session: Session, request_id: int, actor: Actor, action: Action = Action.view
) -> SupportRequest:
    if action != Action.view:
        policy.require_request_writer(actor, action)
    stmt = select(SupportRequest).where(SupportRequest.id == request_id)
    stmt = stmt.options(*load_options())
    # A write on a request the actor may not see is refused (403), as for any writer.
    if action == Action.view:
        stmt = restrict(stmt, SupportRequest, actor, Action.view)
    request = session.scalar(stmt)
    if request is None:
        raise NotFound("request.not_found", id=request_id)
    if action != Action.view:
        allowed = select(SupportRequest.id).where(SupportRequest.id == request_id)
        if session.scalar(restrict(allowed, SupportRequest, actor, action)) is None:
            raise Forbidden()
    return request


def create_request(session: Session, data: RequestCreate, actor: Actor) -> SupportRequest:
    policy.require_request_writer(actor, Action.add)
    enterprise = enterprises.by_tax_code(session, data.enterprise)
    if enterprise is None:
        raise ValidationFailed(
            fields=[FieldError("enterprise", "project.unknown_enterprise",
                               {"value": data.enterprise})]
        )  # fmt: skip
    if not policy.is_handler(actor, Action.add):
        own = select(Enterprise.id).where(Enterprise.id == enterprise.id, own_enterprises(actor))
        if session.scalar(own) is None:
            raise Forbidden()
    received = data.received_on or date.today()
    request = SupportRequest(
        enterprise=enterprise,
        topic=data.topic,
        channel=data.channel,
        text=data.text,
        received_on=received,
        state="received",
        answer="",
        is_demo=data.is_demo,
    )
    request.steps.append(_step(actor, "receive", "received", "received", received, "", None))
    session.add(request)
    _commit(session, actor, request, "create", None)
    return request


def update_request(
    session: Session,
    request_id: int,
    data: RequestUpdate,
    actor: Actor,
    expected: int | None = None,
) -> SupportRequest:
    _require_handler(actor, Action.change)
    request = get_request(session, request_id, actor, Action.change)
    changes, errors = update_changes(request.version, data, expected, REQUIRED)
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot(request)
    for name, value in changes.items():
        setattr(request, name, value)
    _commit(session, actor, request, "update", before)
    return request


def delete_request(
    session: Session, request_id: int, actor: Actor, expected: int | None = None
) -> None:
    _require_handler(actor, Action.delete)
    request = get_request(session, request_id, actor, Action.delete)
    check_version(request.version, expected)
    before = snapshot(request)
    session.delete(request)
    _commit(session, actor, request, "delete", before)


def _require_handler(actor: Actor, action: Action) -> None:
    policy.require_request_writer(actor, action)
    if not policy.is_handler(actor, action):
        raise Forbidden()


def _step(
    actor: Actor, action: str, source: str, target: str, day: date, note: str, agency: str | None
) -> RequestStep:
    return RequestStep(
        action=action,
        from_state=source,
        to_state=target,
        day=day,
        actor_name=actor.name,
        user_id=actor.user_id,
        agency=agency,
        note=note,
    )


def take_step(
    session: Session, request_id: int, data: StepCreate, actor: Actor
) -> tuple[SupportRequest, RequestStep]:
    """Move ``request`` one step along the workflow; 409 for a step its state refuses."""
    request = get_request(session, request_id, actor, Action.change)
    check_version(request.version, data.version)
    transition = TRANSITIONS[data.action]
    handler = policy.is_handler(actor)
    if not ((handler and transition.handler) or (transition.owner and not handler)):
        raise Forbidden()
    if request.state not in transition.sources:
        raise Conflict("request.bad_transition", action=data.action, state=request.state)
    day = data.day or date.today()
    errors = []
    if day < request.received_on:
        errors.append(FieldError("day", "request.before_received"))
    if data.action == "assign" and data.agency is None:
        errors.append(FieldError("agency", "field.required"))
    if data.action in ("answer", "reopen") and not data.note:
        errors.append(FieldError("note", "field.required"))
    if errors:
        raise ValidationFailed(fields=errors)
    before = snapshot(request)
    source = request.state
    request.state = transition.target
    if data.action == "assign":
        request.agency = data.agency
        request.assigned_on = day
        request.due_on = day + timedelta(days=deadlines().get(request.topic, 15))
    elif data.action == "answer":
        request.answered_on = day
        request.answer = data.note
    elif data.action == "close":
        request.closed_on = day
    elif data.action == "reopen":
        request.answered_on = None
        request.closed_on = None
    step = _step(actor, data.action, source, transition.target, day, data.note, request.agency)
    request.steps.append(step)
    _commit(session, actor, request, "update", before)
    return request, step


def _commit(
    session: Session,
    actor: Actor,
    request: SupportRequest,
    action: str,
    before: dict[str, Any] | None,
) -> bool:
    label = f"#{request.id or ''} {request.enterprise.tax_code} {request.topic}"
    return commit(session, actor, "support_request", request, action, before, snapshot, label)


def commit_change(
    session: Session, actor: Actor, request: SupportRequest, before: dict[str, Any]
) -> bool:
    """Write a change to ``request`` made elsewhere in the domain (an attachment)."""
    return _commit(session, actor, request, "update", before)


def overdue(
    session: Session, actor: Actor, as_of: date, agency: str | None = None
) -> list[SupportRequest]:
    """Requests past their due date and not answered on ``as_of``, by agency and due date."""
    policy.require_internal(actor)
    stmt = select(SupportRequest).where(
        SupportRequest.state.in_(OPEN), SupportRequest.due_on < as_of
    )
    if agency:
        stmt = stmt.where(SupportRequest.agency == agency)
    stmt = restrict(stmt, SupportRequest, actor, Action.view).options(*load_options())
    order = (SupportRequest.agency, SupportRequest.due_on, SupportRequest.id)
    return list(session.scalars(stmt.order_by(*order)))
