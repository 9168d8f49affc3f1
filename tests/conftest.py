"""Shared fixtures: one migrated database per run, one rolled-back transaction per test.

The database is SQLite in a temporary folder unless CASEBOOK_TEST_DATABASE_URL names
another (CI sets it to the local PostgreSQL). The schema is made by the migrations,
exactly as in production.

Tests do not hold an app context open while making requests (Flask-WTF keeps the CSRF
token in `g`, and a shared context would also share one SQLAlchemy session): set up data
inside `with app.app_context():` and commit, then request.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from casebook import create_app
from casebook.drawn_cache import clear_every_cache
from casebook.extensions import db

TEST_DATA = Path(__file__).parent / "data"
TEST_SECRET = "test-secret-key-not-for-production"


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("CASEBOOK_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'casebook-test.sqlite3'}"


def _reset_schema(url: str) -> None:
    """Start every run from an empty database so the migrations build all of it."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = _database_url(tmp_path_factory)
    _reset_schema(url)
    return url


_apps: list = []  # every app built, so their pools are closed at the end of the run


def build_test_app(database_url: str, tmp_path: Path | None = None, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    built = create_app(config)
    _apps.append(built)
    return built


@pytest.fixture(scope="session")
def migrated(database_url):
    app = build_test_app(database_url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


@pytest.fixture(scope="session", autouse=True)
def _close_connections_at_exit():
    """Close every pooled connection, so PostgreSQL's driver warns of none left open."""
    yield
    for built in _apps:
        with built.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def app(migrated):
    """The shared test app: CSRF and rate limits off (their own tests turn them on)."""
    return build_test_app(migrated)


@pytest.fixture
def make_app(migrated):
    """Build another app on the same database with different settings."""
    return lambda **overrides: build_test_app(migrated, **overrides)


class _ConnectionBoundSession(Session):
    """A plain Session: Flask-SQLAlchemy's own would route every query to its engine."""

    def __init__(self, db=None, **options):
        super().__init__(**options)


def _bind_sessions_to(app, connection):
    """Make db.session (one per app context) use `connection`, inside savepoints."""
    original = db.session
    db.session = db._make_scoped_session(
        {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": _ConnectionBoundSession}
    )
    return original


@pytest.fixture
def rollback(app):
    """Every write of the test happens in one transaction, rolled back afterwards."""
    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    original = _bind_sessions_to(app, connection)
    try:
        yield connection
    finally:
        # Each app context's session was closed at its teardown; only the swap remains.
        db.session = original
        transaction.rollback()
        connection.close()
        clear_every_cache()


@pytest.fixture
def client(app, rollback):
    return app.test_client()


def delete_all_rows(app) -> None:
    """For tests that commit for real (threads, live server): leave the database empty."""
    with app.app_context():
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
            # The library's version row belongs to the schema (its migration makes it).
            conn.execute(text("INSERT INTO library_state (id, version) VALUES (1, 0)"))
    clear_every_cache()


def built_once(build):
    """A module-scoped fixture: `build(app)` run once for the whole module, with real
    commits, and the database emptied before and after. Matrices and crawls that give
    every test the same rows use it with `rollback`, so each test's own writes still
    roll back (building the rows for each of ~500 tests was most of the matrix's time on
    PostgreSQL)."""

    @pytest.fixture(scope="module")
    def committed_once(app):
        delete_all_rows(app)
        made = build(app)
        yield made
        delete_all_rows(app)

    return committed_once


@pytest.fixture
def committed(app):
    """Real commits, visible to other connections and threads; emptied afterwards."""
    delete_all_rows(app)
    yield app
    delete_all_rows(app)


@pytest.fixture
def provide(monkeypatch):
    """`provide(slot)` registers a page-panel provider for this test only."""
    from casebook import panels

    monkeypatch.setattr(panels, "_providers", {
        slot: list(entries) for slot, entries in panels._providers.items()})
    return panels.provides


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _rate_limits_stay_off():
    """Flask-Limiter keeps one switch and one in-memory store per process: whatever a
    test turned on or counted, the next test starts with limits off and counters empty."""
    from casebook.extensions import limiter

    yield
    if getattr(limiter, "_storage", None) is not None:
        limiter.reset()
    limiter.enabled = False
