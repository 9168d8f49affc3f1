"""Server-side session records: one UserSession row per sign-in.

The login id Flask-Login keeps in the session cookie and the remember-me cookie is
"<user id>:<key>", the key random per sign-in. A request is signed in only while the
row for that key exists, belongs to the account's current session generation and has
not expired. So signing out (deleting the row) ends every copy of that browser's
cookies, and bumping User.session_version ends all of an account's sessions at once.

Plain functions that flush; the request commits.
"""
from __future__ import annotations

import functools
import hashlib
import secrets
from collections import namedtuple
from datetime import timedelta
from typing import Any

from flask import current_app, g
from sqlalchemy import Integer, bindparam, cast, delete, literal_column, null, or_, select, true, union_all

from ..cases.models import utcnow
from ..db import read_rows, reads_only
from ..extensions import db
from .models import User, UserRole, UserSession
from .signed_in import COLUMNS as SIGNED_IN_COLUMNS
from .signed_in import FACTS, SignedIn

_MAX_KEY_LENGTH = 100


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _lifetime() -> timedelta:
    # As long as remember-me lasts: a copied cookie is dead after that, remembered or not.
    return timedelta(seconds=int(current_app.config["REMEMBER_COOKIE_DURATION"]))


def open_record(user: User) -> str:
    """Record a new sign-in of `user`; its login id. Purges the account's dead rows."""
    now = utcnow()
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id,
        or_(UserSession.expires_at <= now, UserSession.session_version != user.session_version),
    ))
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, key_hash=_digest(key),
                               session_version=user.session_version, expires_at=now + _lifetime()))
    db.session.flush()
    user.current_login_id = f"{user.id}:{key}"
    return user.current_login_id


def _parse(login_id) -> tuple[int, str] | None:
    raw_id, _, key = str(login_id or "").partition(":")
    if not raw_id.isdigit() or len(raw_id) > 18 or not key or len(key) > _MAX_KEY_LENGTH:
        return None
    return int(raw_id), key


# Built once (per set of facts and companions): every signed-in request runs it, and
# building it cost more than running it. Columns, not an ORM entity (see signed_in.py);
# one row per role (or one with None), times the companions' rows if a page asked some.
_statements: dict[tuple, Any] = {}


def _account_statement(facts: tuple[str, ...], companions: tuple = ()):
    statement = _statements.get((facts, companions))
    if statement is None:
        statement = (
            select(*(getattr(User, name) for name in SIGNED_IN_COLUMNS), UserRole.role,
                   *(FACTS[name].column().label(f"fact_{name}") for name in facts))
            .join(UserSession, UserSession.user_id == User.id)
            .outerjoin(UserRole, UserRole.user_id == User.id)
            .where(
                User.id == bindparam("user_id"),
                UserSession.key_hash == bindparam("key_hash"),
                UserSession.session_version == User.session_version,
                UserSession.expires_at > bindparam("now"),
            )
        )
        if companions:
            account = statement.subquery("account")
            asked = _asked_together(companions).subquery("asked")
            statement = select(*account.c, *asked.c).select_from(account.outerjoin(asked, true()))
        _statements[(facts, companions)] = statement
    return statement


def _asked_together(companions: tuple):
    """The companions' rows in one column set: `asked_which` says whose row it is (its
    place in `companions`), `asked_<place>_<column>` holds its columns, the others'
    are NULL (cast to their type: PostgreSQL matches a UNION's columns by type)."""
    branches = []
    for place, companion in enumerate(companions):
        own = companion.subquery(f"asked_{place}")
        columns = [literal_column(str(place), Integer).label("asked_which")]
        for other_place, other in enumerate(companions):
            for column in other.selected_columns:
                name = f"asked_{other_place}_{column.key}"
                columns.append(own.c[column.key].label(name) if other_place == place
                               else cast(null(), column.type).label(name))
        branches.append(select(*columns).select_from(own))
    return branches[0] if len(branches) == 1 else union_all(*branches)


def user_for_login_id(login_id) -> SignedIn | None:
    """The account a live session record opens, with its roles, in one query; else None.

    A page view also gets the account facts higher features registered, and the
    statements the page asked to come with the account (signed_in.py).
    """
    parsed = _parse(login_id)
    if parsed is None:
        return None
    user_id, key = parsed
    asked = g.pop("_casebook_ask_with_account", None) or []
    if not reads_only():
        asked, with_facts = [], False
    else:
        with_facts = not asked or any(wants_facts for _, _, wants_facts in asked)
    companions = tuple(statement for statement, _, _ in asked)
    facts = tuple(FACTS) if with_facts else ()
    params: dict[str, Any] = {}
    for _, asked_params, _ in asked:
        params.update(asked_params)
    params.update(user_id=user_id, key_hash=_digest(key), now=utcnow())
    for name in facts:
        params.update(FACTS[name].params())
    rows = read_rows(_account_statement(facts, companions), params).all()
    if not rows:
        return None
    first = rows[0]._mapping
    account = SignedIn(first, frozenset(r.role for r in rows if r.role), login_id,
                       {name: first[f"fact_{name}"] for name in facts})
    if not account.is_active:
        return None
    if companions:
        g._casebook_asked_rows = (user_id, _asked_rows(companions, rows))
    return account


def _asked_rows(companions: tuple, rows) -> dict:
    """{companion: its own rows}: each once (not once per role), none if it found none."""
    found: dict = {companion: [] for companion in companions}
    first_role = rows[0].role
    for row in rows:
        values = row._mapping
        place = values["asked_which"]
        if row.role != first_role or place is None:
            continue
        names = _row_type(companions[place])
        found[companions[place]].append(
            names(*(values[f"asked_{place}_{name}"] for name in names._fields)))
    return found


@functools.lru_cache(maxsize=16)
def _row_type(companion):
    return namedtuple("AskedRow", [column.key for column in companion.selected_columns])


def close_record(login_id) -> None:
    """Sign-out: this sign-in's row goes, and with it every copy of its cookies."""
    parsed = _parse(login_id)
    if parsed is not None:
        user_id, key = parsed
        db.session.execute(delete(UserSession).where(
            UserSession.user_id == user_id, UserSession.key_hash == _digest(key)))


def end_every_session(user: User) -> None:
    """Every sign-in of the account ends: the generation moves on, the rows go."""
    user.session_version += 1
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.flush()
