"""Helpers shared by the accounts and security tests: sign-in, mail, form data."""
from __future__ import annotations

import re
from contextlib import contextmanager
from types import SimpleNamespace
from urllib.parse import urlsplit

from sqlalchemy import select

from casebook.accounts.models import OutboxMessage, PendingRegistration, User
from casebook.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user, sign_in

__all__ = ["DEFAULT_PASSWORD", "make_user", "sign_in"]

NEW_PASSWORD = "a brand new passphrase"


def ref(user) -> SimpleNamespace:
    """What a test keeps of a user past its app context."""
    return SimpleNamespace(id=user.id, email=user.email, session_version=user.session_version)


def sign_in_with_form(client, email: str, password: str = DEFAULT_PASSWORD, **extra):
    return client.post("/sign-in", data={"email": email, "password": password, **extra})


def registration(email: str, name: str | None = None, password: str = "plenty of words here"):
    # A name of its own per address by default: no two members have look-alike names.
    name = name or "Leader " + email.split("@")[0]
    return {"email": email, "display_name": name, "new_password": password,
            "confirm_password": password}


def signed_in_name(client) -> str | None:
    """The display name the header shows, or None when signed out."""
    html = client.get("/register/check-email").get_data(as_text=True)
    match = re.search(r'class="nav-account">([^<]*)<', html)
    return match.group(1) if match else None


def outbox(app, to: str | None = None) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if to:
            query = query.where(OutboxMessage.to_address == to)
        messages = db.session.scalars(query).all()
        db.session.expunge_all()
        return messages


def link_in(message: OutboxMessage) -> str:
    """The local path of the first link in a mail body."""
    url = re.search(r"https?://\S+", message.body).group(0)
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def latest_link(app, to: str) -> str:
    messages = outbox(app, to)
    assert messages, f"no mail to {to}"
    return link_in(messages[-1])


def user_by_email(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            user.role_names  # load roles before the context closes
            db.session.expunge(user)
        return user


def count(app, model) -> int:
    with app.app_context():
        return len(db.session.scalars(select(model)).all())


def pending_count(app) -> int:
    return count(app, PendingRegistration)


def csrf_token_from(response) -> str:
    """The CSRF token of the first form on a page."""
    html = response.get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@contextmanager
def rate_limits_on(make_app, **config):
    """An app with rate limits on, on fresh counters; afterwards limits are off again.

    Flask-Limiter keeps one state per process: enabling it for one app enables the
    decorated routes of every app, and the in-memory counters are shared. So both the
    switch and the counters are put back when the block ends.
    """
    from casebook.extensions import limiter

    was_enabled = limiter.enabled
    app = make_app(RATELIMIT_ENABLED=True, **config)
    limiter.reset()
    try:
        yield app
    finally:
        limiter.reset()
        limiter.enabled = was_enabled


def without_csrf_tokens(html: str) -> str:
    """The page with its CSRF token values blanked: a token carries the second it was made,
    so two otherwise identical answers a second apart differ only there."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', html)
