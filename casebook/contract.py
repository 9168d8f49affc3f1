"""The request contract every blueprint shares.

- Writes commit once, here: a POST (PUT, PATCH, DELETE) that answers below 400 is
  committed after its view returns; any error answer or exception rolls back. Views and
  services never commit.
- Domain errors (casebook/domain.py) map here to 404/403/409/422: an error page, or
  problem JSON (RFC 9457) under /api/. Views that re-show a form catch `Invalid`
  themselves to put the messages beside the fields; everything else lands here.
- One text policy for every form field (casebook/text_policy.py): invalid UTF-8, NUL
  and the other control characters are refused with 400 and a message naming the
  field, beside it when its form is drawn again, else on the 400 page; nothing is
  stored. Its first check runs before any other hook, its last after the view, here.
- One bounded id converter for URLs (`<id:post_id>`): a number too large for the
  database is simply no such page (404), never an overflow.
- One page-number parser for query strings.
"""
from __future__ import annotations

from flask import Flask, request
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.routing import BaseConverter, ValidationError

from .domain import Conflict, DomainError
from .extensions import db

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_ID = 2**31 - 1  # INTEGER on PostgreSQL; SQLite's are wider, so this bounds both
MAX_PAGE = 10_000


class CasebookFlask(Flask):
    """Flask with the commit-once rule and the id converter of the request contract."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.url_map.converters["id"] = IdConverter

    def dispatch_request(self):
        from . import text_policy

        try:
            rv = super().dispatch_request()
        except BadRequest as problem:  # a form refused as a whole: say what the text was
            raise text_policy.refusal_over(problem) from None
        if request.method not in WRITE_METHODS:
            return rv
        response = self.make_response(rv)
        try:
            response = text_policy.settle(response)
        except text_policy.BadText:
            db.session.rollback()
            raise
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except IntegrityError:
            # A parallel request stored the same thing first; services settle the races
            # they expect, so this is the last line: a clear 409, nothing half-written.
            db.session.rollback()
            raise Conflict("Someone else changed this at the same moment. Reload and try again.")
        return response


def form_status() -> int:
    """A form page's status: 200 when it is first shown, 422 when it comes back with
    errors (so the request contract rolls back whatever the attempt touched)."""
    return 422 if request.method in WRITE_METHODS else 200


class Refused(BadRequest):
    """A request this site refuses with a message of its own (shown to the reader)."""


class IdConverter(BaseConverter):
    """A positive database id: digits only, at most MAX_ID, else no match (404)."""

    regex = r"[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def page_number(args: MultiDict, name: str = "page", maximum: int = MAX_PAGE) -> int:
    """The 1-based page number in the query string (default 1); BadRequest otherwise."""
    raw = args.get(name, "1") or "1"
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6 and 1 <= int(raw) <= maximum):
        raise Refused(f"The page number must be a whole number from 1 to {maximum:,}.")
    return int(raw)


def optional_id(args: MultiDict, name: str) -> int | None:
    """An id in the query string (such as ?highlight=12), None when absent; 400 if malformed."""
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10 and 0 < int(raw) <= MAX_ID):
        raise Refused(f"'{name}' must be a number.")
    return int(raw)


def register(app: Flask) -> None:
    from .text_policy import refuse_undeclared

    # First of all before_request hooks: CSRF protection parses (and consumes) the body.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_undeclared)

    @app.errorhandler(DomainError)
    def _domain_error(problem: DomainError):
        from .errors import error_response

        db.session.rollback()
        # A 404 says nothing more than "nothing here": a hidden thing answers exactly
        # like a missing one, whatever the service knew.
        detail = None if problem.status == 404 else (str(problem) or None)
        return error_response(problem.status, detail)
