"""Passwords: change your own (page, API, CLI); an administrator resets another's, which must
then be changed at the next sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kcn.cli import app as cli_app
from kcn.config import get_settings
from kcn.kit.security import verify_password
from kcn.models import AuditRecord, User
from tests.auth.test_login import csrf_of, login
from tests.conftest import PASSWORD

NEW = "a brand new passphrase"
runner = CliRunner()


def test_change_own_password_through_the_api(client_as: Any, session: Session) -> None:
    viewer = client_as("viewer")
    url = "/api/v1/users/me/password"
    wrong = viewer.post(url, json={"current_password": "nope", "new_password": NEW})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["fields"][0]["code"] == "user.wrong_password"
    short = viewer.post(url, json={"current_password": PASSWORD, "new_password": "short"})
    assert short.json()["error"]["fields"][0]["code"] == "user.short_password"
    same = viewer.post(url, json={"current_password": PASSWORD, "new_password": PASSWORD})
    assert same.json()["error"]["fields"][0]["code"] == "user.same_password"
    ok = viewer.post(url, json={"current_password": PASSWORD, "new_password": NEW})
    assert ok.status_code == 204
    user = session.scalar(select(User).where(User.username == "viewer"))
    assert user is not None and verify_password(user.password_hash, NEW)
    record = session.scalars(
        select(AuditRecord).where(AuditRecord.object_type == "user").order_by(AuditRecord.id.desc())
    ).first()
    assert record is not None and NEW not in str(record.after)
    assert (
        client_as(None).post(url, json={"current_password": "x", "new_password": NEW}).status_code
        == 401
    )


def test_admin_reset_forces_a_change_at_next_sign_in(
    client: TestClient, client_as: Any, app: Any
) -> None:
    assert client_as("viewer").post("/api/v1/users/statistics/password-reset").status_code == 403
    reset = client.post("/api/v1/users/statistics/password-reset")
    assert reset.status_code == 200
    temporary = reset.json()["password"]
    assert client.get("/api/v1/users").json()  # still listed
    with TestClient(app) as browser:
        assert login(browser, "statistics", PASSWORD).status_code == 401  # the old one is gone
        signed_in = login(browser, "statistics", temporary)
        assert signed_in.status_code == 303
        assert signed_in.headers["location"].startswith("/account/password?next=")
        page = browser.get(signed_in.headers["location"])
        assert "Quản trị viên đã đặt lại mật khẩu của bạn" in page.text
        token = csrf_of(browser, "/account/password")
        form = {"current_password": temporary, "new_password": NEW, "csrf_token": token}
        mismatch = browser.post("/account/password", data={**form, "confirm_password": "x"})
        assert mismatch.status_code == 422 and "không khớp" in mismatch.text
        done = browser.post(
            "/account/password",
            data={**form, "confirm_password": NEW, "next": "/summary"},
            follow_redirects=False,
        )
        assert done.status_code == 303 and done.headers["location"].startswith("/summary")
        me = browser.get("/api/v1/users/me").json()
        assert me["must_change_password"] is False  # this browser stays signed in


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("KCN_DATABASE_URL", url)
    monkeypatch.setenv("KCN_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    assert runner.invoke(cli_app, ["db", "upgrade"]).exit_code == 0
    created = runner.invoke(
        cli_app, ["users", "create", "lan", "--role", "viewer", "--password", PASSWORD]
    )
    assert created.exit_code == 0
    yield url
    get_settings.cache_clear()


def _user(url: str) -> User:
    with Session(create_engine(url)) as session:
        user = session.scalar(select(User).where(User.username == "lan"))
        assert user is not None
        return user


def test_cli_password_and_reset(cli_db: str) -> None:
    mismatch = runner.invoke(cli_app, ["users", "password", "lan"], input=f"{NEW}\nother\n")
    assert mismatch.exit_code != 0
    short = runner.invoke(cli_app, ["users", "password", "lan"], input="short\nshort\n")
    assert short.exit_code == 2 and "10" in short.stderr
    ok = runner.invoke(cli_app, ["users", "password", "lan"], input=f"{NEW}\n{NEW}\n")
    assert ok.exit_code == 0, ok.output
    assert verify_password(_user(cli_db).password_hash, NEW)
    reset = runner.invoke(cli_app, ["users", "reset-password", "lan"])
    assert reset.exit_code == 0
    temporary = reset.stdout.strip().rsplit(" ", 1)[-1]
    user = _user(cli_db)
    assert user.must_change_password and verify_password(user.password_hash, temporary)
    unknown = runner.invoke(cli_app, ["users", "reset-password", "nobody"])
    assert unknown.exit_code == 2
