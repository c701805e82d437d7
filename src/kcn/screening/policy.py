"""Who may see and change the screening policy and the investor pipeline.

The province's staff read the rules, their versions and the leads; the investment-promotion
staff (role ``investment``) and administrators write them. Enterprise accounts and visitors
see none of it (a lead is a confidential contact)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from kcn.kit.permissions import Action, Actor, Forbidden, NotAuthenticated, grant, policy
from kcn.models import Lead, ScreeningRule

RULE = "screening_rule"
LEAD = "lead"
WRITERS = ("admin", "investment")

for _role in WRITERS:
    grant(_role, RULE)
    grant(_role, LEAD)


def require_reader(actor: Actor) -> None:
    """401 for a visitor, 403 for an enterprise account."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not actor.is_internal:
        raise Forbidden()


@policy(ScreeningRule)
def rule_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        return true() if actor.is_internal else false()
    return true() if actor.granted(RULE, action) else false()


@policy(Lead)
def lead_policy(actor: Actor, action: Action) -> ColumnElement[bool]:
    if action == Action.view:
        return true() if actor.is_internal else false()
    return true() if actor.granted(LEAD, action) else false()
