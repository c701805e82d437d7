"""Observations: record a value (a change is a new revision), import a table, read values.

Only the statistics office and administrators write. An import checks every row first and
writes nothing unless all rows are good; the report names each bad row and field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.http import field_errors
from kcn.kit.i18n import translate
from kcn.kit.periods import Period
from kcn.kit.permissions import Action, Actor, grant, require_write
from kcn.models import AdminUnit, Observation
from kcn.stats import importer, revisions, spreadsheet
from kcn.stats.indicators import INDICATORS
from kcn.stats.limits import UploadLimits
from kcn.stats.revisions import Outcome
from kcn.stats.schemas import ImportReport, ImportRowError, ObservationCreate, ObservationRead
from kcn.stats.units import Units
from kcn.stats.units import period_end as period_end

for _role in ("admin", "statistics"):
    grant(_role, "observation")

ProgressFn = Callable[[int, int], None]
"""``progress(done, total)``: called as the work advances (for a job's progress bar)."""


def province_on(session: Session, day: date) -> AdminUnit:
    return Units(session, ()).province_on(day)


def resolve_unit(session: Session, ref: str | None, period: Period) -> AdminUnit | None:
    """The unit ``ref`` (default: the province) as it stood at the end of ``period``; None
    when there is no such unit then (a 2024 district for a period after July 2025)."""
    return Units(session, [ref] if ref else []).at_end_of(ref, period)


def to_read(obs: Observation) -> ObservationRead:
    data = {c: getattr(obs, c) for c in ObservationRead.model_fields if hasattr(obs, c)}
    return ObservationRead(**data, admin_unit_key=obs.admin_unit.key)


def record(session: Session, data: ObservationCreate, actor: Actor) -> Outcome:
    """Record one value; a different value for the same key becomes its next revision."""
    require_write(actor, "observation", Action.add, province_wide=True)
    unit = resolve_unit(session, data.admin_unit, Period.parse(data.period))
    if unit is None:
        ref = data.admin_unit or ""
        raise ValidationFailed(
            fields=[FieldError("admin_unit", "admin_unit.unknown", {"ref": ref})]
        )
    (outcome,) = revisions.write(session, [(data, unit)], actor)
    session.commit()
    return outcome


def import_rows(
    session: Session,
    rows: list[dict[str, Any]] | list[tuple[int, dict[str, Any]]],
    actor: Actor,
    lang: str,
    is_demo: bool = False,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Check every row, then write all of them in one transaction, or none if any is bad.
    ``rows`` are dicts (numbered from 2, after a header) or ``(row number, dict)`` pairs.
    A fixed number of queries, whatever the number of rows."""
    require_write(actor, "observation", Action.add, province_wide=True)
    errors: list[ImportRowError] = []
    valid: list[tuple[int, ObservationCreate]] = []
    numbered = [r if isinstance(r, tuple) else (i, r) for i, r in enumerate(rows, start=2)]
    for done, (number, row) in enumerate(numbered):
        if progress is not None and done % 1000 == 0:
            progress(done, len(numbered))
        try:
            valid.append((number, ObservationCreate.model_validate({"is_demo": is_demo, **row})))
        except ValidationError as exc:
            errors += [
                ImportRowError(
                    row=number, field=e.field, message=translate(e.key, lang, **e.params)
                )
                for e in field_errors(exc)
            ]
    units = Units(session, {data.admin_unit for _, data in valid if data.admin_unit})
    good: list[tuple[ObservationCreate, AdminUnit]] = []
    seen: set[tuple[str, str, str, int]] = set()
    for number, data in valid:
        unit = units.at_end_of(data.admin_unit, Period.parse(data.period))
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
        good.append((data, unit))
    if not rows:
        errors.append(ImportRowError(row=1, field="", message=translate("stats.empty_file", lang)))
    errors.sort(key=lambda error: error.row)
    report = ImportReport(rows=len(rows), created=0, revised=0, unchanged=0, errors=errors)
    if not errors:
        for outcome in revisions.write(session, good, actor):
            setattr(report, outcome.change, getattr(report, outcome.change) + 1)
        session.commit()
    if progress is not None:
        progress(len(numbered), len(numbered))
    return report


def import_table(
    session: Session,
    filename: str,
    content: bytes,
    actor: Actor,
    lang: str,
    limits: UploadLimits | None = None,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Import the observations of a CSV or XLSX table (long or wide layout, see
    :mod:`kcn.stats.importer`), within the upload limits (default: the settings)."""
    cells = spreadsheet.read_table(filename, content, limits or UploadLimits.from_settings())
    return import_rows(session, importer.to_rows(cells), actor, lang, progress=progress)


def store_iip(
    session: Session, rows: list[dict[str, Any]], province: str, base_year: int, actor: Actor,
    lang: str,
) -> ImportReport:  # fmt: skip
    """Record ``province``'s total and section indices (rows of :func:`kcn.stats.iip.output.run`)
    as ``iip`` observations of the province KCN serves."""
    from kcn.stats.iip import output  # DuckDB (27 MB) only when indices are computed

    return import_rows(session, output.observations(rows, province, base_year), actor, lang)


def list_observations(
    session: Session,
    actor: Actor,
    indicator: str,
    year: int | None = None,
    period: Period | None = None,
    vsic: str | None = None,
    revisions: bool = False,
) -> list[ObservationRead]:
    """The observations of an indicator; who recorded them is shown to staff only."""
    check_indicator(indicator)
    stmt = (
        select(Observation)
        .where(Observation.indicator == indicator)
        .options(selectinload(Observation.admin_unit))
        .order_by(
            Observation.year, Observation.first_month, Observation.vsic_code, Observation.revision
        )
    )
    if year is not None:
        stmt = stmt.where(Observation.year == year)
    if period is not None:
        stmt = stmt.where(Observation.period == str(period))
    if vsic is not None:
        stmt = stmt.where(Observation.vsic_code == vsic)
    if not revisions:
        stmt = stmt.where(Observation.is_current.is_(True))
    rows = [to_read(o) for o in session.scalars(stmt)]
    if not actor.is_internal:  # who keyed a value in is the office's business
        rows = [r.model_copy(update={"recorded_by": ""}) for r in rows]
    return rows


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
