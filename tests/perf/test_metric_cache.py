"""The metrics' cache: values keyed by the data version's stamp, which every committed write
changes in its own transaction (``kcn.db``), on both databases.

A new empty database per test (migrated, so the stamp's row comes from the migration), with
real commits: the shared test database's sessions never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.orm import Session

from kcn.cli import alembic_config
from kcn.db import data_version, make_engine
from kcn.kit import metrics
from kcn.kit.metrics import Metric, Reading
from kcn.models import Milestone, Zone
from kcn.zones.summary import summarize
from tests.conftest import Backend

DAY = date(2024, 6, 30)


@pytest.fixture
def fresh(empty_backend: Backend) -> Iterator[Engine]:
    command.upgrade(alembic_config(empty_backend.url), "head")
    engine = make_engine(empty_backend.url)
    yield engine
    engine.dispose()


def _park(code: str) -> Zone:
    zone = Zone(code=code, kind="industrial_park", name=code, name_folded=code.lower(),
                planned_area_ha=Decimal("100"))  # fmt: skip
    zone.milestones = [Milestone(kind="planning_task", reached_on=date(2020, 1, 1))]
    return zone


def _parks(engine: Engine) -> tuple[int, float]:
    with Session(engine) as session:
        total = summarize(session, DAY)["industrial_park"]["total"]
        return total["count"], total["area_ha"]


def _stamp(engine: Engine) -> str:
    with Session(engine) as session:
        stamp: str | None = session.scalar(select(data_version.c.stamp))
        assert stamp is not None
        return stamp


def test_every_kind_of_committed_write_is_seen_by_the_next_read(fresh: Engine) -> None:
    assert _parks(fresh) == (0, 0)
    with Session(fresh) as session:  # the ORM
        session.add(_park("CACHE-1"))
        session.commit()
    assert _parks(fresh) == (1, 100)
    with fresh.begin() as connection:  # Core on a bare connection (imports, generators)
        connection.execute(update(Zone).values(planned_area_ha=Decimal("250")))
    assert _parks(fresh) == (1, 250)
    with Session(fresh) as session:  # Core through a session, several rows at once
        zone_id = session.scalar(select(Zone.id))
        session.execute(insert(Milestone), [
            {"zone_id": zone_id, "kind": "zoning_plan", "reached_on": date(2021, 1, 1)},
        ])  # fmt: skip
        session.commit()
    with Session(fresh) as session:
        reached = summarize(session, DAY)["industrial_park"]["reached"]["zoning_plan"]
        assert reached["count"] == 1


def test_rolled_back_and_unsaved_writes_are_never_cached(fresh: Engine) -> None:
    before = _stamp(fresh)
    assert _parks(fresh) == (0, 0)
    with Session(fresh) as session:
        session.add(_park("CACHE-2"))
        session.flush()
        # The writer sees its own write, computed afresh and kept out of the cache...
        assert summarize(session, DAY)["industrial_park"]["total"]["count"] == 1
        session.rollback()
    # ... and once rolled back, nothing changed: neither the stamp nor the figure.
    assert _stamp(fresh) == before
    assert _parks(fresh) == (0, 0)


def test_reads_do_not_change_the_stamp(fresh: Engine) -> None:
    before = _stamp(fresh)
    with Session(fresh) as session:
        session.scalar(select(func.count(Zone.id)))
        session.commit()
    assert _parks(fresh) == (0, 0)
    assert _stamp(fresh) == before


def test_a_cached_value_is_served_without_computing_it_again(fresh: Engine) -> None:
    calls: list[int] = []

    def compute(context: metrics.Context, _params: dict[str, object]) -> Reading:
        calls.append(1)
        count = context.session.scalar(select(func.count(Zone.id))) or 0
        return Reading(Decimal(count), count)

    metrics.register(Metric("test.cached_zones", "count", 0, "vi", "en", "count", ("zone",),
                            compute))  # fmt: skip
    try:
        for _ in range(3):  # three requests, three sessions: computed once
            with Session(fresh) as session:
                assert metrics.compute(session, "test.cached_zones").value == 0
        assert len(calls) == 1
        with Session(fresh) as session:
            session.add(_park("CACHE-3"))
            session.commit()
        for _ in range(2):
            with Session(fresh) as session:
                assert metrics.compute(session, "test.cached_zones").value == 1
        assert len(calls) == 2
    finally:
        metrics.unregister("test.cached_zones")


def test_the_cache_is_bounded() -> None:
    cache = metrics.Cache(size=3)

    def made(n: int) -> Callable[[], int]:
        return lambda: n

    for n in range(10):
        assert cache.get_or_make(("k", n), made(n)) == n
    assert len(cache) == 3 and cache.computed == 10
    assert cache.get_or_make(("k", 9), lambda: -1) == 9  # the most recent ones stay


def test_staff_figures_cached_for_staff_are_not_shown_to_the_public(
    client_as: Callable[[str | None], TestClient],
) -> None:
    """Values are cached by metric and parameters alone (a metric's computation receives no
    actor); what a reader may see is decided by the page every time: the internal tiles an
    officer's visit put in the cache stay off the public dashboard."""
    staff, public = client_as("admin"), client_as(None)
    internal = 'data-metric="monitoring.requests_overdue"'
    assert internal in staff.get("/dashboard", params={"period": "2024-H1"}).text
    shown = public.get("/dashboard", params={"period": "2024-H1"})
    assert shown.status_code == 200
    assert internal not in shown.text
    assert 'data-metric="zones.count"' in shown.text
