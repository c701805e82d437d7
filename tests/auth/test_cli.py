"""``kcn users`` and ``kcn tokens``: accounts from the command line, audited as the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kcn.cli import app
from kcn.config import Settings, get_settings
from kcn.kit.security import verify_password
from kcn.models import AuditRecord, User

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh migrated SQLite database of the CLI's own (the CLI commits for real)."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("KCN_DATABASE_URL", url)
    monkeypatch.setenv("KCN_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    yield url
    get_settings.cache_clear()


def test_ensure_admin_writes_the_password_to_an_owner_only_file(
    cli_db: str, tmp_path: Path
) -> None:
    first = runner.invoke(app, ["users", "ensure-admin"])
    assert first.exit_code == 0
    path = tmp_path / "var" / "admin-password.txt"
    assert f"password in {path.resolve()}" in first.stdout
    assert path.stat().st_mode & 0o777 == 0o600
    password = path.read_text().strip()
    assert len(password) >= 12 and password not in first.stdout
    with Session(create_engine(cli_db)) as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        assert admin is not None and verify_password(admin.password_hash, password)
    second = runner.invoke(app, ["users", "ensure-admin"])
    assert second.exit_code == 0 and str(path.resolve()) in second.stdout
    assert path.read_text().strip() == password  # not replaced


def test_create_list_disable_and_tokens(cli_db: str) -> None:
    created = runner.invoke(
        app,
        ["users", "create", "lan.nguyen", "--role", "statistics", "--full-name", "Nguyễn Thị Lan"],
    )
    assert created.exit_code == 0, created.output
    assert "Password (shown once)" in created.stdout
    listing = runner.invoke(app, ["users", "list"])
    assert "lan.nguyen" in listing.stdout and "statistics" in listing.stdout
    token = runner.invoke(
        app, ["tokens", "create", "lan.nguyen", "--name", "excel", "--days", "30"]
    )
    assert token.exit_code == 0
    token_id = re.search(r"Token (\d+)", token.stdout)
    assert token_id
    assert runner.invoke(app, ["tokens", "revoke", token_id.group(1)]).exit_code == 0
    again = runner.invoke(app, ["tokens", "revoke", token_id.group(1)])
    assert again.exit_code == 2 and "thu hồi" in again.stderr
    assert runner.invoke(app, ["users", "disable", "lan.nguyen"]).exit_code == 0
    engine: Engine = create_engine(cli_db)
    with Session(engine) as session:
        user = session.scalar(select(User).where(User.username == "lan.nguyen"))
        assert user is not None and not user.is_active
        names = set(session.scalars(select(AuditRecord.actor_name)))
        vias = set(session.scalars(select(AuditRecord.via)))
    engine.dispose()
    assert all(n.startswith("cli:") for n in names) and vias == {"cli"}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["users", "create", "Bad Name", "--role", "viewer"], "username"),
        (["users", "create", "ok.name", "--role", "boss"], "role"),
        (["users", "create", "ok.name", "--role", "enterprise"], "enterprise_tax_code"),
        (["users", "create", "ok.name", "--role", "viewer", "--password", "short"], "password"),
        (["users", "create", "ok.name", "--role", "viewer", "--admin-unit", "999"], "admin_units"),
        (["users", "disable", "nobody"], "nobody"),
    ],
)
def test_bad_input_is_one_line_exit_2(cli_db: str, args: list[str], field: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert field in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_secret_key_is_generated_once_owner_only(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path / "var")
    key = settings.resolved_secret_key()
    path = tmp_path / "var" / "secret_key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert settings.resolved_secret_key() == key and len(key) >= 40
    assert (
        Settings(var_dir=tmp_path / "var", secret_key="from-env").resolved_secret_key()
        == "from-env"
    )
