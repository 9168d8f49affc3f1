"""A page view (GET/HEAD) reads only: one that tries to write fails, and on PostgreSQL
it runs outside a transaction while a write keeps its own (casebook/db.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, text

from casebook.accounts.models import User
from casebook.extensions import db
from tests.factories import make_user


@pytest.fixture
def probe_app(make_app, committed):
    app = make_app()

    @app.route("/probe/delete-users", methods=["GET", "POST"])
    def delete_users():
        db.session.execute(delete(User))
        return "deleted"

    @app.route("/probe/transaction", methods=["GET", "POST"])
    def transaction():
        connection = db.session.connection()
        connection.execute(text("SELECT 1"))
        driver = connection.connection.driver_connection
        if db.engine.dialect.name == "postgresql":
            return "autocommit" if driver.autocommit else "transaction"
        return "transaction" if driver.in_transaction else "autocommit"

    return app


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_a_page_view_that_writes_fails_and_changes_nothing(probe_app):
    with probe_app.app_context():
        make_user("leader")
        db.session.commit()
    # A programming error, not bad input: the error page, and the write never ran.
    assert probe_app.test_client().get("/probe/delete-users").status_code == 500
    assert _users(probe_app) == 1


def test_a_write_request_may_write(probe_app):
    with probe_app.app_context():
        make_user("leader")
        db.session.commit()
    response = probe_app.test_client().post("/probe/delete-users")
    assert response.get_data(as_text=True) == "deleted"
    assert _users(probe_app) == 0


def test_page_views_run_outside_a_transaction_and_writes_inside_one(probe_app):
    client = probe_app.test_client()
    read = client.get("/probe/transaction").get_data(as_text=True)
    write = client.post("/probe/transaction").get_data(as_text=True)
    # On both databases a page view sends no BEGIN and no ROLLBACK: each of its few
    # statements reads on its own (on SQLite in WAL, never waiting for a writer).
    assert (read, write) == ("autocommit", "transaction")
