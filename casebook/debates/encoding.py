"""Refusing form bodies that are not valid UTF-8.

Werkzeug decodes a url-encoded form leniently: an invalid byte such as %FF arrives as the
literal text "%FF", indistinguishable from a member who typed it. So the raw body of a
debate form is checked before anything parses it (CSRF protection parses the form in an
earlier before_request hook, hence this hook goes first), and the forms then report the
problem as a field error. Multipart bodies decode invalid bytes to U+FFFD, which
services.clean_body refuses.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, g, request

URLENCODED = "application/x-www-form-urlencoded"


def _undecodable(raw: bytes) -> bool:
    for pair in raw.split(b"&"):
        for piece in pair.split(b"=", 1):
            try:
                unquote_to_bytes(piece.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return True
    return False


def check_debate_form_encoding() -> None:
    """Before any parsing: note whether a debate form's raw body is invalid UTF-8."""
    if request.method != "POST" or request.blueprint != "debates" or request.mimetype != URLENCODED:
        return
    # cache=True keeps the bytes, so the form parser reads the same body afterwards.
    g.debate_form_invalid_utf8 = _undecodable(request.get_data(cache=True, parse_form_data=False))


def form_was_invalid_utf8() -> bool:
    return bool(g.get("debate_form_invalid_utf8"))


def register_first(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, check_debate_form_encoding)
