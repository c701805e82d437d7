"""Who may do what, applied in the query.

An :class:`Actor` is whoever makes a request: a user with a role and an optional scope, or an
anonymous visitor. Each table with rules registers a policy that turns ``(actor, action)``
into a WHERE clause; :func:`restrict` applies it, so a list, a count, a search and an export
built from the same statement can never show a row the actor may not see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, true

from kcn.kit.errors import DomainError


class Action(StrEnum):
    view = "view"
    add = "add"
    change = "change"
    delete = "delete"


INTERNAL_ROLES = frozenset(
    {"admin", "zone_board", "industry_trade", "investment", "statistics", "viewer"}
)
WRITE = (Action.add, Action.change, Action.delete)

# What each role may write, by resource. Reading is decided by each table's policy.
GRANTS: dict[str, set[tuple[str, Action]]] = {
    "admin": {
        (r, a)
        for r in (
            "zone.industrial_park",
            "zone.industrial_cluster",
            "published_figure",
            "observation",
            "user",
        )
        for a in WRITE
    },
    "zone_board": {("zone.industrial_park", a) for a in WRITE},
    "industry_trade": {("zone.industrial_cluster", a) for a in WRITE},
    "investment": set(),
    "statistics": {(r, a) for r in ("published_figure", "observation") for a in WRITE},
    "viewer": set(),
    "enterprise": set(),
}


@dataclass(frozen=True)
class Actor:
    """Whoever acts: ``role`` None is an anonymous visitor."""

    name: str
    role: str | None = None
    user_id: int | None = None
    via: str = "api"
    zone_ids: frozenset[int] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    scoped: bool = False
    enterprise_tax_code: str | None = None
    request_id: str = ""
    message: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None

    @property
    def is_internal(self) -> bool:
        return self.role in INTERNAL_ROLES

    def granted(self, resource: str, action: Action) -> bool:
        return self.role is not None and (resource, action) in GRANTS.get(self.role, set())


ANONYMOUS = Actor(name="anonymous")


def system_actor(name: str, via: str) -> Actor:
    """The actor of the command line or an import: whoever runs it on the server already holds
    the database, so it acts as an administrator, under its own name in the audit trail."""
    return Actor(name=name, role="admin", via=via)


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"
    key = "error.not_authenticated"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"
    key = "error.forbidden"


Policy = Callable[[Actor, Action], ColumnElement[bool]]
_POLICIES: dict[type, Policy] = {}
S = TypeVar("S", bound=Select[Any])


def policy(model: type) -> Callable[[Policy], Policy]:
    """Register the rule of ``model``: a function ``(actor, action) -> WHERE clause``."""

    def register(func: Policy) -> Policy:
        _POLICIES[model] = func
        return func

    return register


def clause(model: type, actor: Actor, action: Action) -> ColumnElement[bool]:
    rule = _POLICIES.get(model)
    if rule is None:
        return true() if actor.role == "admin" else false()
    return rule(actor, action)


def restrict(stmt: S, model: type, actor: Actor, action: Action) -> S:
    """``stmt`` limited to the rows of ``model`` that ``actor`` may ``action``."""
    return stmt.where(clause(model, actor, action))


def require_write(actor: Actor, resource: str, action: Action, province_wide: bool = False) -> None:
    """401 for an anonymous writer, 403 for a role without the grant, and 403 for a user
    limited to some zones or units writing something that covers the whole province."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not actor.granted(resource, action):
        raise Forbidden()
    if province_wide and actor.scoped:
        raise Forbidden("error.out_of_scope")
