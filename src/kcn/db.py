"""Engine and sessions.

SQLite gets foreign keys, WAL, a busy timeout, and transactions that behave like
PostgreSQL's default (read committed) where it matters for concurrency:

- every transaction starts with a plain ``BEGIN`` (deferred): reads take no write lock, and
  in WAL mode readers never wait for a writer nor make one wait;
- at the first statement that writes, a transaction that has only read so far ends its read
  snapshot and takes the write lock with ``BEGIN IMMEDIATE``, waiting up to the busy timeout
  for another writer to finish. A deferred transaction that tried to write on its old
  snapshot after another writer committed would fail at once with SQLITE_BUSY (no waiting is
  possible: its snapshot is stale), which is what answered "database is locked" before.

Rows read before the first write may therefore have changed by the time of the write, as on
PostgreSQL: optimistic ``version`` columns and unique constraints catch the conflicts.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# connection.info key: "read" while a deferred transaction has only read, "write" once it
# holds the write lock, absent outside our transactions.
_STATE = "kcn_sqlite_tx"
_WRITES = ("insert", "update", "delete", "replace", "create", "drop", "alter")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- the data version ---------------------------------------------------------------------
# One row whose ``stamp`` changes (a new random value, ``version`` + 1) in the same
# transaction as every write to any other table. The engine marks a connection at any INSERT,
# UPDATE or DELETE, and the stamp changes just before that transaction commits (a session's
# ``before_commit``, or the engine's ``commit`` event for a bare connection), so that no write
# path (ORM, Core executemany, imports, the generators) can forget it. Caches of
# derived figures key their values by the stamp: a value is never served after a write, in any
# worker, on either database. A random stamp, not the counter alone, so that a database
# restored from a backup never meets a value cached for another state under the same key.
data_version = Table(
    "data_version",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
    Column("stamp", String(32), nullable=False),
)


@event.listens_for(data_version, "after_create")
def _first_version(target: Table, connection: Connection, **_kw: Any) -> None:
    # A random first stamp too: a new database never meets values cached for another one.
    connection.execute(target.insert().values(id=1, version=0, stamp=uuid.uuid4().hex))


# Writes that no figure reads and that happen without any change to the registry (signing
# in, a session's expiry, a job's progress): tables named here do not change the stamp.
NOT_DATA: frozenset[str] = frozenset({"web_session", "login_attempt", "job", "data_version"})
_WRITTEN = "kcn_data_written"
_WRITE_TABLE = re.compile(
    r"\s*(?:insert\s+(?:or\s+\w+\s+)?into|replace\s+into|update|delete\s+from)\s+\"?(\w+)",
    re.IGNORECASE,
)


def _note_write(
    conn: Connection, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any
) -> None:
    if conn.info.get(_WRITTEN):
        return
    found = _WRITE_TABLE.match(statement)
    if found is not None and found.group(1).lower() not in NOT_DATA:
        conn.info[_WRITTEN] = True


def _bump_on_commit(conn: Connection) -> None:
    """A write on a bare connection (no session): change the stamp just before the commit."""
    if not conn.invalidated:
        _bump(conn)


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    """A session changes the stamp as its transaction's last statement, before the commit
    itself: a lost server then fails like any statement (a 503 and a rollback), not inside the
    commit."""
    if session.in_transaction() and session.get_transaction() is not None:
        session.flush()  # what the commit would flush, so that its writes are seen
        connection = session.connection()
        if connection.info.get(_WRITTEN) and not connection.in_nested_transaction():
            _bump(connection)


def _bump(conn: Connection) -> None:
    if not conn.info.pop(_WRITTEN, False):
        return
    # Through the connection, not a bare cursor: a lost server is then a SQLAlchemy error
    # that invalidates the connection, as a failed statement would.
    postgres = conn.dialect.name == "postgresql"
    if postgres:  # a migration before the table exists must still commit
        conn.exec_driver_sql("SAVEPOINT kcn_data_version")
    try:  # a hex stamp: nothing to quote
        conn.exec_driver_sql(
            f"UPDATE data_version SET version = version + 1, stamp = '{uuid.uuid4().hex}' "
            "WHERE id = 1"
        )
    except DBAPIError as exc:
        if not _no_table(exc.orig):
            raise
        if postgres:
            conn.exec_driver_sql("ROLLBACK TO SAVEPOINT kcn_data_version")
    else:
        if postgres:
            conn.exec_driver_sql("RELEASE SAVEPOINT kcn_data_version")


def _no_table(exc: object) -> bool:
    """Is ``exc`` "the table does not exist" (a migration to a revision before it)?"""
    return getattr(exc, "sqlstate", None) == "42P01" or "no such table" in str(exc)


def _forget_writes(conn: Connection) -> None:
    if not conn.invalidated:  # a lost connection's info cannot be reached (nor matters)
        conn.info.pop(_WRITTEN, None)


def has_unsaved_writes(session: Session) -> bool:
    """Has ``session``'s transaction written anything not yet committed (or pending)?"""
    if session.new or session.dirty or session.deleted:
        return True
    if session.in_transaction():
        return bool(session.connection().info.get(_WRITTEN))
    # A session joined to an outer transaction (the tests' pattern) commits savepoints only:
    # its writes stay unsaved until the outer connection commits.
    bind = session.get_bind()
    return isinstance(bind, Connection) and not bind.invalidated and bool(bind.info.get(_WRITTEN))


