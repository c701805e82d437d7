"""Backup and restore of the whole database, with the schema revision checked on restore.

SQLite: the online backup API (``sqlite3.Connection.backup``), which copies a consistent
snapshot while the server runs, WAL included; a copied file would miss what the WAL holds.
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` (from PATH or
``/usr/lib/postgresql/*/bin``), limited to the schema of the connection's ``search_path``
when the URL names one.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import MetaData, create_engine
from sqlalchemy.engine import URL, make_url

from kcn.kit.errors import DomainError
from kcn.ops import schema


class BackupError(DomainError):
    status_code = 400
    code = "backup_failed"
    key = "ops.backup_failed"


def backup(url: str, target: Path) -> str:
    """Write a backup of the database at ``url`` to ``target``; return its schema revision."""
    if target.exists():
        raise BackupError("ops.backup_exists", path=str(target))
    parsed = make_url(url)
    partial = target.with_name(target.name + ".partial")
    try:
        if parsed.get_backend_name() == "sqlite":
            with closing(_sqlite(parsed)) as source, closing(sqlite3.connect(partial)) as copy:
                source.backup(copy)
        else:
            schema_name = _search_path(parsed)
            args = ["--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"]
            args += [f"--schema={schema_name}"] if schema_name else []
            _run("pg_dump", parsed, args)
        revision = revision_of(url, partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return revision or "-"


def restore(url: str, source: Path) -> tuple[str, schema.Standing]:
    """Replace the database at ``url`` by the backup ``source``. Refused when the backup comes
    from a newer schema than this code knows. Return its revision and how it stands."""
    if not source.is_file():
        raise BackupError("ops.backup_missing", path=str(source))
    revision = revision_of(url, source)
    standing = schema.standing(revision)
    if standing in (schema.Standing.newer, schema.Standing.empty):
        raise BackupError("ops.backup_newer", revision=revision or "-", head=schema.head())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with closing(_read_only(source)) as saved, closing(_sqlite(parsed)) as live:
            saved.backup(live)
    else:
        _drop_tables(url, _search_path(parsed))
        args = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        _run("pg_restore", parsed, [*args, "--exit-on-error", str(source)])
    return revision or "-", standing


def revision_of(url: str, path: Path) -> str | None:
    """The alembic revision recorded inside a backup file."""
    if make_url(url).get_backend_name() == "sqlite":
        try:
            with closing(_read_only(path)) as db:
                row = db.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError("ops.backup_unreadable", path=str(path)) from exc
        return str(row[0]) if row else None
    listing = _tool("pg_restore")
    result = subprocess.run(
        [listing, "--data-only", "--table=alembic_version", "--file=-", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError("ops.backup_unreadable", path=str(path))
    match = re.search(
        r"COPY \S*alembic_version \(version_num\) FROM stdin;\n([^\n\\]+)\n", result.stdout
    )
    return match.group(1).strip() if match else None


def _sqlite(parsed: URL) -> sqlite3.Connection:
    database = parsed.database or ""
    if database in ("", ":memory:"):
        raise BackupError("ops.backup_memory")
    return sqlite3.connect(database, timeout=30)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)


def _search_path(parsed: URL) -> str | None:
    options = unquote(str(parsed.query.get("options", "")))
    match = re.search(r"search_path\s*=\s*([A-Za-z0-9_]+)", options)
    return match.group(1) if match else None


def _drop_tables(url: str, schema_name: str | None) -> None:
    """Empty the target first, so that tables a newer migration added do not survive."""
    engine = create_engine(url)
    try:
        metadata = MetaData(schema=schema_name)
        with engine.begin() as connection:
            metadata.reflect(connection)
            metadata.drop_all(connection)
    finally:
        engine.dispose()


def _tool(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise BackupError("ops.tool_missing", tool=name)
    return found


def _run(tool: str, parsed: URL, args: list[str]) -> None:
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    command = [_tool(tool), f"--host={parsed.host or 'localhost'}"]
    command += [f"--port={parsed.port or 5432}", f"--dbname={parsed.database or ''}"]
    command += [f"--username={parsed.username}"] if parsed.username else []
    result = subprocess.run([*command, *args], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["?"])[-1]
        raise BackupError("ops.tool_failed", tool=tool, detail=detail)
