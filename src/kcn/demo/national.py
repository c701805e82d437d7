"""SYNTHETIC national registry: invented provinces, zones, enterprises, projects, leases,
quarterly reports, support requests and monthly statistics, for load tests and benchmarks.

Nothing here is real. The provinces are synthetic units ("Tỉnh tổng hợp S01" … "S34", keys
``SYN:S01``), not the country's provinces, so that no invented figure can be read as a real
province's. Every zone's name starts with "Tổng hợp", every enterprise's and project's with
"SYN", every code and certificate number with "SYN" (tax codes with "9"); every row carries
the demo flag its table has (``is_demo``; zones ``name_is_demo`` and ``demo_fields``), and
text fields say ``SYNTHETIC``.

Rows are written in bulk (SQLAlchemy Core ``executemany`` in batches, one transaction per
table), with explicit ids so that children can point at parents without reading them back;
PostgreSQL's sequences are moved past them at the end. The data only goes into an empty
registry (no zone yet): mixing invented and real records would make every figure false. The
real administrative units of the home province are loaded first, as ``kcn demo load`` does
(the statistics and the dashboard read them); they hold no synthetic value.

All randomness comes from ``random.Random`` seeded per table from ``seed``: the same seed and
scale give the same rows on SQLite and on PostgreSQL.

The rows themselves are built in :mod:`kcn.demo.national_rows`.
"""

from __future__ import annotations

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from kcn.demo.national_activity import write_reports, write_requests, write_statistics
from kcn.demo.national_rows import (
    Progress,
    Scale,
    Writer,
    write_enterprises,
    write_leases,
    write_projects,
    write_provinces,
    write_zone_land,
    write_zones,
)
from kcn.geo import service as geo_service
from kcn.models import (
    AdminUnit,
    Enterprise,
    Lease,
    Project,
    Zone,
)

VERSION = 2  # bump when the rows change: the benchmarks cache the data set by it


SCALES: dict[str, Scale] = {
    "national": Scale(34, 450, 1300, 60_000, 80_000, 200_000, 5, 10),
    "province": Scale(1, 14, 38, 1_800, 2_400, 6_000, 5, 10),
    # For tests: a few rows of everything.
    "tiny": Scale(2, 3, 4, 12, 16, 20, 1, 1),
}


def _no_progress(_table: str, _done: int, _total: int) -> None:
    return None


class NotEmpty(Exception):
    """The registry already holds zones: synthetic data only goes into an empty one."""


def generate(
    session: Session, scale: Scale, seed: int = 1, progress: Progress = _no_progress
) -> dict[str, int]:
    """Write the synthetic registry into ``session``'s database; return the rows per table.
    Raises :class:`NotEmpty` when the registry already holds zones."""
    if session.scalar(select(Zone.id).limit(1)) is not None:
        raise NotEmpty
    # The home province's real units (the statistics and the dashboard read them), as the
    # demo loads them; the synthetic provinces come beside them.
    geo_service.load_catalog(session)
    session.commit()
    return add_rows(session, scale, seed, progress)


def add_rows(
    session: Session, scale: Scale, seed: int = 1, progress: Progress = _no_progress
) -> dict[str, int]:
    """Write the synthetic rows beside what the database holds (tests: more rows of every
    kind, to show that a page's query count does not grow with them)."""
    writer = Writer(session, progress)
    units = write_provinces(session, writer, scale, seed)
    zones = write_zones(session, writer, scale, seed, units)
    enterprises = write_enterprises(session, writer, scale, seed)
    projects = write_projects(session, writer, scale, seed, zones, enterprises)
    write_leases(session, writer, seed, projects)
    write_zone_land(session, writer, zones)
    write_reports(session, writer, scale, seed, projects)
    write_requests(session, writer, scale, seed, enterprises)
    write_statistics(session, writer, scale, seed, units)
    _move_sequences(session)
    _tidy(session)
    return writer.counts


def _move_sequences(session: Session) -> None:
    """PostgreSQL: move each table's id sequence past the ids written here."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in (AdminUnit, Zone, Enterprise, Project, Lease):
        name = model.__tablename__
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
            )
        )
    session.commit()


def _tidy(session: Session) -> None:
    """Statistics for the query planner after the bulk load, and on SQLite the write-ahead
    log folded back into the database (it holds every row written until then).

    PostgreSQL also gets a ``VACUUM``: it sets the visibility map of the freshly written
    pages, without which every count of a list (60,000 enterprises) reads the table's pages
    instead of its index alone (9.5 → 1.6 ms for the FDI enterprises' count), until
    autovacuum gets to it."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and isinstance(bind, Engine):
        session.commit()
        with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        return
    session.execute(text("ANALYZE"))
    session.commit()
    if bind.dialect.name == "sqlite" and isinstance(bind, Engine):
        with bind.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
