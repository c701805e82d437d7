"""Which migration a database is at, and where that stands against the code's head."""

from __future__ import annotations

import enum
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"


class Standing(enum.StrEnum):
    current = "current"  # at the code's head
    older = "older"  # a known revision before the head: `kcn db upgrade` brings it up
    newer = "newer"  # unknown to this code: made by a newer KCN
    empty = "empty"  # no migration applied


def scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def head() -> str:
    revision = scripts().get_current_head()
    assert revision is not None
    return revision


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def standing(revision: str | None) -> Standing:
    if revision is None:
        return Standing.empty
    if revision == head():
        return Standing.current
    known = {script.revision for script in scripts().walk_revisions()}
    return Standing.older if revision in known else Standing.newer
