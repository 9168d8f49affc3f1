"""The account a request is signed in as, read from one column query.

Every page a member opens starts by checking their session record and loading their
account. An ORM `User` for that cost more than the query itself (about 0.1 ms a
request, measured in docs/performance.md), and almost every request only reads a few
fields. So Flask-Login's `current_user` is a `SignedIn`: the account's columns and role
names as plain values. Anything else it is asked for comes from the account's `User`
row, loaded on first use (`row()`); changing the account always goes through `row()`,
so a write can never land on this copy and be lost.

Higher features ask something about the reader on nearly every page (the header's
unread notifications, whether a cohort holds anything, whether a hindsight check is
waiting). Each would be a statement of its own; instead a feature registers it here as
an account fact, a subquery correlated on the account, and page views (which only
read) get it with the account's own statement. Writes never use a fact: what they
decide on is asked afresh, after anything the request itself changed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import g, has_request_context

from ..db import reads_only
from ..extensions import db

# The columns a SignedIn holds; every other attribute is read from the User row.
COLUMNS = (
    "id", "email", "display_name", "is_suspended", "deleted_at", "session_version",
    "created_at", "level", "function", "industry", "years_experience", "profile_public",
)


@dataclass(frozen=True)
class AccountFact:
    column: Callable[[], Any]  # builds the subquery, correlated on users.id
    params: Callable[[], dict[str, Any]] = field(default=dict)  # bind values, per request


FACTS: dict[str, AccountFact] = {}


def account_fact(name: str, params: Callable[[], dict[str, Any]] = dict):
    """Register `build() -> scalar subquery` as the account fact `name` (at import time)."""
    def register(build: Callable[[], Any]) -> Callable[[], Any]:
        FACTS[name] = AccountFact(build, params)
        return build
    return register


def ask_with_account(statement, params: dict[str, Any], facts: bool = True) -> None:
    """A page view about to ask `statement` (before the signed-in account is loaded)
    gets it asked with the account's own statement: one round trip instead of two,
    which on PostgreSQL is most of what a signed-in page waits for. Several statements
    may be asked so (a page and the features on it): they come in the same round trip.

    The statement may use the `user_id` parameter (the id the session names, whose rows
    only come back joined to that session's live account); its other parameters must
    not be the account's (`key_hash`, `now`), nor another asked statement's with a
    different value. The page takes its rows with `rows_asked_with_account`, which
    answers None when the account was loaded some other way: then the page asks the
    statement itself. With `facts=False` the account facts are left out unless another
    asked statement wants them: a request that draws no page (a live session's poll,
    twice a second per follower) has no use for them.
    """
    if has_request_context() and reads_only():
        asked = g.setdefault("_casebook_ask_with_account", [])
        for other, other_params, _ in asked:
            if other is statement and other_params == params:
                return  # asked already: its rows come once
            clash = {k for k in params.keys() & other_params.keys() if params[k] != other_params[k]}
            if clash:
                raise ValueError(f"asked with the account twice with different {sorted(clash)}")
        asked.append((statement, params, facts))


def rows_asked_with_account(statement, user_id: int) -> list | None:
    """The rows of `statement` asked with the account of `user_id` (see ask_with_account),
    or None: when the account was loaded some other way, or is another account's."""
    if not has_request_context():
        return None
    account_id, rows = g.get("_casebook_asked_rows", (None, {}))
    return rows.pop(statement, None) if account_id == user_id else None


def known_fact(user, name: str) -> Any:
    """The fact as read with the signed-in account, or None when it was not (a write,
    an account loaded some other way): then the caller asks the database itself."""
    if not isinstance(user, SignedIn):
        return None
    return user.__dict__["_facts"].get(name)


class SignedIn:
    is_authenticated = True
    is_anonymous = False

    def __init__(self, values: dict[str, Any], roles: frozenset[str], login_id: str,
                 facts: dict[str, Any] | None = None) -> None:
        fields = {name: values[name] for name in COLUMNS}
        fields.update(_roles=roles, current_login_id=login_id, _row=None, _facts=facts or {})
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"change the account through row(), not the signed-in copy ({name})")

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not held above (relationships, rarely used properties).
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.row(), name)

    def row(self):
        """The account's User row in this request's database session (loaded once)."""
        from .models import User

        if self.__dict__["_row"] is None:
            self.__dict__["_row"] = db.session.get(User, self.id)
        return self.__dict__["_row"]

    def get_id(self) -> str:
        return self.current_login_id

    def login_id(self) -> str:
        return self.current_login_id

    @property
    def is_active(self) -> bool:
        return not (self.is_suspended or self.is_deleted)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        return "former member" if self.is_deleted else self.display_name

    @property
    def role_names(self) -> list[str]:
        return sorted(self._roles)

    def has_role(self, role: str) -> bool:
        return role == "leader" or role in self._roles

    def __repr__(self) -> str:
        return f"<SignedIn {self.id}>"
