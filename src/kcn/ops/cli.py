"""``kcn backup`` and ``kcn restore``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kcn.config import get_settings
from kcn.kit.cli import handle_errors, out
from kcn.ops import backup as backups
from kcn.ops.schema import Standing


@handle_errors
def backup(
    file: Annotated[Path, typer.Argument(help="The backup file to write; must not exist.")],
) -> None:
    """Back up the whole database to FILE while the server runs (SQLite: the online backup
    API; PostgreSQL: pg_dump)."""
    revision = backups.backup(get_settings().effective_database_url, file)
    out(f"Backup written to {file} (schema revision {revision}).")


@handle_errors
def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `kcn backup`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the whole database by the backup FILE. Refused for a backup from a newer
    schema than this version of KCN knows. Stop the server first."""
    url = get_settings().effective_database_url
    if not yes:
        typer.confirm(f"Replace every record of the database by {file}?", abort=True)
    revision, standing = backups.restore(url, file)
    out(f"Restored {file} (schema revision {revision}).")
    if standing is Standing.older:
        out("The backup comes from an older schema: run `kcn db upgrade` now.")
