"""Write observations: a value for a new key is revision 1, a different value for a key
becomes its next revision (the old one stays, no longer current), the same value changes
nothing. Every write has its audit record.

:func:`write` takes any number of values and runs a fixed number of queries: one for the
current observations of the keys, one for their latest revisions, then the flushes (the
inserts and updates are sent in batches).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
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


def _existing(session: Session, keys: set[Key]) -> tuple[dict[Key, Observation], dict[Key, int]]:
    """The current observation and the latest revision of each of ``keys`` (two queries)."""
    columns = (
        Observation.indicator, Observation.period, Observation.vsic_code, Observation.admin_unit_id
    )  # fmt: skip
    where = [column.in_({key[i] for key in keys}) for i, column in enumerate(columns)]
    latest: dict[Key, int] = {}
    stmt = select(*columns, func.max(Observation.revision)).where(*where).group_by(*columns)
    for indicator, period, vsic, unit_id, revision in session.execute(stmt):
        latest[(indicator, period, vsic, unit_id)] = revision
    current: dict[Key, Observation] = {}
    for obs in session.scalars(select(Observation).where(*where, Observation.is_current.is_(True))):
        key = (obs.indicator, obs.period, obs.vsic_code, obs.admin_unit_id)
        if key in keys:
            current[key] = obs
    return current, latest


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
    outcomes: list[Outcome] = []
    befores: list[dict[str, Any] | None] = []
    for (data, unit), period, key in zip(items, periods, keys, strict=True):
        old = current.get(key)
        if old is not None and (old.value, old.status, old.source) == (
            data.value, data.status, data.source
        ):  # fmt: skip
            outcomes.append(Outcome(old, "unchanged"))
            befores.append(None)
            continue
        before = None
        if old is not None:
            before = snapshot(old)
            old.is_current = False
        obs = Observation(
            indicator=data.indicator, period=str(period), year=period.year,
            first_month=period.first_month, last_month=period.last_month, vsic_code=data.vsic,
            admin_unit=unit, value=data.value, status=data.status, source=data.source,
            is_demo=data.is_demo, revision=latest.get(key, 0) + 1, is_current=True,
            recorded_by=actor.name,
        )  # fmt: skip
        session.add(obs)
        outcomes.append(Outcome(obs, "created" if before is None else "revised"))
        befores.append(before)
    session.flush()
    for (data, unit), outcome, before in zip(items, outcomes, befores, strict=True):
        if outcome.change == "unchanged":
            continue
        obs = outcome.observation
        action = "create" if before is None else "update"
        label = f"{data.indicator} {obs.period} {data.vsic or '*'} {unit.name}"
        audit.record(session, actor, "observation", obs.id, action, before, snapshot(obs), label)
    return outcomes
