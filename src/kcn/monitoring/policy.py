"""Who may see and write periodic reports and support requests (applied in the query).

The province's staff read every report and request; an enterprise account reads those of its
own enterprise (branches included), and nothing else. Reports are written by the officials
who write the project (zone board in parks, department of industry and trade in clusters,
within their scope) and by the enterprise itself for its own projects (file and correct, not
delete). Requests are recorded and handled by the zone board, the department of industry and
trade and administrators; an enterprise files its own requests, closes or reopens them.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, select, true

from kcn.enterprises.policy import own_enterprises, writable_kinds, writable_zone
from kcn.kit.permissions import Action, Actor, Forbidden, NotAuthenticated, grant, policy
from kcn.models import Enterprise, PeriodicReport, Project, SupportRequest, Zone

REPORT_OWN = "periodic_report.own"
REQUEST = "support_request"
REQUEST_OWN = "support_request.own"
HANDLERS = ("admin", "zone_board", "industry_trade")

grant("enterprise", REPORT_OWN, Action.add, Action.change)
grant("enterprise", REQUEST_OWN, Action.add, Action.change)
for _role in HANDLERS:
    grant(_role, REQUEST)


def own_projects(actor: Actor) -> ColumnElement[bool]:
    mine = select(Enterprise.id).where(own_enterprises(actor))
    return Project.enterprise_id.in_(mine)


def project_clause(actor: Actor, action: Action) -> ColumnElement[bool]:
    """The projects whose reports ``actor`` may ``action``."""
    if action == Action.view:
        return true() if actor.is_internal else own_projects(actor)
    clauses: list[ColumnElement[bool]] = []
    if writable_kinds(actor, action):
        clauses.append(Project.zone_id.in_(select(Zone.id).where(writable_zone(actor, action))))
    if actor.granted(REPORT_OWN, action):
        clauses.append(own_projects(actor))
    return or_(*clauses) if clauses else false()


def require_report_writer(actor: Actor, action: Action) -> None:
    """401 for a visitor, 403 for a role that writes reports nowhere."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not (writable_kinds(actor, action) or actor.granted(REPORT_OWN, action)):
        raise Forbidden()


def require_reader(actor: Actor) -> None:
    if not actor.is_authenticated:
        raise NotAuthenticated()


def require_internal(actor: Actor) -> None:
    """Lists for the province's staff only (non-reporters, reminders, overdue requests)."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not actor.is_internal:
        raise Forbidden()


@policy(PeriodicReport)
def report_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view and actor.is_internal:
        return true()
    return PeriodicReport.project_id.in_(select(Project.id).where(project_clause(actor, action)))


def is_handler(actor: Actor, action: Action = Action.change) -> bool:
    return actor.granted(REQUEST, action)


def is_owner_role(actor: Actor, action: Action = Action.add) -> bool:
    return actor.granted(REQUEST_OWN, action)


@policy(SupportRequest)
def request_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        if actor.is_internal:
            return true()
    elif is_handler(actor, action):
        return true()
    elif not is_owner_role(actor, action):
        return false()
    mine = select(Enterprise.id).where(own_enterprises(actor))
    return SupportRequest.enterprise_id.in_(mine)


def require_request_writer(actor: Actor, action: Action) -> None:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not (is_handler(actor, action) or is_owner_role(actor, action)):
        raise Forbidden()


def writable_kinds_or_own(actor: Actor) -> bool:
    """Whether ``actor`` files reports anywhere (officials) or for its own projects."""
    return bool(writable_kinds(actor, Action.add)) or actor.granted(REPORT_OWN, Action.add)
