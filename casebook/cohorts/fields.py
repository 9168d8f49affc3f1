"""The rules for every field of the cohort forms, as plain checks raising Invalid.

Control characters and invalid UTF-8 never get this far (the request contract refuses
them with 400); what arrives here is text, maybe too long, empty or meaningless, and
each problem is reported beside its field (422) with nothing stored.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from ..config import LEVELS
from ..decisions.services import clean_text, whole_number
from ..domain import Invalid

__all__ = ["clean_text", "whole_number", "time_zone", "level", "local_moment", "email_list",
           "collect"]

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")
MAX_EMAILS = 50
YEARS = (2000, 2100)


@lru_cache(maxsize=1)
def known_time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def time_zone(value) -> str:
    """An IANA time zone name such as Europe/Paris."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise Invalid("Choose the cohort's time zone (for example Europe/Paris or UTC).",
                      "time_zone")
    if len(text) > 64 or text not in known_time_zones():
        raise Invalid("That is not a time zone this site knows. Use a name such as "
                      "Europe/Paris, America/New_York or UTC.", "time_zone")
    return text


def level(value) -> str | None:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return None
    if text not in LEVELS:
        raise Invalid("Choose one of the levels, or none.", "level")
    return text


def local_moment(day, clock, zone: str) -> datetime:
    """A date (YYYY-MM-DD) and time (HH:MM) in the cohort's time zone, as UTC."""
    day = day.strip() if isinstance(day, str) else ""
    clock = (clock.strip() if isinstance(clock, str) else "") or "09:00"
    if not _DATE.fullmatch(day):
        raise Invalid("Give the date as YYYY-MM-DD, for example 2027-03-15.", "due_date")
    try:
        parsed_day = date.fromisoformat(day)
    except ValueError:
        raise Invalid(f"{day} is not a date on the calendar.", "due_date") from None
    if not YEARS[0] <= parsed_day.year <= YEARS[1]:
        raise Invalid(f"Choose a date between {YEARS[0]} and {YEARS[1]}.", "due_date")
    if not _TIME.fullmatch(clock):
        raise Invalid("Give the time as HH:MM on a 24-hour clock, for example 18:30.", "due_time")
    hours, minutes = int(clock[:2]), int(clock[3:])
    if hours > 23 or minutes > 59:
        raise Invalid(f"{clock} is not a time of day.", "due_time")
    local = datetime.combine(parsed_day, time(hours, minutes), ZoneInfo(zone))
    return local.astimezone(timezone.utc)


def email_list(value) -> list[str]:
    """Addresses separated by commas, semicolons, spaces or lines; duplicates once."""
    from email_validator import EmailNotValidError, validate_email

    text = value if isinstance(value, str) else ""
    if len(text) > MAX_EMAILS * 260:
        raise Invalid(f"Invite at most {MAX_EMAILS} addresses at a time.", "emails")
    found: dict[str, None] = {}
    bad = []
    for raw in re.split(r"[\s,;]+", text):
        if not raw:
            continue
        address = raw.strip().lower()
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError:
            bad.append(raw[:80])
            continue
        if len(address) > 254:
            bad.append(raw[:80])
            continue
        found.setdefault(address)
    if bad:
        raise Invalid("These are not email addresses: " + ", ".join(bad[:10])
                      + (" …" if len(bad) > 10 else "") + ". Nobody was invited.", "emails")
    if not found:
        raise Invalid("Give at least one email address.", "emails")
    if len(found) > MAX_EMAILS:
        raise Invalid(f"Invite at most {MAX_EMAILS} addresses at a time "
                      f"(there are {len(found)}).", "emails")
    return list(found)


def collect(problems: list[Invalid], check):
    """Run one field's check; keep its problem and go on, so every field is reported."""
    try:
        return check()
    except Invalid as problem:
        problems.append(problem)
        return None
