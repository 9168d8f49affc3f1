"""Browser tests: Debian's Chromium driven by Playwright against a real server.

The server runs in a thread on a free port, on the test database with real commits
(emptied before and after each test). Playwright never downloads a browser: it launches
/usr/bin/chromium (or CASEBOOK_CHROMIUM).
"""
from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass

import pytest
from werkzeug.serving import make_server

from tests.conftest import build_test_app, delete_all_rows

CHROMIUM = os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # The machine has no network beyond loopback: keep Chromium from dialling out.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@dataclass
class LiveServer:
    url: str
    app: object

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_app(migrated):
    """The app the browser talks to: CSRF on, as in production; rate limits off."""
    return build_test_app(migrated, WTF_CSRF_ENABLED=True)


@pytest.fixture(scope="session")
def _server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=live_app)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_server(_server):
    """A running site on an empty database; `live_server.url` is its address."""
    delete_all_rows(_server.app)
    yield _server
    delete_all_rows(_server.app)


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def shipped_cases(live_server):
    """The live site with every case in cases/ imported, as `make run` does."""
    from casebook.cases.importer import check_files, find_case_files, import_results
    from casebook.extensions import db
    from tests.web.test_cases_cli import CASES_DIR

    with live_server.app.app_context():
        files, _ = find_case_files([CASES_DIR])
        report = import_results(check_files(files, live_server.app.config["COMPETENCIES"]))
        db.session.commit()
    return report.created
