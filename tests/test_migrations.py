"""The migrations build exactly the schema of the models, and go down and up again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import kcn.models  # noqa: F401
from kcn.cli import alembic_config
from kcn.db import Base, make_engine
from tests.conftest import Backend


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    return list(diff)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names - {"alembic_version"}


def test_models_and_migrations_agree(empty_backend: Backend) -> None:
    command.upgrade(alembic_config(empty_backend.url), "head")
    assert _diff(empty_backend.url) == []


def test_upgrade_downgrade_upgrade(empty_backend: Backend) -> None:
    config = alembic_config(empty_backend.url)
    command.upgrade(config, "head")
    tables = _tables(empty_backend.url)
    assert {"zone", "milestone", "zone_land", "admin_unit", "published_figure"} <= tables
    command.downgrade(config, "base")
    assert _tables(empty_backend.url) == set()
    command.upgrade(config, "head")
    assert _tables(empty_backend.url) == tables
