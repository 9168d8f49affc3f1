"""A small per-worker cache of drawn HTML, least recently used first out.

Pages draw parts that depend only on frozen data (a snapshot, a reader's view of a
decision, the header of a reader); the frozen data is the key, so an entry can never be
stale, only unused. A drawn part with a form holds CSRF_PLACEHOLDER where the session's
CSRF token goes, and `fill_csrf_token` (after every request) puts the token in.
"""
from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar
from weakref import WeakSet

from flask import Response, current_app, g, session
from flask_wtf.csrf import generate_csrf

T = TypeVar("T")

# Stands for the session's CSRF token inside shared drawings (random per process).
CSRF_PLACEHOLDER = f"csrf-{uuid.uuid4().hex}"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()


def placeholder_token() -> str:
    """Pass as `csrf_token` to a template whose drawing is shared between sessions."""
    return CSRF_PLACEHOLDER


def fill_csrf_token(response: Response) -> Response:
    """Put this session's CSRF token where a shared drawing holds the placeholder."""
    if response.direct_passthrough or response.mimetype != "text/html":
        return response
    body = response.get_data()
    if _PLACEHOLDER_BYTES in body:
        response.set_data(body.replace(_PLACEHOLDER_BYTES, _signed_csrf_token().encode()))
    return response


# Signing a session's CSRF token (an HMAC and a timestamp) cost about 40 us a page. A
# signed token stays valid for WTF_CSRF_TIME_LIMIT (an hour by default), so one signed
# within the last minute is handed out again: it still has 59 minutes or more to run.
_REUSE_SIGNED_FOR = 60.0
_signed: OrderedDict[str, tuple[float, str]] = OrderedDict()


def _signed_csrf_token() -> str:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    now = time.monotonic()
    kept = _signed.get(session.get(field, ""))
    if kept is not None and field not in g and now - kept[0] < _REUSE_SIGNED_FOR:
        setattr(g, field, kept[1])  # where Flask-WTF keeps the request's signed token
    token = generate_csrf()
    if kept is None or kept[1] != token:  # signed afresh (or a new session's first)
        _signed[session[field]] = (now, token)
        while len(_signed) > 4096:
            _signed.popitem(last=False)
    return token


class DrawnCache(Generic[T]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = Lock()
        _every_cache.add(self)

    def get_or_draw(self, key: Hashable, draw: Callable[[], T]) -> T:
        found = self.peek(key)
        if found is not None:
            return found
        drawn = draw()  # outside the lock: two threads may draw the same part once each
        self.put(key, drawn)
        return drawn

    def peek(self, key: Hashable) -> T | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value: T) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_every_cache: WeakSet[DrawnCache] = WeakSet()


def clear_every_cache() -> None:
    """Forget every drawing of this process. The site never needs it (committed rows
    stay committed); tests do, since they roll the database back under the app and
    ids come round again with other rows behind them."""
    for cache in list(_every_cache):
        cache.clear()
