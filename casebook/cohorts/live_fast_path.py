"""The follower poll with a good pass, answered before Flask makes a request.

Every page following a live session asks for the version twice a second
(cohorts/live_poll.py). With 200 followers that is 400 requests a second, most of them
answered "304: nothing changed". Through Flask each costs a request context, the
session, every before- and after-request hook and the teardown: twice the work of the
answer itself (bench/live.py, docs/performance.md). This WSGI layer answers the one
shape that matters, `GET /cohorts/<id>/live/version?follow=<pass>` with a session
cookie whose sign-in the pass was made for, with exactly the answer the route gives
(status, body and headers; tests/web/test_cohorts_live_fast_path.py compares them).

Anything else, or anything it cannot judge (no cookie, a bad or expired pass, another
query, the database or Redis failing), goes to Flask untouched, which answers it the
ordinary way. It only reads: the version (Redis or one row) and, for facilitators, the
count of commitments on screen.
"""
from __future__ import annotations

import json
import logging
import re

from flask import Flask
from itsdangerous import BadSignature
from werkzeug.http import parse_cookie, parse_etags

from ..db import reading
from ..security import BASELINE_HEADERS, PRIVATE
from .live_poll import tag_for_pass
from .live_token import read_pass

log = logging.getLogger(__name__)

_PATH = re.compile(r"/cohorts/([1-9][0-9]{0,17})/live/version")
_QUERY = re.compile(r"follow=([A-Za-z0-9_.\-]{1,400})")


class FollowerPoll:
    """WSGI middleware in front of the Flask app (installed by `install`)."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.cookie_name = app.config["SESSION_COOKIE_NAME"]
        self._cookies = None  # Flask's session serializer, made on first use

    def __call__(self, environ, start_response):
        answer = self._answer(environ) if environ.get("REQUEST_METHOD") == "GET" else None
        if answer is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def _answer(self, environ) -> tuple[str, list, bytes] | None:
        path = _PATH.fullmatch(environ.get("PATH_INFO", ""))
        query = _QUERY.fullmatch(environ.get("QUERY_STRING", ""))
        if path is None or query is None:
            return None
        login_id = self._login_id(environ)
        if login_id is None:
            return None
        cohort_id = int(path.group(1))
        try:
            with self.app.app_context(), reading():
                facilitating = read_pass(query.group(1), cohort_id, login_id)
                if facilitating is None:
                    return None
                tag = tag_for_pass(cohort_id, facilitating)
        except Exception:  # noqa: BLE001  (the ordinary path answers, or reports, it)
            log.warning("the follower poll's fast path failed; Flask answers", exc_info=True)
            return None
        headers = [("ETag", f'"{tag}"'), *BASELINE_HEADERS,
                   ("Cache-Control", PRIVATE), ("Vary", "Cookie")]
        if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains(tag):
            return "304 NOT MODIFIED", headers, b""
        body = (json.dumps({"version": tag}, separators=(",", ":")) + "\n").encode()
        return "200 OK", [("Content-Type", "application/json"),
                          ("Content-Length", str(len(body))), *headers], body

    def _login_id(self, environ) -> str | None:
        """The sign-in ("<user id>:<key>") the session cookie holds, read as Flask
        reads it; None without a good cookie."""
        cookie = parse_cookie(environ.get("HTTP_COOKIE", "")).get(self.cookie_name)
        if not cookie:
            return None
        if self._cookies is None:
            self._cookies = self.app.session_interface.get_signing_serializer(self.app)
        if self._cookies is None:  # no secret key: no sessions at all
            return None
        try:
            data = self._cookies.loads(
                cookie, max_age=int(self.app.permanent_session_lifetime.total_seconds()))
        except BadSignature:
            return None
        login_id = data.get("_user_id") if isinstance(data, dict) else None
        return login_id if isinstance(login_id, str) and login_id else None


def install(app: Flask) -> None:
    app.wsgi_app = FollowerPoll(app, app.wsgi_app)
