"""Mixed load at 50 clients for ``KCN_LOAD_SECONDS`` (60 by default) on each database: reads of
lists and pages, zones created and changed, enterprises created, through ``kcn serve`` in a
process of its own. No answer with a 5xx status, and every acknowledged write is in the
database afterwards with its value. The run is bounded: the clients stop at the duration and
the whole run is cancelled 60 s after it; pytest-timeout stops the test in any case."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Backend
from tests.ops.load import (
    CLIENTS,
    SECONDS,
    kcn_server,
    missing_writes,
    prepare_database,
    run_load,
    server_log,
)


# A hard limit besides the run's own: preparing the database and starting the server included.
@pytest.mark.timeout(SECONDS + 240)
def test_mixed_load_gets_no_5xx_and_keeps_every_acknowledged_write(
    backend_kind: str, tmp_path: Path
) -> None:
    backend = Backend(backend_kind, tmp_path)
    try:
        token = prepare_database(backend.url)
        with kcn_server(backend.url, tmp_path / "var") as base:
            tally = run_load(base, token, SECONDS)
        print(f"\n{backend_kind}, {CLIENTS} clients, {SECONDS:.0f} s: {tally.summary()}")
        assert not tally.server_errors(), (tally.summary(), server_log(tmp_path / "var"))
        assert not tally.errors, tally.summary()  # every request got an answer
        assert not tally.stale_reads, tally.stale_reads[:5]
        assert {status for _op, status in tally.statuses} <= {200, 201}, tally.summary()
        assert {op for op, _status in tally.statuses} == {
            "read",
            "read_own",
            "create_zone",
            "update_zone",
            "enterprise",
        }
        assert not missing_writes(backend.url, tally)
    finally:
        backend.drop()
