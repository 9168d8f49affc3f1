"""Signed, expiring tokens (pure functions)."""
import time

import pytest

from casebook.accounts import tokens

KEY = "unit-test-key"


def test_a_token_round_trips():
    token = tokens.make_token(KEY, tokens.RESET_SALT, {"u": 7, "f": "abc"})
    assert tokens.read_token(KEY, tokens.RESET_SALT, token, max_age=60) == {"u": 7, "f": "abc"}


def test_an_expired_token_is_refused(monkeypatch):
    token = tokens.make_token(KEY, tokens.RESET_SALT, {"u": 7})
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3601)
    with pytest.raises(tokens.InvalidToken):
        tokens.read_token(KEY, tokens.RESET_SALT, token, max_age=3600)


def _replace_at(text: str, index: int) -> str:
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1:]


@pytest.mark.parametrize("mangle", [
    # The signature's first character: all six of its bits count (the last character's
    # low bits are base64 padding, so changing it can leave the signature the same).
    lambda t: _replace_at(t, t.rindex(".") + 1),
    lambda t: "eyJ1Ijo4fQ" + t[t.index("."):],           # payload swapped for {"u": 8}
    lambda t: t + "x",
    lambda t: "",
    lambda t: "not-a-token",
    lambda t: "x" * 5000,
])
def test_a_tampered_token_is_refused(mangle):
    token = tokens.make_token(KEY, tokens.RESET_SALT, {"u": 7})
    with pytest.raises(tokens.InvalidToken):
        tokens.read_token(KEY, tokens.RESET_SALT, mangle(token), max_age=60)


def test_a_token_for_one_purpose_is_refused_for_another():
    token = tokens.make_token(KEY, tokens.REGISTRATION_SALT, {"p": 1, "e": "a@example.com"})
    with pytest.raises(tokens.InvalidToken):
        tokens.read_token(KEY, tokens.RESET_SALT, token, max_age=60)


def test_another_secret_key_is_refused():
    token = tokens.make_token(KEY, tokens.RESET_SALT, {"u": 7})
    with pytest.raises(tokens.InvalidToken):
        tokens.read_token("another-key", tokens.RESET_SALT, token, max_age=60)


def test_the_fingerprint_changes_with_the_password_or_session_version():
    base = tokens.account_fingerprint(KEY, "scrypt:hash-1", 1)
    assert base == tokens.account_fingerprint(KEY, "scrypt:hash-1", 1)
    assert base != tokens.account_fingerprint(KEY, "scrypt:hash-2", 1)
    assert base != tokens.account_fingerprint(KEY, "scrypt:hash-1", 2)
    # Keyed: it does not reveal anything about the hash without the secret.
    assert base != tokens.account_fingerprint("other", "scrypt:hash-1", 1)
    assert "hash" not in base
