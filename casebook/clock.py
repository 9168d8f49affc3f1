"""The one clock: timezone-aware UTC, so every stored time compares with every other."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite gives them back without a zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
