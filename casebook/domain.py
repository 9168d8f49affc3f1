"""The domain errors every feature raises, and the HTTP status each one means.

Services raise these; the request contract (casebook/contract.py) turns them, in one
place, into 404/403/409/422 pages, form errors or problem JSON, and rolls back.
"""
from __future__ import annotations


class DomainError(Exception):
    """Something the rules refuse; `status` is the HTTP answer."""

    status = 400

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(message)
        self.field = field  # the form field the message belongs to (None: the whole form)


class NotFound(DomainError):
    """Missing, or hidden from this reader (the two answer alike)."""

    status = 404


class NotAllowed(DomainError):
    """Visible to this reader, but not theirs to do."""

    status = 403


class Conflict(DomainError):
    """It clashes with what is already stored (a sealed choice, a parallel write)."""

    status = 409


class Invalid(DomainError):
    """A field is missing, malformed or out of range; `errors` maps fields to messages."""

    status = 422

    def __init__(self, message: str = "", field: str | None = None,
                 errors: dict[str | None, list[str]] | None = None):
        super().__init__(message, field)
        self.errors = errors if errors is not None else {field: [message]}

    @classmethod
    def collect(cls, problems: list[Invalid]) -> Invalid:
        """One error holding every field's messages, in the order they were found."""
        errors: dict[str | None, list[str]] = {}
        for problem in problems:
            for field, messages in problem.errors.items():
                errors.setdefault(field, []).extend(messages)
        first = problems[0]
        return cls(str(first), first.field, errors)
