"""Rate limits of the account pages, read from the app's config at each request.

Sign-in counts only failed attempts, separately per email address (someone guessing one
account's password from many addresses) and per client address (one client trying many
accounts). Registration and password reset count every POST, per address and per email.
"""
from __future__ import annotations

from flask import current_app, g, request

from ..extensions import limiter
from .services import normalize_email


def _config(name: str):
    return lambda: current_app.config[name]


def email_key() -> str:
    # Never empty: Flask-Limiter skips a limit whose key is empty.
    return "email:" + normalize_email(request.form.get("email"))[:254]


def note_failed_sign_in() -> None:
    g.sign_in_failed = True


def _sign_in_failed(_response) -> bool:
    return bool(g.get("sign_in_failed"))


def sign_in_limits(view):
    for scope, key in (("email", email_key), ("address", None)):
        view = limiter.limit(_config("RATELIMIT_SIGN_IN"), key_func=key, methods=["POST"],
                             deduct_when=_sign_in_failed, scope=scope)(view)
    return view


def _every_post_limits(setting: str):
    def decorate(view):
        for scope, key in (("email", email_key), ("address", None)):
            view = limiter.limit(
                _config(setting), key_func=key, methods=["POST"], scope=scope
            )(view)
        return view

    return decorate


registration_limits = _every_post_limits("RATELIMIT_REGISTER")
password_reset_limits = _every_post_limits("RATELIMIT_PASSWORD_RESET")
