"""The request contract every blueprint shares.

- Writes commit once, here: a POST (PUT, PATCH, DELETE) that answers below 400 is
  committed after its view returns; any error answer or exception rolls back. Views and
  services never commit.
- Domain errors (casebook/domain.py) map here to 404/403/409/422: an error page, or
  problem JSON (RFC 9457) under /api/. Views that re-show a form catch `Invalid`
  themselves to put the messages beside the fields; everything else lands here.
- One text policy for every form field: the body must be UTF-8, and no value may hold
  NUL or other control characters than tab, line feed and carriage return. Anything
  else is refused with 400 and a message naming the field, before any view runs.
- One bounded id converter for URLs (`<id:post_id>`): a number too large for the
  database is simply no such page (404), never an overflow.
- One page-number parser for query strings.
"""
from __future__ import annotations

import re

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
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# C0 controls except tab, LF and CR; DEL; C1 controls. (Browsers send CR LF in textareas.)
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class CasebookFlask(Flask):
    """Flask with the commit-once rule and the id converter of the request contract."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.url_map.converters["id"] = IdConverter

    def dispatch_request(self):
        rv = super().dispatch_request()
        if request.method not in WRITE_METHODS:
            return rv
        response = self.make_response(rv)
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


class Refused(BadRequest):
    """A request this site refuses with a message of its own (shown to the reader)."""


class BadText(Refused):
    """A form value the text policy refuses; the message names the field."""


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


# Accounts applies the same rule as form errors beside the field (accounts.text_policy),
# so a member sees the sign-in or registration form again, not an error page.
FORM_ERROR_BLUEPRINTS = frozenset({"accounts"})


def refuse_bad_text() -> None:
    """The text policy, before CSRF protection or any view parses the body."""
    if request.method not in WRITE_METHODS or request.blueprint in FORM_ERROR_BLUEPRINTS:
        return
    if request.mimetype == URLENCODED:
        # Werkzeug would decode an invalid byte such as %FF as the literal text "%FF",
        # so the raw body is checked first (cache=True keeps it for the form parser).
        if not urlencoded_is_utf8(request.get_data(cache=True, parse_form_data=False)):
            raise BadText("What you sent is not valid UTF-8 text. Nothing was saved.")
    elif request.mimetype != MULTIPART:
        return
    for name, value in request.form.items(multi=True):
        if "\ufffd" in value and request.mimetype == MULTIPART:
            # multipart bodies decode invalid bytes to U+FFFD
            raise BadText(f"The field '{_field_name(name)}' is not valid UTF-8 text. Nothing was saved.")
        if _FORBIDDEN.search(value) or _FORBIDDEN.search(name):
            raise BadText(
                f"The field '{_field_name(name)}' contains a control character (such as NUL "
                "or ESC) that text cannot hold. Remove it and send again; nothing was saved."
            )


def holds_control_characters(value: str) -> bool:
    """The text policy's test, for values read from a query string (such as a search)."""
    return bool(_FORBIDDEN.search(value))


def _field_name(name: str) -> str:
    return _FORBIDDEN.sub("?", name)[:60]


def urlencoded_is_utf8(raw: bytes) -> bool:
    """Whether every name and value of a form body or query string decodes as UTF-8."""
    from urllib.parse import unquote_to_bytes

    for pair in raw.split(b"&"):
        for piece in pair.split(b"=", 1):
            try:
                unquote_to_bytes(piece.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return False
    return True


def register(app: Flask) -> None:
    # First of all before_request hooks: CSRF protection parses (and consumes) the body.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_bad_text)

    @app.errorhandler(DomainError)
    def _domain_error(problem: DomainError):
        from .errors import error_response

        db.session.rollback()
        # A 404 says nothing more than "nothing here": a hidden thing answers exactly
        # like a missing one, whatever the service knew.
        detail = None if problem.status == 404 else (str(problem) or None)
        return error_response(problem.status, detail)
