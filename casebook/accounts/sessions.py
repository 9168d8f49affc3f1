"""Signing a user in and out of this browser, with the session rotated each time."""
from __future__ import annotations

from flask import current_app, request, session
from flask_login import login_user, logout_user


def _had_remember_cookie() -> bool:
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def start_session(user, *, remember: bool) -> bool:
    """Clear this browser's session, then sign `user` in (False if the account is inactive)."""
    had_remember = _had_remember_cookie()
    session.clear()
    if not login_user(user, remember=remember):
        return False
    if had_remember and not remember:
        # An older remember-me cookie (perhaps of another account) must not outlive this.
        session["_remember"] = "clear"
    return True


def restart_session(user) -> None:
    """After the session version changed: sign this browser in again, keeping remember-me."""
    start_session(user, remember=_had_remember_cookie())


def end_session() -> None:
    """Sign out and forget everything this browser's session held (and remember-me)."""
    session.clear()
    logout_user()  # after clear(): it marks the remember-me cookie for deletion
