"""Browser tests: Debian's Chromium driven by Playwright against a real server.

The server runs in a thread on a free port, on the test database with real commits
(emptied before and after each test). Playwright never downloads a browser: it launches
/usr/bin/chromium (or CASEBOOK_CHROMIUM).

Every page a test's browser loads is checked with axe-core at desktop and phone width
once the test has passed (tests/e2e/accessibility.py); a violation fails the test.
"""
from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser
from werkzeug.serving import make_server

from tests.conftest import build_test_app, delete_all_rows
from tests.e2e.accessibility import Auditor, PageRecorder

CHROMIUM = os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium")
_new_context = Browser.new_context  # the auditor's own context is not recorded
_new_page = Browser.new_page


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


@pytest.fixture(scope="session")
def _auditor(browser):
    context = _new_context(browser)
    yield Auditor(context)
    context.close()


@pytest.fixture(autouse=True)
def _recorded_pages(monkeypatch, browser, _auditor):
    """Every browser context a test opens (pytest-playwright's or its own) is recorded."""
    recorder = PageRecorder()

    def new_context(self, *args, **kwargs):
        context = _new_context(self, *args, **kwargs)
        recorder.watch(context)
        return context

    def new_page(self, *args, **kwargs):
        page = _new_page(self, *args, **kwargs)  # in a context of its own, not yet loaded
        recorder.watch(page.context)
        return page

    monkeypatch.setattr(Browser, "new_context", new_context)
    monkeypatch.setattr(Browser, "new_page", new_page)
    return recorder


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Once the test itself has passed, check the pages it visited (a failure fails it)."""
    result = yield
    recorder = item.funcargs.get("_recorded_pages")
    if recorder is not None:
        recorder.fetch_gone()
        problems = recorder.unreadable + item.funcargs["_auditor"].problems(recorder.pages)
        assert not problems, "Accessibility problems:\n" + "\n".join(problems)
    return result
