"""A follower's pass for the live version poll, so the poll need not load the account.

Every page following a session polls twice a second. Loading the signed-in account
(its session record, roles and the follower's part in the cohort) costs one statement;
on PostgreSQL, with 200 followers, that alone is 400 statements a second for a number
that rarely moves. So a page that follows a session is drawn with a pass: the cohort,
the person, whether they facilitate it, and a digest of the sign-in it was drawn for,
signed with the site's key and valid for `LIFETIME`. A poll carrying a good pass is
answered from the version alone (Redis when configured, else one row).

A pass is checked against the request's own session cookie: signing out in that
browser ends it at once. What a pass could still show after its holder was removed
from the cohort or signed out elsewhere, until it expires, is a version number; every
page it leads to is drawn through the reading model and the usual sign-in. A poll
without a good pass takes the ordinary path and gets a fresh pass back.
"""
from __future__ import annotations

import functools
import hashlib
import time
from collections import OrderedDict

from flask import current_app, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

LIFETIME = 15 * 60  # seconds
_REUSE_FOR = 60  # seconds: a pass made within the last minute is handed out again
_SALT = "casebook.live-follow"
_made: OrderedDict[tuple, tuple[float, str]] = OrderedDict()  # per worker, bounded


def _serializer() -> URLSafeTimedSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


@functools.lru_cache(maxsize=8)
def _serializer_for(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def _sign_in_digest(login_id=None) -> str:
    # Flask-Login keeps the sign-in's "<user id>:<key>" in the session cookie.
    if login_id is None:
        login_id = session.get("_user_id", "")
    return hashlib.sha256(str(login_id).encode()).hexdigest()[:24]


def pass_for(cohort_id: int, user_id: int, facilitating: bool) -> str:
    """The pass this person's page polls with (the same one for a minute, so pages that
    carry it can still be drawn once and reused)."""
    key = (cohort_id, user_id, facilitating, _sign_in_digest())
    now = time.monotonic()
    kept = _made.get(key)
    if kept is not None and now - kept[0] < _REUSE_FOR:
        return kept[1]
    token = _serializer().dumps([cohort_id, user_id, int(facilitating), key[3]])
    _made[key] = (now, token)
    while len(_made) > 4096:
        _made.popitem(last=False)
    return token


def read_pass(token: str | None, cohort_id: int, login_id: str | None = None) -> bool | None:
    """Whether the pass's holder facilitates the cohort, or None when the pass is
    missing, forged, expired, for another cohort or another sign-in. `login_id`: the
    sign-in the request's session cookie holds, when Flask has not opened it."""
    if not token or len(token) > 400:
        return None
    try:
        cohort, _user, facilitating, digest = _serializer().loads(token, max_age=LIFETIME)
    except (BadSignature, ValueError, TypeError):
        return None
    if cohort != cohort_id or digest != _sign_in_digest(login_id):
        return None
    return bool(facilitating)
