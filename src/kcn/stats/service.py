"""Observations: record a value (a change is a new revision), import a table, read values.

Only the statistics office and administrators write. An import checks every row first and
writes nothing unless all rows are good; the report names each bad row and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kcn.geo import service as geo_service
from kcn.kit import audit
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.http import field_errors
from kcn.kit.i18n import translate
from kcn.kit.periods import Period
from kcn.kit.permissions import Action, Actor, grant, require_write
from kcn.models import AdminUnit, Observation
from kcn.stats.indicators import INDICATORS
from kcn.stats.schemas import ImportReport, ImportRowError, ObservationCreate, ObservationRead

for _role in ("admin", "statistics"):
    grant(_role, "observation")

PROVINCE_CODE = "24"  # Bắc Giang until 30 June 2025, Bắc Ninh (merged) since


def period_end(period: Period) -> date:
    return date(period.year, period.last_month, 28)


def province_on(session: Session, day: date) -> AdminUnit:
    unit = geo_service.resolve(session, PROVINCE_CODE, day)
    assert unit is not None, "administrative units are not loaded"
    return unit


def resolve_unit(session: Session, ref: str | None, period: Period) -> AdminUnit | None:
    """The unit ``ref`` (default: the province) as it stood at the end of ``period``; None
    when there is no such unit then (a 2024 district for a period after July 2025)."""
    day = period_end(period)
    if not ref:
        return province_on(session, day)
    unit = geo_service.resolve(session, ref, day)
    return unit if unit is not None and unit.valid_on(day) else None


def to_read(obs: Observation) -> ObservationRead:
    data = {c: getattr(obs, c) for c in ObservationRead.model_fields if hasattr(obs, c)}
    return ObservationRead(**data, admin_unit_key=obs.admin_unit.key)


def _snapshot(obs: Observation) -> dict[str, Any]:
    return {
        "indicator": obs.indicator, "period": obs.period, "vsic": obs.vsic_code,
        "admin_unit_id": obs.admin_unit_id, "value": obs.value, "status": obs.status,
        "source": obs.source, "revision": obs.revision,
    }  # fmt: skip


@dataclass
class Outcome:
    observation: Observation
    change: str  # created | revised | unchanged


def _write(session: Session, data: ObservationCreate, unit: AdminUnit, actor: Actor) -> Outcome:
    period = Period.parse(data.period)
    key = (
        Observation.indicator == data.indicator,
        Observation.period == str(period),
        Observation.vsic_code == data.vsic,
        Observation.admin_unit_id == unit.id,
    )
    current = session.scalar(select(Observation).where(*key, Observation.is_current.is_(True)))
    if current is not None and (current.value, current.status, current.source) == (
        data.value, data.status, data.source
    ):  # fmt: skip
        return Outcome(current, "unchanged")
    revision = (session.scalar(select(func.max(Observation.revision)).where(*key)) or 0) + 1
    before = None
    if current is not None:
        before = _snapshot(current)
        current.is_current = False
        session.flush()
    obs = Observation(
        indicator=data.indicator, period=str(period), year=period.year,
        first_month=period.first_month, last_month=period.last_month, vsic_code=data.vsic,
        admin_unit=unit, value=data.value, status=data.status, source=data.source,
        is_demo=data.is_demo, revision=revision, is_current=True, recorded_by=actor.name,
    )  # fmt: skip
    session.add(obs)
    session.flush()
    action = "create" if before is None else "update"
    label = f"{data.indicator} {period} {data.vsic or '*'} {unit.name}"
    audit.record(session, actor, "observation", obs.id, action, before, _snapshot(obs), label)
    return Outcome(obs, "created" if before is None else "revised")


def record(session: Session, data: ObservationCreate, actor: Actor) -> Outcome:
    """Record one value; a different value for the same key becomes its next revision."""
    require_write(actor, "observation", Action.add, province_wide=True)
    unit = resolve_unit(session, data.admin_unit, Period.parse(data.period))
    if unit is None:
        ref = data.admin_unit or ""
        raise ValidationFailed(
            fields=[FieldError("admin_unit", "admin_unit.unknown", {"ref": ref})]
        )
    outcome = _write(session, data, unit, actor)
    session.commit()
    return outcome


def import_rows(
    session: Session,
    rows: list[dict[str, Any]] | list[tuple[int, dict[str, Any]]],
    actor: Actor,
    lang: str,
    is_demo: bool = False,
) -> ImportReport:
    """Check every row, then write all of them in one transaction, or none if any is bad.
    ``rows`` are dicts (numbered from 2, after a header) or ``(row number, dict)`` pairs."""
    require_write(actor, "observation", Action.add, province_wide=True)
    errors: list[ImportRowError] = []
    good: list[tuple[int, ObservationCreate, AdminUnit]] = []
    numbered = [r if isinstance(r, tuple) else (i, r) for i, r in enumerate(rows, start=2)]
    seen: set[tuple[str, str, str, int]] = set()
    for number, row in numbered:
        try:
            data = ObservationCreate.model_validate({"is_demo": is_demo, **row})
        except ValidationError as exc:
            errors += [
                ImportRowError(
                    row=number, field=e.field, message=translate(e.key, lang, **e.params)
                )
                for e in field_errors(exc)
            ]
            continue
        unit = resolve_unit(session, data.admin_unit, Period.parse(data.period))
        if unit is None:
            message = translate("admin_unit.unknown", lang, ref=data.admin_unit)
            errors.append(ImportRowError(row=number, field="admin_unit", message=message))
            continue
        key = (data.indicator, data.period, data.vsic, unit.id)
        if key in seen:
            message = translate("stats.duplicate_row", lang)
            errors.append(ImportRowError(row=number, field="period", message=message))
            continue
        seen.add(key)
        good.append((number, data, unit))
    if not rows:
        errors.append(ImportRowError(row=1, field="", message=translate("stats.empty_file", lang)))
    report = ImportReport(rows=len(rows), created=0, revised=0, unchanged=0, errors=errors)
    if errors:
        return report
    for _number, data, unit in good:
        change = _write(session, data, unit, actor).change
        setattr(report, change, getattr(report, change) + 1)
    session.commit()
    return report


def history(
    session: Session, indicator: str, period: str, vsic: str, unit_id: int
) -> list[Observation]:
    stmt = (
        select(Observation)
        .where(
            Observation.indicator == indicator,
            Observation.period == period,
            Observation.vsic_code == vsic,
            Observation.admin_unit_id == unit_id,
        )
        .order_by(Observation.revision)
        .options(selectinload(Observation.admin_unit))
    )
    return list(session.scalars(stmt))


def current_values(
    session: Session, indicator: str, years: set[int], vsic: str | None = None
) -> list[Observation]:
    """The current observations of an indicator in some years (one query)."""
    stmt = (
        select(Observation)
        .where(
            Observation.indicator == indicator,
            Observation.year.in_(years),
            Observation.is_current.is_(True),
        )
        .options(selectinload(Observation.admin_unit))
        .order_by(Observation.year, Observation.first_month, Observation.last_month)
    )
    if vsic is not None:
        stmt = stmt.where(Observation.vsic_code == vsic)
    return list(session.scalars(stmt))


def check_indicator(code: str) -> None:
    if code not in INDICATORS:
        raise ValidationFailed(fields=[FieldError("indicator", "stats.unknown_indicator")])


def value_of(
    observations: list[Observation], period: Period, vsic: str, unit_id: int, aggregation: str
) -> tuple[Decimal | None, bool]:
    """The value for ``period``: observed for the period itself, or (for additive indicators)
    the sum of its months when every month is there. Also whether any part is demo data."""
    same = [o for o in observations if o.vsic_code == vsic and o.admin_unit_id == unit_id]
    direct = next((o for o in same if o.period == str(period)), None)
    if direct is not None:
        return direct.value, direct.is_demo
    if aggregation != "sum":
        return None, False
    months = {o.period: o for o in same if o.first_month == o.last_month and o.year == period.year}
    parts = [months.get(str(m)) for m in period.month_periods()]
    if any(p is None for p in parts):
        return None, False
    return sum((p.value for p in parts if p), Decimal(0)), any(p.is_demo for p in parts if p)
