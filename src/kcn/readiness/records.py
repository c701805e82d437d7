"""The write logic every readiness record shares, written once: a :class:`Kind` reads a
record as ``actor`` may see it, and creates, updates and deletes it under its parent (a task
or work under its zone, a progress report under its task or work), checking the parent
zone's write permission and every rule first (422 with a message per field), then going
through ``kit.resources.commit`` (the change and its audit record, or neither). The use
cases declare their kinds: :mod:`kcn.readiness.clearance`, :mod:`kcn.readiness.works`,
:mod:`kcn.readiness.labour`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, Forbidden, NotAuthenticated, restrict
from kcn.kit.resources import check_version, commit, update_changes
from kcn.models import Zone
from kcn.readiness.metrics.common import Status
from kcn.readiness.policy import require_writer, writable_zones
from kcn.readiness.schemas import Progress, ZoneRef

T = TypeVar("T")
# (session, the record as it would be written, the record's id or None) → errors
Check = Callable[[Session, Any, "int | None"], list[FieldError]]


def zone_ref(zone: Zone) -> ZoneRef:
    return ZoneRef(id=zone.id, code=zone.code, name=zone.name)


def progress(p: Status) -> Progress:
    return Progress(
        pct_area=p.pct_area, pct_households=p.pct_households, pct_money=p.pct_money,
        pct_value=p.pct_value, pace_per_day=p.outlook.pace_per_day, forecast=p.outlook.forecast,
        state=p.outlook.state, at_risk=p.outlook.at_risk, risk_reasons=list(p.outlook.reasons),
        last_report=p.outlook.last_report,
    )  # fmt: skip


def writable_zone(session: Session, code: str, actor: Actor, resource: str) -> Zone:
    """The zone of that code (422 if unknown) where ``actor`` may add ``resource`` (403)."""
    require_writer(actor, resource, Action.add)
    zone = session.scalar(select(Zone).where(Zone.code == code))
    if zone is None:
        raise ValidationFailed(
            fields=[FieldError("zone", "readiness.unknown_zone", {"value": code})]
        )
    require_zone(session, actor, resource, zone.id)
    return zone


def require_zone(session: Session, actor: Actor, resource: str, zone_id: int) -> None:
    """403 unless ``actor`` may add ``resource`` in that zone."""
    allowed = select(Zone.id).where(Zone.id == zone_id, writable_zones(actor, resource, Action.add))
    if session.scalar(allowed) is None:
        raise Forbidden()


def report_limits(
    report: Any, start: date, limits: Sequence[tuple[str, Any, str]]
) -> list[FieldError]:
    """A progress report's figures at most its task's or work's: ``(field, the parent's
    figure, message key)``; and not dated before the parent starts."""
    errors = [
        FieldError(name, key, {"total": total})
        for name, total, key in limits
        if getattr(report, name) > total
    ]
    if report.reported_on < start:
        errors.append(FieldError("reported_on", "readiness.before_start"))
    return errors


def below_reported(
    session: Session,
    parent_column: Any,
    own: int | None,
    key: str,
    plan: Sequence[tuple[Any, Any, str]],
) -> list[FieldError]:
    """A task's or work's plan may not fall below what its reports already record:
    ``(report column, the planned figure, field)`` for the parent ``own`` (none when new)."""
    if own is None:
        return []
    most = session.execute(
        select(*(func.max(column) for column, _, _ in plan)).where(parent_column == own)
    ).one()
    return [
        FieldError(field, key)
        for (_, planned, field), value in zip(plan, most, strict=True)
        if value is not None and Decimal(value) > planned
    ]


def may_write(session: Session, actor: Actor, resource: str, zone_id: int) -> bool:
    """Whether ``actor`` may write ``resource`` in that zone (the forms are shown to them)."""
    try:
        require_writer(actor, resource, Action.add)
        require_zone(session, actor, resource, zone_id)
    except (Forbidden, NotAuthenticated):
        return False
    return True


def zones_to_write(session: Session, actor: Actor, resource: str) -> list[Zone]:
    """The zones where ``actor`` may add ``resource`` (none for a reader)."""
    try:
        require_writer(actor, resource, Action.add)
    except (Forbidden, NotAuthenticated):
        return []
    stmt = select(Zone).where(writable_zones(actor, resource, Action.add))
    return list(session.scalars(stmt.order_by(Zone.code)))


@dataclass(frozen=True)
class Parent:
    """Where a new record hangs: ``key`` names the body's field (a zone code, or the id of
    a task or work), ``attr`` the relationship the record is built with."""

    key: str
    attr: str
    find: Callable[[Session, Any, Actor, str], Any]  # (session, value, actor, resource)


def zone_parent() -> Parent:
    return Parent("zone", "zone", lambda s, code, actor, res: writable_zone(s, code, actor, res))


def record_parent(model: type, key: str, attr: str, not_found: str) -> Parent:
    """A task or work a progress report belongs to: 422 if unknown, 403 unless ``actor``
    may write in its zone."""

    def find(session: Session, obj_id: int, actor: Actor, resource: str) -> Any:
        require_writer(actor, resource, Action.add)
        parent = session.get(model, obj_id)
        if parent is None:
            raise ValidationFailed(fields=[FieldError(key, not_found, {"id": obj_id})])
        require_zone(session, actor, resource, parent.zone_id)
        return parent

    return Parent(key, attr, find)


@dataclass(frozen=True)
class Kind(Generic[T]):
    """One kind of readiness record and its writes."""

    resource: str  # the audit trail's object type and the permission's resource
    model: type[T]
    columns: tuple[str, ...]  # what the audit trail records
    defaults: dict[str, Any]  # the values a creation may leave out (not null on update)
    required: tuple[str, ...]  # other fields an update may not set to null
    check: Check
    label: Callable[[Any], str]
    options: Callable[[], list[Any]]  # the relationships a read loads
    not_found: str
    parent: Parent | None = None
    children: str | None = None  # a record with these (its reports) is not deleted

    def declared(self, **override: Any) -> dict[str, Any]:
        """The reads and writes :func:`kcn.kit.resources.declare` takes (``override`` one)."""
        return {
            "get": self.get, "create": self.create, "update": self.update,
            "delete": self.delete, "describe": self.snapshot, "label": self.label, **override,
        }  # fmt: skip

    def snapshot(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in (*self.columns, "version")}

    def get(self, session: Session, obj_id: int, actor: Actor, action: Action = Action.view) -> T:
        """The record as ``actor`` may see it (404), and may ``action`` it (401/403)."""
        if action != Action.view:
            require_writer(actor, self.resource, action)
        table: Any = self.model
        stmt = select(table).where(table.id == obj_id).options(*self.options())
        obj: T | None = session.scalar(restrict(stmt, table, actor, Action.view))
        if obj is None:
            raise NotFound(self.not_found, id=obj_id)
        if action != Action.view:
            allowed = restrict(select(table.id).where(table.id == obj_id), table, actor, action)
            if session.scalar(allowed) is None:
                raise Forbidden()
        return obj

    def _candidate(self, values: dict[str, Any], parent: Any) -> Any:
        extra = {self.parent.attr: parent} if self.parent is not None else {}
        return SimpleNamespace(**values, **extra)

    def _raise(self, errors: list[FieldError]) -> None:
        if errors:
            raise ValidationFailed(fields=errors)

    def create(self, session: Session, data: Any, actor: Actor) -> T:
        """A new record under its parent, once every rule holds."""
        assert self.parent is not None
        parent = self.parent.find(session, getattr(data, self.parent.key), actor, self.resource)
        values = self.values(data, {self.parent.key})
        self._raise(self.check(session, self._candidate(values, parent), None))
        obj: Any = self.model(**values, **{self.parent.attr: parent})
        session.add(obj)
        self.commit(session, actor, obj, "create", None)
        created: T = obj
        return created

    def values(self, data: BaseModel, exclude: set[str]) -> dict[str, Any]:
        """The body's values, the defaults for what it leaves out."""
        dumped = data.model_dump(exclude=exclude)
        given = {k: v for k, v in dumped.items() if v is not None or k not in self.defaults}
        defaults = {k: list(v) if isinstance(v, list) else v for k, v in self.defaults.items()}
        return {**defaults, **given}

    def update(
        self, session: Session, obj_id: int, data: Any, actor: Actor, expected: int | None = None
    ) -> T:
        obj: Any = self.get(session, obj_id, actor, Action.change)
        required = (*self.defaults, *self.required)
        changes, errors = update_changes(obj.version, data, expected, required)
        self._raise(errors)
        before = self.snapshot(obj)
        parent = getattr(obj, self.parent.attr) if self.parent is not None else None
        candidate = self._candidate({**before, **changes}, parent)
        self._raise(self.check(session, candidate, obj.id))
        for name, value in changes.items():
            setattr(obj, name, value)
        self.commit(session, actor, obj, "update", before)
        updated: T = obj
        return updated

    def delete(
        self, session: Session, obj_id: int, actor: Actor, expected: int | None = None
    ) -> None:
        obj: Any = self.get(session, obj_id, actor, Action.delete)
        check_version(obj.version, expected)
        if self.children and getattr(obj, self.children):
            raise ValidationFailed(fields=[FieldError("id", "readiness.has_reports")])
        before = self.snapshot(obj)
        session.delete(obj)
        self.commit(session, actor, obj, "delete", before)

    def commit(self, session: Session, actor: Actor, obj: Any, action: str, before: Any) -> bool:
        label = self.label(obj)
        return commit(session, actor, self.resource, obj, action, before, self.snapshot, label)
