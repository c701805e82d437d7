"""``kcn backup`` and ``kcn restore``: a round trip gives identical data on both databases,
and a backup from a newer schema is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, select, text
from typer.testing import CliRunner

from kcn.cli import app
from kcn.config import get_settings
from tests.conftest import Backend
from tests.ops.live import prepare

runner = CliRunner()


@pytest.fixture
def db(backend_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Backend]:
    backend = Backend(backend_kind, tmp_path)
    try:
        prepare(backend, tmp_path / "var")
        monkeypatch.setenv("KCN_DATABASE_URL", backend.url)
        monkeypatch.setenv("KCN_VAR_DIR", str(tmp_path / "var"))
        get_settings.cache_clear()
        yield backend
    finally:
        get_settings.cache_clear()
        backend.drop()


def snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    engine = create_engine(url)
    try:
        metadata = MetaData()
        with engine.connect() as connection:
            metadata.reflect(connection)
            return {
                name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
                for name, table in metadata.tables.items()
            }
    finally:
        engine.dispose()


def _execute(url: str, sql: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(sql))
    engine.dispose()


def test_round_trip_gives_identical_data(db: Backend, tmp_path: Path) -> None:
    before = snapshot(db.url)
    assert len(before["admin_unit"]) > 100 and len(before["user_account"]) == 1
    file = tmp_path / "kcn.backup"
    made = runner.invoke(app, ["backup", str(file)])
    assert made.exit_code == 0, made.output
    assert file.stat().st_size > 0
    again = runner.invoke(app, ["backup", str(file)])
    assert again.exit_code == 2 and "đã tồn tại" in again.stderr  # never overwrites a backup
    # Change the database after the backup: add a row, delete some, change one.
    _execute(db.url, "DELETE FROM api_token")
    _execute(db.url, "UPDATE user_account SET full_name = 'changed'")
    runner.invoke(app, ["users", "create", "later", "--role", "viewer"])
    assert snapshot(db.url) != before
    restored = runner.invoke(app, ["restore", str(file), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert snapshot(db.url) == before


def test_restore_refuses_a_backup_from_a_newer_schema(db: Backend, tmp_path: Path) -> None:
    _execute(db.url, "UPDATE alembic_version SET version_num = '9999_future'")
    file = tmp_path / "future.backup"
    assert runner.invoke(app, ["backup", str(file)]).exit_code == 0
    _execute(db.url, "DELETE FROM api_token")
    before = snapshot(db.url)
    refused = runner.invoke(app, ["restore", str(file), "--yes"])
    assert refused.exit_code == 2
    assert "9999_future" in refused.stderr
    assert snapshot(db.url) == before


def test_restore_of_a_missing_or_foreign_file(db: Backend, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["restore", str(tmp_path / "nope"), "--yes"])
    assert missing.exit_code == 2
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup")
    assert runner.invoke(app, ["restore", str(junk), "--yes"]).exit_code == 2
