"""Importing observations runs a fixed number of queries, whatever the number of rows (issue 8),
and reports its progress to a callback (for the background jobs to come)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from kcn.kit.permissions import system_actor
from kcn.models import AuditRecord, Observation
from kcn.stats import service

ACTOR = system_actor("query count", "cli")


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements sent to ``engine`` inside the block."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def rows(count: int, value: int, year: int) -> list[dict[str, Any]]:
    """``count`` monthly values of some sections and districts, every key different."""
    units = ["", "222", "223"]
    keys = [(year + i // 36, i // 3 % 12 + 1, units[i % 3]) for i in range(count)]
    return [
        {"indicator": "production_value", "period": f"{y}-{m:02d}", "vsic": "C",
         "admin_unit": unit, "value": str(value + i), "status": "estimate"}
        for i, (y, m, unit) in enumerate(keys)
    ]  # fmt: skip


def import_counted(engine: Engine, session: Session, data: list[dict[str, Any]]) -> int:
    with counted(engine) as statements:
        report = service.import_rows(session, data, ACTOR, "en")
    assert report.errors == [], report.errors
    return len(statements)


def test_import_runs_the_same_queries_for_10_and_200_rows(engine: Engine, session: Session) -> None:
    small = import_counted(engine, session, rows(10, 100, 2014))
    large = import_counted(engine, session, rows(200, 100, 2016))
    assert small == large, (small, large)
    # new revisions of every key: the same again
    small_revised = import_counted(engine, session, rows(10, 500, 2014))
    large_revised = import_counted(engine, session, rows(200, 500, 2016))
    assert small_revised == large_revised, (small_revised, large_revised)
    current = select(func.count()).where(
        Observation.year.in_(range(2016, 2022)), Observation.is_current.is_(True)
    )
    assert session.scalar(current) == 200
    revised = select(func.max(Observation.revision)).where(Observation.year == 2016)
    assert session.scalar(revised) == 2
    audited = select(func.count()).where(
        AuditRecord.object_type == "observation", AuditRecord.actor_name == ACTOR.name
    )
    assert session.scalar(audited) == 420


def test_a_second_import_of_the_same_values_changes_nothing(
    engine: Engine, session: Session
) -> None:
    first = service.import_rows(session, rows(30, 7, 2012), ACTOR, "en")
    again = service.import_rows(session, rows(30, 7, 2012), ACTOR, "en")
    assert (first.created, again.created, again.unchanged) == (30, 0, 30)


def test_progress_is_reported(session: Session) -> None:
    seen: list[tuple[int, int]] = []
    data = rows(1500, 1, 2008)
    service.import_rows(session, data, ACTOR, "en", progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 1500) and seen[-1] == (1500, 1500)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
