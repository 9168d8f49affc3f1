"""Password rules and hashing (pure functions)."""
import pytest

from casebook.accounts.passwords import (
    MIN_LENGTH,
    common_passwords,
    hash_password,
    password_problem,
    verify_password,
)


@pytest.mark.parametrize("password", ["short", "123456789", "x" * (MIN_LENGTH - 1)])
def test_shorter_than_the_minimum_is_refused(password):
    assert "at least 10" in password_problem(password)


@pytest.mark.parametrize("password", [
    "1234567890", "Password123", "PASSWORD123", "qwertyuiop", "iloveyou123",
    "correct horse battery staple",  # spaces and case do not help
])
def test_common_passwords_are_refused(password):
    assert "most common" in password_problem(password)


def test_the_shipped_list_is_read_and_has_no_comments():
    words = common_passwords()
    assert len(words) > 100
    assert not any(w.startswith("#") for w in words)


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab"])
def test_repeating_one_or_two_characters_is_refused(password):
    assert password_problem(password) is not None


def test_the_email_or_name_as_password_is_refused():
    assert "email address or name" in password_problem("ann.lee@example.com", email="ann.lee@example.com")
    assert "email address or name" in password_problem("annleeexample", email="annleeexample@x.org")
    assert "email address or name" in password_problem("Margaret Thatcher", name="margaret thatcher")


def test_too_long_is_refused():
    assert "at most" in password_problem("word " * 100)


@pytest.mark.parametrize("password", ["plenty of words here", "Tr0ub4dor&3-extended", "ünïcödé pässwörd"])
def test_reasonable_passwords_pass(password):
    assert password_problem(password, email="someone@example.com", name="Someone") is None


def test_hash_uses_scrypt_and_verifies():
    hashed = hash_password("plenty of words here")
    assert hashed.startswith("scrypt:")
    assert verify_password(hashed, "plenty of words here")
    assert not verify_password(hashed, "plenty of words there")


def test_no_hash_never_verifies():
    assert not verify_password(None, "anything at all")
    assert not verify_password("", "")
