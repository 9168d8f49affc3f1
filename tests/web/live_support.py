"""Serving the site from separate processes (gunicorn, as in production) on the test
database, for tests of what one process does and another sees."""
from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def site_process(database_url: str, **settings: str):
    """The site under gunicorn (one sync worker) on this database; yields its port.
    `settings` become CASEBOOK_<NAME> variables (REDIS_URL="redis://...")."""
    port = _free_port()
    env = {**os.environ, "CASEBOOK_DATABASE_URL": database_url,
           "CASEBOOK_SECRET_KEY": TEST_SECRET, "CASEBOOK_SECURE_COOKIES": "false",
           "CASEBOOK_RATELIMIT_ENABLED": "false"}
    env.pop("CASEBOOK_REDIS_URL", None)
    env.update({f"CASEBOOK_{name}": value for name, value in settings.items()})
    process = subprocess.Popen(
        [str(GUNICORN), "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "wsgi:app"], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the site's process did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def request(port: int, method: str, path: str, cookie: str | None = None,
            headers: dict | None = None, body: str | None = None):
    """(status, headers, text) of one request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        sent = dict(headers or {})
        if cookie:
            sent["Cookie"] = f"session={cookie}"
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def session_cookie(app, login_id: str) -> str:
    """A signed session cookie for a sign-in (tests.factories.login_id)."""
    return app.session_interface.get_signing_serializer(app).dumps(
        {"_user_id": login_id, "_fresh": True})


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
