"""Write observations: a value for a new key is revision 1, a different value for a key
becomes its next revision (the old one stays, no longer current), the same value changes
nothing. Every write has its audit record.

:func:`write` takes any number of values and runs a fixed number of queries: one for the
current observations of the keys, one for their latest revisions, one batch of updates (the
superseded revisions), one batch of inserts, one to read the new observations back, and one
batch of audit records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from kcn.kit import audit
from kcn.kit.periods import Period
from kcn.kit.permissions import Actor
from kcn.models import AdminUnit, Observation
from kcn.stats.schemas import ObservationCreate

Key = tuple[str, str, str, int]  # indicator, period, vsic, unit id


@dataclass
class Outcome:
    observation: Observation
    change: str  # created | revised | unchanged


def snapshot(obs: Observation) -> dict[str, Any]:
    return {
        "indicator": obs.indicator, "period": obs.period, "vsic": obs.vsic_code,
        "admin_unit_id": obs.admin_unit_id, "value": obs.value, "status": obs.status,
        "source": obs.source, "revision": obs.revision,
    }  # fmt: skip


def _existing(
    session: Session, keys: set[Key], latest: bool = True
) -> tuple[dict[Key, Observation], dict[Key, int]]:
    """The current observation of each of ``keys``, and (``latest``) their latest revisions:
    one query each, whatever the number of keys."""
    columns = (
        Observation.indicator, Observation.period, Observation.vsic_code, Observation.admin_unit_id
    )  # fmt: skip
    where = [column.in_({key[i] for key in keys}) for i, column in enumerate(columns)]
    revisions: dict[Key, int] = {}
    stmt = select(*columns, func.max(Observation.revision)).where(*where).group_by(*columns)
    for indicator, period, vsic, unit_id, revision in session.execute(stmt) if latest else ():
        revisions[(indicator, period, vsic, unit_id)] = revision
    current: dict[Key, Observation] = {}
    for obs in session.scalars(select(Observation).where(*where, Observation.is_current.is_(True))):
        key = (obs.indicator, obs.period, obs.vsic_code, obs.admin_unit_id)
        if key in keys:
            current[key] = obs
    return current, revisions


def write(
    session: Session, items: Sequence[tuple[ObservationCreate, AdminUnit]], actor: Actor
) -> list[Outcome]:
    """Record each value of ``items`` (keys must differ); the caller commits."""
    if not items:
        return []
    periods = [Period.parse(data.period) for data, _ in items]
    keys: list[Key] = [
        (data.indicator, str(period), data.vsic, unit.id)
        for (data, unit), period in zip(items, periods, strict=True)
    ]
    current, latest = _existing(session, set(keys))
    befores: dict[Key, dict[str, Any] | None] = {}
    new_rows: list[dict[str, Any]] = []
    for (data, _unit), period, key in zip(items, periods, keys, strict=True):
        old = current.get(key)
        if old is not None and (old.value, old.status, old.source) == (
            data.value, data.status, data.source
        ):  # fmt: skip
            continue
        befores[key] = None
        if old is not None:
            befores[key] = snapshot(old)
            old.is_current = False
        new_rows.append({
            "indicator": data.indicator, "period": str(period), "year": period.year,
            "first_month": period.first_month, "last_month": period.last_month,
            "vsic_code": data.vsic, "admin_unit_id": key[3], "value": data.value,
            "status": data.status, "source": data.source, "is_demo": data.is_demo,
            "revision": latest.get(key, 0) + 1, "is_current": True, "recorded_by": actor.name,
        })  # fmt: skip
    session.flush()  # the superseded revisions, in one batch
    if new_rows:  # one batch, without reading ids back row by row (SQLite would)
        session.execute(insert(Observation), new_rows)
        current, _ = _existing(session, set(befores), latest=False)
    outcomes: list[Outcome] = []
    with batched_inserts(session):
        for (data, unit), key in zip(items, keys, strict=True):
            obs = current[key]
            if key not in befores:
                outcomes.append(Outcome(obs, "unchanged"))
                continue
            before = befores[key]
            outcomes.append(Outcome(obs, "created" if before is None else "revised"))
            action = "create" if before is None else "update"
            label = f"{data.indicator} {obs.period} {data.vsic or '*'} {unit.name}"
            audit.record(
                session, actor, "observation", obs.id, action, before, snapshot(obs), label
            )
    return outcomes


@contextmanager
def batched_inserts(session: Session) -> Iterator[None]:
    """Objects added to ``session`` in the block (the audit records) are inserted at its end
    in batches, their ids not read back: the unit of work would insert them one by one on
    SQLite, which cannot return the ids of a batch in order."""
    added: list[object] = []

    def collect(_session: Session, instance: object) -> None:
        added.append(instance)

    event.listen(session, "transient_to_pending", collect)
    try:
        yield
    finally:
        event.remove(session, "transient_to_pending", collect)
    for instance in added:
        session.expunge(instance)
    session.bulk_save_objects(added)
