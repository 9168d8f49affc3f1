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
from sqlalchemy import bindparam, delete, or_, select, true

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


# Built once (per set of facts and companion): every signed-in request runs it, and
# building it cost more than running it. Columns, not an ORM entity (see signed_in.py);
# one row per role (or one with None), times the companion's rows if a page asked one.
_statements: dict[tuple, Any] = {}


def _account_statement(facts: tuple[str, ...], companion=None):
    statement = _statements.get((facts, companion))
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
        if companion is not None:
            account = statement.subquery("account")
            asked = companion.subquery("asked")
            statement = select(
                *account.c, *(column.label(f"asked_{column.key}") for column in asked.c)
            ).select_from(account.outerjoin(asked, true()))
        _statements[(facts, companion)] = statement
    return statement


def user_for_login_id(login_id) -> SignedIn | None:
    """The account a live session record opens, with its roles, in one query; else None.

    A page view also gets the account facts higher features registered, and the
    statement the page asked to come with the account (signed_in.py).
    """
    parsed = _parse(login_id)
    if parsed is None:
        return None
    user_id, key = parsed
    reading = reads_only()
    companion, asked_params, with_facts = (
        g.pop("_casebook_ask_with_account", None) or (None, {}, True)) if reading else (None, {}, False)
    facts = tuple(FACTS) if with_facts else ()
    params = {**asked_params, "user_id": user_id, "key_hash": _digest(key), "now": utcnow()}
    for name in facts:
        params.update(FACTS[name].params())
    rows = read_rows(_account_statement(facts, companion), params).all()
    if not rows:
        return None
    first = rows[0]._mapping
    account = SignedIn(first, frozenset(r.role for r in rows if r.role), login_id,
                       {name: first[f"fact_{name}"] for name in facts})
    if not account.is_active:
        return None
    if companion is not None:
        g._casebook_asked_rows = (companion, _asked_rows(companion, rows))
    return account


def _asked_rows(companion, rows) -> list:
    """The companion's own rows: once (not once per role), none if it found nothing."""
    names = _row_type(companion)
    first_role = rows[0].role
    found = []
    for row in rows:
        if row.role != first_role:
            continue
        values = tuple(row._mapping[f"asked_{name}"] for name in names._fields)
        if any(value is not None for value in values):
            found.append(names(*values))
    return found


@functools.lru_cache(maxsize=16)
def _row_type(companion):
    return namedtuple("AskedRow", [column.key for column in companion.subquery().c])


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
