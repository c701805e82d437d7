"""Administrative units in the database: load the catalogue, resolve, map across eras."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.geo.catalog import bac_giang_catalog
from kcn.kit.text import fold
from kcn.models import AdminUnit, AdminUnitSuccession


def load_catalog(session: Session) -> tuple[int, int]:
    """Insert the units and successions not in the database yet; return how many of each."""
    catalog = bac_giang_catalog()
    existing = {u.key: u for u in session.scalars(select(AdminUnit))}
    added_units = added_edges = 0
    for record in catalog.units:  # parents come before their children in the catalogue
        if record.key in existing:
            continue
        unit = AdminUnit(
            key=record.key,
            code=record.code,
            level=record.level,
            kind=record.kind,
            name=record.name,
            name_folded=fold(record.name),
            parent=existing[record.parent_key] if record.parent_key else None,
            valid_from=record.valid_from,
            valid_to=record.valid_to,
            mountainous=record.mountainous,
            source=record.source,
        )
        session.add(unit)
        existing[record.key] = unit
        added_units += 1
    session.flush()
    known = set(
        session.execute(
            select(AdminUnitSuccession.predecessor_id, AdminUnitSuccession.successor_id)
        )
    )
    for edge in catalog.successions:
        pred, succ = existing[edge.predecessor_key].id, existing[edge.successor_key].id
        if (pred, succ) not in known:
            session.add(
                AdminUnitSuccession(
                    predecessor_id=pred, successor_id=succ, effective=edge.effective, note=edge.note
                )
            )
            added_edges += 1
    session.flush()
    return added_units, added_edges


def resolve(session: Session, ref: str, on: date | None = None) -> AdminUnit | None:
    """The unit with key ``ref``, else the unit with code ``ref`` valid ``on`` (default: the
    latest one with that code)."""
    unit = session.scalar(select(AdminUnit).where(AdminUnit.key == ref))
    if unit is not None:
        return unit
    candidates = list(session.scalars(select(AdminUnit).where(AdminUnit.code == ref)))
    if on is not None:
        candidates = [u for u in candidates if u.valid_on(on)] or candidates
    candidates.sort(key=lambda u: u.valid_from or date.min, reverse=True)
    return candidates[0] if candidates else None


def units_within(session: Session, target: AdminUnit, as_of: date) -> set[int]:
    """Ids of every unit whose zones are listed under ``target`` as of ``as_of``.

    That is ``target``, the units inside it (children, recursively), and the units that became
    any of those through a succession effective on or before ``as_of``: so zones registered
    under a 2024 district are listed under the 2025 commune or province that took it over.
    """
    return units_within_ids(session, [target.id], as_of)


def units_within_ids(session: Session, targets: list[int], as_of: date) -> set[int]:
    """:func:`units_within` of several units at once, in two queries whatever their number."""
    if not targets:
        return set()
    children: dict[int, list[int]] = {}
    for unit_id, parent_id in session.execute(select(AdminUnit.id, AdminUnit.parent_id)):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(unit_id)
    predecessors: dict[int, list[int]] = {}
    edges = select(AdminUnitSuccession.successor_id, AdminUnitSuccession.predecessor_id).where(
        AdminUnitSuccession.effective <= as_of
    )
    for succ, pred in session.execute(edges):
        predecessors.setdefault(succ, []).append(pred)
    found: set[int] = set()
    todo = list(targets)
    while todo:
        unit_id = todo.pop()
        if unit_id in found:
            continue
        found.add(unit_id)
        todo.extend(children.get(unit_id, ()))
        todo.extend(predecessors.get(unit_id, ()))
    return found


def successors_on(session: Session, unit: AdminUnit, day: date) -> list[AdminUnit]:
    """The units valid on ``day`` that ``unit`` became (itself if still valid)."""
    if unit.valid_on(day):
        return [unit]
    edges: dict[int, list[int]] = {}
    for pred, succ in session.execute(
        select(AdminUnitSuccession.predecessor_id, AdminUnitSuccession.successor_id).where(
            AdminUnitSuccession.effective <= day
        )
    ):
        edges.setdefault(pred, []).append(succ)
    seen: set[int] = set()
    todo = [unit.id]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(edges.get(current, ()))
    units = session.scalars(select(AdminUnit).where(AdminUnit.id.in_(seen)))
    return sorted((u for u in units if u.valid_on(day) and u.id != unit.id), key=lambda u: u.name)


def list_units(session: Session, on: date | None, level: str | None) -> list[AdminUnit]:
    stmt = select(AdminUnit).order_by(AdminUnit.level, AdminUnit.name)
    if level:
        stmt = stmt.where(AdminUnit.level == level)
    units = list(session.scalars(stmt))
    return [u for u in units if on is None or u.valid_on(on)]


def get_unit(session: Session, unit_id: int) -> AdminUnit:
    unit = session.get(AdminUnit, unit_id)
    if unit is None:
        raise LookupError(unit_id)
    return unit
