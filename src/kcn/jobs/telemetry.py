"""Jobs in the Prometheus metrics at ``/metrics`` (:mod:`kcn.kit.telemetry`): how many are
queued, running or failed, by kind, read from the ``job`` table when the metrics are scraped,
so that every worker process gives the same answer."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcn.kit.telemetry import GaugeSource, add_gauge_source
from kcn.models import Job

STATES = ("queued", "running", "failed")


def read(session: Session) -> Iterable[tuple[tuple[str, ...], float]]:
    """(kind, state) and the number of jobs, for each state in :data:`STATES` (zero
    included, for the kinds the table holds)."""
    stmt = (
        select(Job.kind, Job.state, func.count())
        .where(Job.state.in_(STATES))
        .group_by(Job.kind, Job.state)
    )
    counts = {(kind, state): n for kind, state, n in session.execute(stmt)}
    kinds = set(session.scalars(select(Job.kind).distinct())) | {k for k, _ in counts}
    return [((kind, state), float(counts.get((kind, state), 0)))
            for kind in sorted(kinds) for state in STATES]  # fmt: skip


add_gauge_source(
    GaugeSource(
        "kcn_jobs",
        "Background jobs by kind and state (queued, running, failed), from the job table.",
        ("kind", "state"),
        read,
    )
)
