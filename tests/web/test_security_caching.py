"""Cache-Control: nothing that depends on the reader may be kept by a browser or a
shared cache (casebook.security).

- "private, no-store": every response but the two below (signed in, a session was read
  or set, forms, JSON, errors, redirects).
- "no-cache" with "Vary: Cookie": the library and case pages for a visitor who brings
  no session and no remember-me cookie (stored, but revalidated: ETags come later).
- static files have their own policy (tests/web/test_static_files.py).

The permission matrix checks this on every route for every role
(test_permission_matrix.cache_control_for); here are the cases it cannot show.
"""
from tests.factories import make_user

PRIVATE = "private, no-store"


def test_a_public_page_that_shows_a_flashed_message_is_private(app, client):
    with app.app_context():
        make_user(email="ann@example.com")
    client.post("/sign-in", data={"email": "ann@example.com", "password": "correct horse battery"})
    client.post("/sign-out")
    page = client.get("/")
    assert "You are signed out." in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == PRIVATE
    assert client.get("/").headers["Cache-Control"] == PRIVATE  # a session cookie remains


def test_a_visitor_holding_a_session_gets_private_public_pages(make_app, rollback):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.get("/sign-in").headers["Cache-Control"] == PRIVATE  # a CSRF token is set
    assert client.get("/").headers["Cache-Control"] == PRIVATE


def test_a_remember_me_cookie_alone_makes_public_pages_private(app, client):
    client.set_cookie("remember_token", "1:not-a-valid-token|0")
    assert client.get("/").headers["Cache-Control"] == PRIVATE


def test_the_data_export_and_healthz_are_no_store(app, client):
    from tests.web.accounts_support import sign_in

    assert client.get("/healthz").headers["Cache-Control"] == PRIVATE
    with app.app_context():
        sign_in(client, make_user())
    assert client.get("/account/export").headers["Cache-Control"] == PRIVATE
