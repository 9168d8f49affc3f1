"""Password rules and hashing: one place for the length, the common-password list and scrypt."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
# Long enough for any passphrase; short enough that hashing stays cheap for hostile input.
MAX_LENGTH = 256
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_squash(line) for line in lines if line.strip() and not line.startswith("#"))


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def password_problem(
    password: str, *, email: str | None = None, name: str | None = None
) -> str | None:
    """Why this password is refused, in words for the form; None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    squashed = _squash(password)
    if squashed in common_passwords():
        return "This password is one of the most common ones. Choose another."
    if len(set(squashed)) <= 2:
        return "This password repeats too few characters. Choose another."
    for personal in (email, email.split("@")[0] if email else None, name):
        if personal and squashed == _squash(personal):
            return "Your password must not be your email address or name."
    return None


def hash_password(password: str) -> str:
    """Werkzeug's current default method (scrypt) with a random salt."""
    return generate_password_hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; without a hash (deleted account) still spend the same time."""
    if not password_hash:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(password_hash, password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Checked against when there is no account, so a miss costs what a hit costs.
    return generate_password_hash("no account has this password")


def spend_hashing_time(password: str) -> None:
    """Do the work a real hash would do, for paths that must not be faster than the real one."""
    check_password_hash(_dummy_hash(), password)
