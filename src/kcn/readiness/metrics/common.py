"""What the readiness metrics share: where a task or work stands on a date
(:class:`Status`), the parameters, and the reading of one task or work and of a count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.metrics import Context, Param, Reading
from kcn.readiness.forecast import Outlook, share

HUNDRED = Decimal(100)
DEMO = frozenset({"demo"})


@dataclass(frozen=True)
class Status:
    """Where a task or work stands on a date."""

    outlook: Outlook
    pct_area: Decimal | None = None
    pct_households: Decimal | None = None
    pct_money: Decimal | None = None
    pct_value: Decimal | None = None
    handed_over_ha: Decimal = Decimal(0)


def pct(part: Decimal, total: Decimal) -> Decimal | None:
    s = share(part, total)
    return None if s is None else s * HUNDRED


def _today(_session: Session, _params: dict[str, Any]) -> date:
    return date.today()


AS_OF = Param("as_of", date, "Date of the figures (default: today).", default_from=_today)
ZONE = Param("zone", str, "Zone code (default: every zone).")
DISTRICT = Param("district", str, "District (or town, city) code.")


def demo_flags(demo: bool) -> frozenset[str]:
    return DEMO if demo else frozenset()


def one(items: list[Any], obj_id: int, name: str) -> Any:
    for item in items:
        if item.id == obj_id:
            return item
    raise ValidationFailed(fields=[FieldError(name, "metric.bad_param", {"value": str(obj_id)})])


def _flags(demo: bool, status: Status) -> frozenset[str]:
    flags = {status.outlook.state, *status.outlook.reasons}
    if status.outlook.at_risk:
        flags.add("at_risk")
    return frozenset(flags) | demo_flags(demo)


Loader = Callable[[Context], list[Any]]


def with_reports(model: Any) -> list[Any]:
    """What a task or work is read with: its zone and its reports."""
    return [selectinload(model.zone), selectinload(model.reports)]


def with_parent(model: Any, attr: str, parent: Any) -> list[Any]:
    """What a progress report is read with: its task or work (``attr``) and that one's zone."""
    return [selectinload(getattr(model, attr)).selectinload(parent.zone)]


def load_all(context: Context, model: Any) -> list[Any]:
    """Every task or work (``model``) with its zone and reports, loaded once per
    computation."""

    def load() -> list[Any]:
        stmt = select(model).options(*with_reports(model))
        return list(context.session.scalars(stmt.order_by(model.id)))

    result: list[Any] = context.memo(("readiness", model.__tablename__), load)
    return result


StatusOf = Callable[[Any, date], Status]


def reading(obj: Any, status: Status, value: Decimal | None) -> Reading:
    """One task's or work's figure, with its state, risk and demo mark in the flags."""
    demo = obj.is_demo or any(r.is_demo for r in obj.reports)
    return Reading(value, 1 + len(obj.reports), _flags(demo, status))


def per_item(load: Loader, status_of: StatusOf, name: str, pick: Any) -> Any:
    """The metric of one task or work (parameter ``name``): ``pick(item, status)``."""

    def compute(context: Context, params: dict[str, Any]) -> Reading:
        obj = one(load(context), params[name], name)
        status = status_of(obj, params["as_of"])
        return reading(obj, status, pick(obj, status))

    return compute


def delay(deadline: date, status: Status) -> Decimal | None:
    forecast = status.outlook.forecast
    return None if forecast is None else Decimal((forecast - deadline).days)


def risk(_obj: Any, status: Status) -> Decimal:
    return Decimal(1 if status.outlook.at_risk else 0)


def in_zone(items: list[Any], code: str | None) -> list[Any]:
    return [i for i in items if code is None or i.zone.code == code]


def at_risk_count(load: Loader, status_of: StatusOf) -> Any:
    """The tasks or works of the zone (or every zone) at risk."""

    def compute(context: Context, params: dict[str, Any]) -> Reading:
        chosen = in_zone(load(context), params.get("zone"))
        risky = [i for i in chosen if status_of(i, params["as_of"]).outlook.at_risk]
        return Reading(Decimal(len(risky)), len(chosen), demo_flags(any(i.is_demo for i in chosen)))

    return compute
