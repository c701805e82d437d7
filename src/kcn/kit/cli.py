"""CLI plumbing: a database session from the settings, and errors as one line, exit code 2."""

from __future__ import annotations

import functools
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
import typer
from alembic.util import CommandError
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from kcn.config import get_settings
from kcn.db import make_engine, make_sessionmaker
from kcn.kit.errors import DomainError
from kcn.kit.i18n import pick_language, translate
from kcn.kit.permissions import Actor, system_actor

F = TypeVar("F", bound=Callable[..., Any])


def cli_actor() -> Actor:
    """The command line acts as an administrator under the name of the account running it:
    whoever runs it on the server already holds the database."""
    return system_actor(f"cli:{getpass.getuser()}", "cli")


def cli_lang() -> str:
    return pick_language(get_settings().default_language)


@contextmanager
def cli_session() -> Iterator[Session]:
    settings = get_settings()
    engine = make_engine(settings.effective_database_url, settings.sqlite_busy_timeout_ms)
    session = make_sessionmaker(engine)()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


def fail(message: str) -> None:
    """Print one line on stderr and exit with code 2."""
    typer.echo(f"kcn: {message}", err=True)
    raise typer.Exit(code=2)


def handle_errors(func: F) -> F:
    """Turn domain and database errors into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DomainError as exc:
            lang = cli_lang()
            details = "; ".join(
                f"{f.field}: {translate(f.key, lang, **f.params)}" for f in exc.fields
            )
            message = translate(exc.key, lang, **exc.params)
            fail(f"{message}{' (' + details + ')' if details else ''}")
        except ValidationError as exc:  # a KCN_ setting with a bad value
            first = exc.errors()[0]
            name = "KCN_" + str(first["loc"][0]).upper() if first["loc"] else "KCN_*"
            fail(f"setting {name}: {first['msg']}")
        except OperationalError as exc:
            fail(f"database: {str(exc.orig).strip().splitlines()[0] if exc.orig else exc}")
        except (typer.Exit, typer.Abort, click.exceptions.ClickException):
            raise
        except (OverflowError, ValueError, ArithmeticError, SQLAlchemyError) as exc:
            line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            fail(f"{type(exc).__name__}: {line}")
        except CommandError as exc:  # alembic: an unknown revision and the like
            fail(f"migrations: {exc}")
        return None

    return wrapper  # type: ignore[return-value]


def out(text: str) -> None:
    sys.stdout.write(text + "\n")
