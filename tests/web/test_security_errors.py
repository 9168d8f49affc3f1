"""Error pages (400, 403, 404, 405, 413, 429, 500) say what happened and leak nothing."""
import pytest
from sqlalchemy import text

from casebook.extensions import db
from tests.web.accounts_support import make_user, rate_limits_on, sign_in

LEAKS = ["Traceback", "File \"", "sqlalchemy", "SELECT", "Werkzeug Debugger", "secret-table",
         "RuntimeError", "boom-detail"]


def _assert_clean(resp, status, words):
    html = resp.get_data(as_text=True)
    assert resp.status_code == status
    assert words in html
    assert f'<p class="error-code">{status}</p>' in html
    for leak in LEAKS:
        assert leak not in html


def test_400_on_a_form_that_is_not_utf8(client):
    """The form again, saying what is wrong beside the field (the one text policy)."""
    resp = client.post("/sign-in", data=b"email=%FF%FE&password=x",
                       content_type="application/x-www-form-urlencoded")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert '<p class="field-error" id="email-error">“Email address” is not valid UTF-8 ' \
        'text. Nothing was saved.</p>' in html
    for leak in LEAKS:
        assert leak not in html


def test_403_for_a_member_on_an_admin_page(app, client):
    with app.app_context():
        sign_in(client, make_user())
    _assert_clean(client.get("/admin/users"), 403, "do not have permission")


def test_404(client):
    _assert_clean(client.get("/no/such/page"), 404, "nothing at this address")


def test_405_names_the_allowed_methods(client):
    resp = client.get("/sign-out")
    _assert_clean(resp, 405, "does not accept")
    assert "POST" in resp.headers["Allow"]


def test_413(client):
    _assert_clean(client.post("/register", data={"email": "x" * (3 * 1024 * 1024)}), 413,
                  "larger than this site accepts")


def test_429(make_app, rollback):
    with rate_limits_on(make_app, RATELIMIT_WRITES="1 per minute") as app:
        client = app.test_client()
        client.post("/password-reset", data={"email": "a@example.com"})
        resp = client.post("/password-reset", data={"email": "a@example.com"})
        _assert_clean(resp, 429, "Wait a minute")
        assert int(resp.headers["Retry-After"]) <= 60


@pytest.fixture
def failing_app(make_app, rollback):
    app = make_app()

    @app.get("/test-only/raise")
    def _raise():
        raise RuntimeError("boom-detail")

    @app.get("/test-only/sql")
    def _bad_sql():
        db.session.execute(text("SELECT * FROM secret-table"))

    return app


@pytest.mark.parametrize("path", ["/test-only/raise", "/test-only/sql"])
def test_500_shows_no_stack_trace_or_sql(failing_app, path, caplog):
    resp = failing_app.test_client().get(path)
    _assert_clean(resp, 500, "An unexpected error happened")
    assert any("unhandled error" in r.message for r in caplog.records)  # logged, not shown


def test_errors_for_the_api_are_json(client):
    resp = client.get("/api/no-such-thing")
    assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
    problem = resp.get_json(force=True)
    assert (problem["status"], problem["title"]) == (404, "Not found")