def data_stamp(session: Session) -> str | None:
    """The data version's stamp as ``session`` sees it (one query per transaction), or None
    while the session has unsaved writes (figures computed then must not be shared)."""
    if has_unsaved_writes(session):
        return None
    stamp = session.info.get(_STAMP)
    if stamp is None:
        stamp = session.scalar(select(data_version.c.stamp).where(data_version.c.id == 1))
        session.info[_STAMP] = stamp
    return stamp if isinstance(stamp, str) else None


_STAMP = "kcn.data_stamp"


@event.listens_for(Session, "after_transaction_end")
def _forget_stamp(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_STAMP, None)


def _sqlite_connect(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (below) issue BEGIN, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return on_connect


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")
    conn.info[_STATE] = "read"


def _sqlite_end(conn: Connection) -> None:
    conn.info.pop(_STATE, None)


def _sqlite_before_execute(
    conn: Connection, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any
) -> None:
    if conn.info.get(_STATE) != "read" or conn.in_nested_transaction():
        return
    if not statement.lstrip().lower().startswith(_WRITES):
        return
    # First write of a transaction that has only read: take the write lock, waiting for it.
    conn.info[_STATE] = "write"
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    dbapi.execute("COMMIT")  # ends a read-only snapshot: nothing to lose
    dbapi.execute("BEGIN IMMEDIATE")


def _read_only(sqlite: bool) -> Any:
    """A listener that makes every transaction of a new connection refuse to write (a standby
    refuses anyway; this also holds for a copy that is not one, and for SQLite)."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if sqlite:
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()  # the SET would go with a rollback of its transaction
        cursor.close()

    return on_connect


def make_engine(url: str, busy_timeout_ms: int = 5000, read_only: bool = False) -> Engine:
    """An engine for ``url``; ``read_only``: one whose connections refuse every write (for a
    replica). Every committed write of the others changes the data version's stamp."""
    sqlite = url.startswith("sqlite")
    if sqlite:
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect(busy_timeout_ms))
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "commit", _sqlite_end)
        event.listen(engine, "rollback", _sqlite_end)
        event.listen(engine, "before_cursor_execute", _sqlite_before_execute)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    if read_only:
        event.listen(engine, "connect", _read_only(sqlite))
    else:
        event.listen(engine, "before_cursor_execute", _note_write)
        event.listen(engine, "commit", _bump_on_commit)
        event.listen(engine, "rollback", _forget_writes)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def serialize(session: Session, *keys: str) -> None:
    """Hold ``keys`` until the session's transaction ends, so that read-then-write sequences
    over the same keys run one after the other. PostgreSQL: transaction-level advisory locks
    (taken in a fixed order, so two of them cannot deadlock). SQLite: nothing to do, since the
    first write takes the database's write lock and reads after it see every commit."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
