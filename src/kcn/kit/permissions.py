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


WRITE = (Action.add, Action.change, Action.delete)

# Filled by the domains: the kit knows no role and no resource by name. The auth domain
# registers the roles (and which are the province's own staff); each domain grants the roles
# what they may write of its resources. Reading is decided by each table's policy.
_INTERNAL_ROLES: set[str] = set()
_ROLES: dict[str, bool] = {}
_GRANTS: dict[str, set[tuple[str, Action]]] = {}


def register_role(name: str, internal: bool) -> None:
    """Declare a role; ``internal`` roles are the province's own staff."""
    _ROLES[name] = internal
    if internal:
        _INTERNAL_ROLES.add(name)
    _GRANTS.setdefault(name, set())


def roles() -> tuple[str, ...]:
    """Every registered role, in the order of registration."""
    return tuple(_ROLES)


def grant(role: str, resource: str, *actions: Action) -> None:
    """Let ``role`` do ``actions`` (default: every write) to ``resource``."""
    _GRANTS.setdefault(role, set()).update((resource, a) for a in actions or WRITE)


def grants_of(role: str) -> frozenset[tuple[str, Action]]:
    return frozenset(_GRANTS.get(role, ()))


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
        return self.role in _INTERNAL_ROLES

    def granted(self, resource: str, action: Action) -> bool:
        return self.role is not None and (resource, action) in _GRANTS.get(self.role, ())


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
