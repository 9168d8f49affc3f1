"""Refusing form bodies that are not valid UTF-8.

Werkzeug decodes a url-encoded form leniently: an invalid byte such as %FF arrives as the
literal text "%FF", indistinguishable from a member who typed it. So the raw body of a
debate form is checked before anything parses it (CSRF protection parses the form in an
earlier before_request hook, hence this hook goes first), and the forms then report the
problem as a field error. Multipart bodies decode invalid bytes to U+FFFD, which
services.clean_body refuses.
"""

from __future__ import annotations

from flask import Flask, g, request

from ..security import URLENCODED, body_is_valid_utf8


def check_debate_form_encoding() -> None:
    """Before any parsing: note whether a debate form's raw body is invalid UTF-8."""
    if request.method != "POST" or request.blueprint != "debates" or request.mimetype != URLENCODED:
        return
    # cache=True keeps the bytes, so the form parser reads the same body afterwards.
    raw = request.get_data(cache=True, parse_form_data=False)
    g.debate_form_invalid_utf8 = not body_is_valid_utf8(raw)


def form_was_invalid_utf8() -> bool:
    return bool(g.get("debate_form_invalid_utf8"))


def register_first(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, check_debate_form_encoding)
