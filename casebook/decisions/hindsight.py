"""When the hindsight check opens: a while after committing, not minutes later.

The check asks a leader to recall, from memory, the probability of their sealed
forecast. Asked right after committing the number is still fresh, and the gap it
measures (how far memory moves toward what happened) means little; a day later it
measures memory. So a reflection on a commitment with a forecast (its first question is
the check) opens HINDSIGHT_DELAY after committing. A reflection on a commitment without
a forecast has no check to protect and opens with the reveal.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from .. import clock

HINDSIGHT_DELAY = timedelta(hours=24)


def check_opens_at(committed_at: datetime) -> datetime:
    return clock.as_utc(committed_at) + HINDSIGHT_DELAY


def reflection_waits_until(committed_at: datetime, has_forecast: bool,
                           now: datetime | None = None) -> datetime | None:
    """When the reflection opens, while it is still closed; None once it is open."""
    if not has_forecast:
        return None
    opens = check_opens_at(committed_at)
    return opens if (now or clock.utcnow()) < opens else None
