"""``kcn users`` and ``kcn tokens``: accounts from the server's command line."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from kcn.auth import passwords, service
from kcn.config import get_settings
from kcn.kit.cli import cli_actor, cli_session, handle_errors, out
from kcn.kit.security import new_password
from kcn.models import User

users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
tokens_app = typer.Typer(help="Personal API tokens.", no_args_is_help=True)


@users_app.command("create")
@handle_errors
def create(
    username: Annotated[str, typer.Argument(help="Login name: lower case, digits, . _ -")],
    role: Annotated[
        str,
        typer.Option(
            help="admin, zone_board, industry_trade, investment, statistics, viewer or enterprise"
        ),
    ],
    full_name: Annotated[str, typer.Option(help="Name shown in the audit trail.")] = "",
    enterprise: Annotated[
        str | None, typer.Option(help="Tax code, for the enterprise role.")
    ] = None,
    zone: Annotated[
        list[str] | None, typer.Option(help="Limit to this zone code (repeat).")
    ] = None,
    admin_unit: Annotated[
        list[str] | None, typer.Option(help="Limit to this unit key or code (repeat).")
    ] = None,
    password: Annotated[
        str | None, typer.Option(help="Default: generate one and print it once.")
    ] = None,
) -> None:
    """Create a user; without --password, a generated password is printed once."""
    clear = password or new_password()
    data = service.NewUser(
        username=username,
        password=clear,
        role=role,
        full_name=full_name,
        enterprise_tax_code=enterprise,
        zones=tuple(zone or ()),
        admin_units=tuple(admin_unit or ()),
    )
    with cli_session() as session:
        user = service.create_user(session, data, cli_actor())
    out(f"Created user {user.username} ({user.role}).")
    if password is None:
        out(f"Password (shown once): {clear}")


@users_app.command("list")
@handle_errors
def list_users() -> None:
    """List users with their role and status."""
    with cli_session() as session:
        for user in service.list_users(session):
            status = "active" if user.is_active else "disabled"
            out(f"{user.username:<24} {user.role:<16} {status:<9} {user.full_name}")


@users_app.command("disable")
@handle_errors
def disable(username: str) -> None:
    """Disable a user: no more logins; sessions and tokens end at once."""
    with cli_session() as session:
        service.set_active(session, username, False, cli_actor())
    out(f"Disabled {username}.")


@users_app.command("enable")
@handle_errors
def enable(username: str) -> None:
    """Enable a disabled user again."""
    with cli_session() as session:
        service.set_active(session, username, True, cli_actor())
    out(f"Enabled {username}.")


@users_app.command("password")
@handle_errors
def password(
    username: Annotated[str, typer.Argument(help="Whose password to set.")],
) -> None:
    """Set a user's password, typed twice at a hidden prompt (never as an argument)."""
    clear = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with cli_session() as session:
        passwords.set_password(session, username, clear, cli_actor())
    out(f"Password of {username} changed; their web sessions have ended.")


@users_app.command("reset-password")
@handle_errors
def reset_password(username: str) -> None:
    """Give a user a generated password, printed once; they must change it at next sign-in."""
    with cli_session() as session:
        _, clear = passwords.reset_password(session, username, cli_actor())
    out(f"Temporary password of {username} (shown once; to be changed at next sign-in): {clear}")


ADMIN_PASSWORD_FILE = "admin-password.txt"


def admin_password_file() -> Path:
    return (get_settings().var_dir / ADMIN_PASSWORD_FILE).resolve()


@users_app.command("ensure-admin")
@handle_errors
def ensure_admin() -> None:
    """Create the first administrator, 'admin', if there is no user yet; its password goes to
    a file readable only by its owner, under KCN_VAR_DIR."""
    path = admin_password_file()
    with cli_session() as session:
        if session.scalar(select(User.id).limit(1)) is not None:
            out(first_admin_notice(path))
            return
        clear = new_password()
        data = service.NewUser(
            username="admin", password=clear, role="admin", full_name="Administrator"
        )
        service.create_user(session, data, cli_actor())
    write_private(path, clear + "\n")
    out(first_admin_notice(path))


def first_admin_notice(path: Path) -> str:
    if path.exists():
        return (
            f"First administrator: user 'admin', password in {path} "
            "(readable only by you; delete the file once you have changed it at /account)."
        )
    return "Users exist; sign in at /login (create more with `kcn users create`)."


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with mode 600 from the start (no moment readable by others)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


@tokens_app.command("create")
@handle_errors
def create_token(
    username: str,
    name: Annotated[str, typer.Option(help="What the token is for.")],
    days: Annotated[
        int | None, typer.Option(min=1, max=3650, help="Expire after this many days.")
    ] = None,
) -> None:
    """Create an API token for a user and print it once."""
    expires = datetime.now(UTC) + timedelta(days=days) if days else None
    with cli_session() as session:
        user = service.get_user(session, username)
        token, clear = service.create_token(
            session, get_settings(), user, name, expires, cli_actor()
        )
    out(f"Token {token.id} for {username} (shown once): {clear}")


@tokens_app.command("list")
@handle_errors
def list_tokens(username: str) -> None:
    """List a user's tokens (id, name, prefix, expiry, status); never the tokens themselves."""
    with cli_session() as session:
        user = service.get_user(session, username)
        for token in service.list_tokens(session, user.id):
            expires = token.expires_at.date().isoformat() if token.expires_at else "-"
            status = "revoked" if token.revoked_at else "active"
            out(f"{token.id:>5}  {token.name:<30} {token.prefix}…  {expires:<10} {status}")


@tokens_app.command("revoke")
@handle_errors
def revoke_token(token_id: int) -> None:
    """Revoke a token by its id."""
    with cli_session() as session:
        service.revoke_token(session, None, token_id, cli_actor())
    out(f"Revoked token {token_id}.")
