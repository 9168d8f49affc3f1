"""Signing a user in and out of this browser, with the session rotated each time.

Each sign-in opens a server-side record (session_records); the request commits it.
"""
from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user, login_user, logout_user

from .session_records import close_record, open_record


def _had_remember_cookie() -> bool:
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def start_session(user, *, remember: bool) -> bool:
    """Clear this browser's session, then sign `user` in (False if the account is inactive)."""
    had_remember = _had_remember_cookie()
    close_record(session.get("_user_id"))  # this browser's previous sign-in, if any
    session.clear()
    if not user.is_active:
        return False
    open_record(user)
    login_user(user, remember=remember)
    if had_remember and not remember:
        # An older remember-me cookie (perhaps of another account) must not outlive this.
        session["_remember"] = "clear"
    return True


def restart_session(user) -> None:
    """After the session version changed: sign this browser in again, keeping remember-me."""
    start_session(user, remember=_had_remember_cookie())


def end_session() -> None:
    """Sign out: end this sign-in on the server, forget the session and remember-me."""
    # current_user, not the session: a browser holding only its remember-me cookie is
    # signed in through it, and that sign-in's record must end too.
    if current_user.is_authenticated:
        close_record(current_user.current_login_id)
    session.clear()
    logout_user()  # after clear(): it marks the remember-me cookie for deletion
