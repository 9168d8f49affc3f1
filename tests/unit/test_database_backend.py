"""CI runs the suite twice; this proves each run really used the database it claims."""
import os

import pytest

from casebook.extensions import db


def test_suite_runs_on_the_expected_database(app):
    expected = os.environ.get("CASEBOOK_EXPECT_DIALECT")
    if not expected:
        pytest.skip("CASEBOOK_EXPECT_DIALECT not set (CI sets it)")
    with app.app_context():
        assert db.engine.dialect.name == expected


def test_connections_are_set_up_for_safe_concurrent_writes(app):
    with app.app_context(), db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        else:
            # PostgreSQL is used as it is: row locks and constraints do the work.
            isolation = conn.exec_driver_sql("SHOW transaction_isolation").scalar()
            assert isolation == "read committed"
