"""``kcn users`` and ``kcn tokens``: accounts from the server's command line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from sqlalchemy import select

from kcn.auth import service
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


@users_app.command("ensure-admin")
@handle_errors
def ensure_admin() -> None:
    """Create the first administrator, 'admin', if there is no user yet; print its password once."""
    with cli_session() as session:
        if session.scalar(select(User.id).limit(1)) is not None:
            out("Users exist; sign in at /login (create more with `kcn users create`).")
            return
        clear = new_password()
        data = service.NewUser(
            username="admin", password=clear, role="admin", full_name="Administrator"
        )
        service.create_user(session, data, cli_actor())
    out("Created the first administrator: user 'admin', password (shown once): " + clear)


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
