"""Signed, expiring tokens for the links we mail: confirm a registration, reset a password,
confirm a new email address.

Each purpose has its own salt, so a token made for one can never be used for another.
Reset and email-change tokens carry a fingerprint of the account's password hash and
session version: once the password changes (which bumps the version), the token is dead,
which makes it single-use.
"""
from __future__ import annotations

import hashlib
import hmac

from itsdangerous import BadData, URLSafeTimedSerializer

REGISTRATION_SALT = "casebook.accounts.confirm-registration"
RESET_SALT = "casebook.accounts.reset-password"
EMAIL_CHANGE_SALT = "casebook.accounts.change-email"


class InvalidToken(Exception):
    """The token is malformed, tampered with, expired or already used."""


def _serializer(secret_key: str, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=salt)


def account_fingerprint(secret_key: str, password_hash: str | None, session_version: int) -> str:
    """A short keyed digest of the account's credentials; changes when they change."""
    message = f"{password_hash or ''}|{session_version}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def make_token(secret_key: str, salt: str, payload: dict) -> str:
    return _serializer(secret_key, salt).dumps(payload)


def read_token(secret_key: str, salt: str, token: str, max_age: int) -> dict:
    """The payload of a valid token younger than `max_age` seconds; else InvalidToken."""
    if not isinstance(token, str) or len(token) > 1000:
        raise InvalidToken("malformed")
    try:
        payload = _serializer(secret_key, salt).loads(token, max_age=max_age)
    except BadData as exc:  # covers bad signatures, expiry and undecodable payloads
        raise InvalidToken(type(exc).__name__) from None
    if not isinstance(payload, dict):
        raise InvalidToken("malformed")
    return payload
