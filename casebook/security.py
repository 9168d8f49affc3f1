"""The security baseline every page inherits: response headers (caching included), safe
redirects, the CSRF error page, refusing form bodies that are not UTF-8, and trusting a
reverse proxy only when told to.
"""
from __future__ import annotations

from urllib.parse import unquote, unquote_to_bytes, urlsplit

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import CSRFError
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

URLENCODED = "application/x-www-form-urlencoded"
# Blueprints whose url-encoded POST bodies are checked for invalid UTF-8 before anything
# parses them (Werkzeug would pass an invalid byte such as %FF on as the literal text
# "%FF"); their forms refuse the fields undecodable_form_fields() names
# (accounts.text_policy). Debates checks its own bodies (debates.encoding).
UTF8_CHECKED_BLUEPRINTS: set[str] = {"accounts"}

# Pages that read the same for every visitor without a session. They may be stored but
# must be revalidated ("no-cache"; the case page will get an ETag). Every other answer
# depends, or may depend, on its reader and is never stored ("private, no-store").
PUBLIC_PAGES = frozenset({"cases.library", "decisions.case_page"})
PRIVATE = "private, no-store"


def register(app: Flask) -> None:
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        _cache_control(response)
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(_exc):
        from .errors import error_response

        return error_response(
            400,
            "This form has expired or did not come from this site. "
            "Go back, reload the page and try again.",
        )

    # First of all before_request hooks: CSRF protection parses (and consumes) the body.
    app.before_request_funcs.setdefault(None, []).insert(0, _note_undecodable_form)


def _cache_control(response: Response) -> None:
    # Static files never get here: WhiteNoise answers them first, with their own policy
    # (casebook/static_files.py: a year for fingerprinted names, no-cache for plain ones).
    # What Flask answers under /static/ is a miss, and private like the rest.
    if _is_anonymous_public_page():
        response.headers["Cache-Control"] = "no-cache"
        response.vary.add("Cookie")
    else:
        # Set here for every view, over anything a view set: one policy, in one place.
        response.headers["Cache-Control"] = PRIVATE


def _is_anonymous_public_page() -> bool:
    """A public page for a visitor who brought no session and got none.

    Judged on the request, not on who was loaded: any session content (a CSRF token, a
    flashed message, a signed-in user, even a dead one) or a remember-me cookie may have
    changed the page, so the answer is then private.
    """
    if request.endpoint not in PUBLIC_PAGES or request.method not in ("GET", "HEAD"):
        return False
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return not session and not session.modified and remember not in request.cookies


def undecodable_fields(raw: bytes) -> set[str]:
    """The names of the fields of a url-encoded body whose percent-decoded name or value
    is not UTF-8 (an undecodable name is given with U+FFFD where its bad bytes were)."""
    names = set()
    for pair in raw.split(b"&"):
        pieces = [unquote_to_bytes(piece.replace(b"+", b" ")) for piece in pair.split(b"=", 1)]
        try:
            for piece in pieces:
                piece.decode("utf-8")
        except UnicodeDecodeError:
            names.add(pieces[0].decode("utf-8", "replace"))
    return names


def body_is_valid_utf8(raw: bytes) -> bool:
    """True when every percent-decoded key and value of a url-encoded body is UTF-8."""
    return not undecodable_fields(raw)


def _note_undecodable_form() -> None:
    if (
        request.method != "POST"
        or request.blueprint not in UTF8_CHECKED_BLUEPRINTS
        or request.mimetype != URLENCODED
    ):
        return
    # cache=True keeps the bytes for the form parser that runs next.
    g.undecodable_form_fields = undecodable_fields(
        request.get_data(cache=True, parse_form_data=False))


def undecodable_form_fields() -> set[str]:
    """The fields of this request's form body that were not UTF-8 (checked blueprints)."""
    return g.get("undecodable_form_fields", set())


def is_safe_redirect(target: str | None) -> bool:
    """True for a local path such as /cases/x?y; false for //host, /\\host, schemes, CRLF.

    The percent-decoded form must pass too, so that a proxy or browser which decodes
    /%2F%2Fhost or /%5Chost cannot turn a local path into another host.
    """
    if not target or not isinstance(target, str) or len(target) > 2000:
        return False
    decoded = unquote(target)
    return _is_local_path(target) and (decoded == target or _is_local_path(decoded))


def _is_local_path(target: str) -> bool:
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return False
    if not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_redirect_target(target: str | None, fallback: str = "/") -> str:
    return target if is_safe_redirect(target) else fallback
