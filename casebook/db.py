"""Engine set-up in one place: SQLite pragmas and locking; PostgreSQL as it is.

SQLite's default deferred BEGIN lets two writers read, then collide on the upgrade to a
write lock ("database is locked", or lost updates). Write transactions therefore start
with BEGIN IMMEDIATE, which queues writers on busy_timeout instead. Page views (GET/HEAD
requests) only read, and run outside a transaction on both databases.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 10_000
_READING_OUTSIDE_REQUESTS: ContextVar[bool] = ContextVar("reading_outside_requests", default=False)


def configure_engine(engine: Engine) -> None:
    """Attach the per-connection settings the database needs."""
    _refuse_writes_in_page_views(engine)
    if engine.dialect.name == "postgresql":
        _configure_postgresql(engine)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own transaction handling would emit a plain BEGIN; take it over.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A page view sends no BEGIN at all: each of its few statements reads in its own
        # implicit transaction (as on PostgreSQL below), and the request's end has
        # nothing to roll back. Page views never wait for a writer either way (WAL).
        if not reads_only():
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def _configure_postgresql(engine: Engine) -> None:
    # A page view (GET/HEAD) only reads, and the request contract never commits it, so
    # it runs without a transaction: no BEGIN and no ROLLBACK round trips, which cost
    # a signed-in page view on PostgreSQL more than its own queries. Writes keep their
    # transaction (psycopg begins one with the first statement).
    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, _record, _proxy):
        dbapi_connection.autocommit = reads_only()


_WRITES = ("INSERT", "UPDATE", "DELETE")


def _refuse_writes_in_page_views(engine: Engine) -> None:
    # The request contract commits only writes (POST and friends): a page view that
    # wrote would lose it on SQLite and, outside a transaction, keep it on PostgreSQL.
    # So it may not write at all, and one that tries fails loudly.
    @event.listens_for(engine, "before_cursor_execute")
    def _check(_conn, _cursor, statement, *_args):
        if statement.lstrip()[:6].upper() in _WRITES and reads_only():
            raise RuntimeError(f"a {request.method} request tried to write: {statement[:80]}")


def reads_only() -> bool:
    """This request is a page view (GET, HEAD, OPTIONS), or the code runs `reading()`:
    it may only read."""
    if _READING_OUTSIDE_REQUESTS.get():
        return True
    return has_request_context() and request.method in READ_ONLY_METHODS


@contextmanager
def reading() -> Iterator[None]:
    """Read as a page view does, outside a request: no transaction, no write lock, no
    writes (the follower poll's fast path, cohorts/live_fast_path.py, answers before
    Flask makes a request)."""
    token = _READING_OUTSIDE_REQUESTS.set(True)
    try:
        yield
    finally:
        _READING_OUTSIDE_REQUESTS.reset(token)


def read_rows(statement, params: dict):
    """Run a column query (no ORM entities) on the session's own connection and
    transaction, skipping the ORM's per-statement work: about 50 us a statement, and a
    signed-in page view runs several (measured in docs/performance.md)."""
    from .extensions import db

    return db.session.connection().execute(statement, params)


def statements_are_round_trips() -> bool:
    """Whether each statement goes to a database server (PostgreSQL) rather than a file
    in this process (SQLite): only then does folding two statements into one pay for
    the wider statement."""
    from .extensions import db

    return db.engine.dialect.name != "sqlite"


def upsert_insert(table):
    """An INSERT on the session's database that takes `on_conflict_do_update` (both
    dialects have one, from different modules)."""
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    from .extensions import db

    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(table)
    return sqlite_insert(table)
