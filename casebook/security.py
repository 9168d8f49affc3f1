"""The security baseline every page inherits: response headers (caching included), safe
redirects, the CSRF error page, and trusting a reverse proxy only when told to. (Text
that no keyboard types is refused by the one text policy, casebook/text_policy.py.)
"""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import Flask, Response, current_app, request, session
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

# Sent with every answer (views may set their own first).
BASELINE_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)

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
        for name, value in BASELINE_HEADERS:
            response.headers.setdefault(name, value)
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
