"""Engine set-up in one place: SQLite pragmas and locking; PostgreSQL as it is.

SQLite's default deferred BEGIN lets two writers read, then collide on the upgrade to a
write lock ("database is locked", or lost updates). Write transactions therefore start
with BEGIN IMMEDIATE, which queues writers on busy_timeout instead. Reads (GET/HEAD
requests) keep a deferred BEGIN so that page views never wait for a writer (WAL).
"""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 10_000


def _begin_statement() -> str:
    if has_request_context() and request.method in READ_ONLY_METHODS:
        return "BEGIN"
    return "BEGIN IMMEDIATE"


def configure_engine(engine: Engine) -> None:
    """Attach the per-connection settings the database needs."""
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
        connection.exec_driver_sql(_begin_statement())


def read_rows(statement, params: dict):
    """Run a column query (no ORM entities) on the session's own connection and
    transaction, skipping the ORM's per-statement work: about 50 us a statement, and a
    signed-in page view runs several (measured in docs/performance.md)."""
    from .extensions import db

    return db.session.connection().execute(statement, params)
