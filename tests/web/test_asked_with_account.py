"""Statements a page asks with the signed-in account (accounts/signed_in.ask_with_account)
come back exactly as each would alone, on both databases: several at once, with every
column's type, once each whatever the account's roles, and only for that account."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import bindparam, select

from casebook.accounts.models import User
from casebook.accounts.session_records import open_record, user_for_login_id
from casebook.accounts.signed_in import ask_with_account, rows_asked_with_account
from casebook.db import read_rows
from casebook.extensions import db
from tests.factories import make_user

# The reader's own columns (a datetime among them: SQLite hands it back as text unless
# its type comes through), and other accounts' rows (several, or none).
_OWN = select(User.id, User.display_name, User.created_at).where(User.id == bindparam("user_id"))
_OTHERS = (select(User.email, User.created_at)
           .where(User.display_name.like(bindparam("name_like")), User.id != bindparam("user_id"))
           .order_by(User.email))


@pytest.fixture
def reader(app, rollback):
    """A signed-in account with two roles (so its statement has a row per role), its
    login id, and three other accounts."""
    with app.app_context():
        user = make_user("editor", "facilitator", display_name="Asked Reader")
        for n in range(3):
            make_user(display_name=f"Asked Other {n}")
        db.session.flush()
        login_id = open_record(user)
        db.session.commit()
        return user.id, login_id


def _alone(statement, params):
    return [tuple(row) for row in read_rows(statement, params).all()]


def test_two_statements_come_back_each_as_asked_alone(app, reader):
    user_id, login_id = reader
    with app.test_request_context("/cases/anything", method="GET"):
        ask_with_account(_OWN, {})
        ask_with_account(_OTHERS, {"name_like": "Asked Other %"})
        account = user_for_login_id(login_id)
        assert account.id == user_id
        assert account.role_names == ["editor", "facilitator"]
        own = rows_asked_with_account(_OWN, user_id)
        others = rows_asked_with_account(_OTHERS, user_id)
        assert [tuple(r) for r in own] == _alone(_OWN, {"user_id": user_id})
        assert sorted(tuple(r) for r in others) == _alone(
            _OTHERS, {"name_like": "Asked Other %", "user_id": user_id})
        assert len(others) == 3
        assert isinstance(own[0].created_at, datetime) and isinstance(others[0].created_at, datetime)
        assert own[0].display_name == "Asked Reader"


def test_a_statement_asked_twice_comes_back_once(app, reader):
    user_id, login_id = reader
    with app.test_request_context("/cases/anything", method="GET"):
        ask_with_account(_OTHERS, {"name_like": "Asked Other %"})
        ask_with_account(_OTHERS, {"name_like": "Asked Other %"})
        user_for_login_id(login_id)
        assert len(rows_asked_with_account(_OTHERS, user_id)) == 3


def test_a_statement_that_finds_nothing_comes_back_empty(app, reader):
    user_id, login_id = reader
    with app.test_request_context("/cases/anything", method="GET"):
        ask_with_account(_OTHERS, {"name_like": "Nobody by this name%"})
        ask_with_account(_OWN, {})
        assert user_for_login_id(login_id) is not None
        assert rows_asked_with_account(_OTHERS, user_id) == []
        assert len(rows_asked_with_account(_OWN, user_id)) == 1


def test_the_rows_are_only_for_the_account_they_came_with(app, reader):
    user_id, login_id = reader
    with app.test_request_context("/cases/anything", method="GET"):
        ask_with_account(_OWN, {})
        user_for_login_id(login_id)
        assert rows_asked_with_account(_OWN, user_id + 1) is None
        assert rows_asked_with_account(_OWN, user_id) is not None
        assert rows_asked_with_account(_OWN, user_id) is None  # taken once


def test_a_write_asks_nothing_with_the_account(app, reader):
    user_id, login_id = reader
    with app.test_request_context("/cases/anything", method="POST"):
        ask_with_account(_OWN, {})
        assert user_for_login_id(login_id).id == user_id
        assert rows_asked_with_account(_OWN, user_id) is None


def test_two_asks_may_not_give_one_parameter_two_values(app, reader):
    with app.test_request_context("/cases/anything", method="GET"):
        ask_with_account(_OTHERS, {"name_like": "Asked Other %"})
        with pytest.raises(ValueError, match="name_like"):
            ask_with_account(_OTHERS, {"name_like": "Someone else%"})
