"""Signing in and out: sessions rotate, remember-me lasts at most 30 days, suspended
accounts stay out."""
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from casebook.extensions import db
from tests.web.accounts_support import (
    DEFAULT_PASSWORD,
    make_user,
    ref,
    sign_in,
    sign_in_with_form,
    signed_in_name,
)


def _user(app, **fields):
    with app.app_context():
        return ref(make_user(**fields))


def test_sign_in_with_the_right_password(app, client):
    user = _user(app, email="ann@example.com", display_name="Ann")
    resp = sign_in_with_form(client, "ANN@example.com ")
    assert resp.status_code == 303 and resp.location == "/"
    assert signed_in_name(client) == "Ann"
    assert user.id


def test_wrong_password_and_unknown_email_get_the_same_answer(app, client):
    _user(app, email="ann@example.com")
    wrong = sign_in_with_form(client, "ann@example.com", "not the password")
    unknown = sign_in_with_form(client, "nobody@example.com", "not the password")
    assert wrong.status_code == unknown.status_code == 422
    message = "The email address or password is not correct."
    assert message in wrong.get_data(as_text=True)
    assert wrong.get_data(as_text=True).replace("ann@example.com", "X") == (
        unknown.get_data(as_text=True).replace("nobody@example.com", "X"))
    assert signed_in_name(client) is None


def test_signing_in_rotates_the_session(app, client):
    user = _user(app, email="ann@example.com")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in_with_form(client, "ann@example.com")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")


def test_sign_out_is_a_post_and_ends_the_session(app, client):
    user = _user(app, display_name="Ann")
    sign_in(client, user)
    assert client.get("/sign-out").status_code == 405
    assert signed_in_name(client) == "Ann"
    resp = client.post("/sign-out")
    assert resp.status_code == 303
    assert signed_in_name(client) is None
    assert client.get("/account").status_code == 302


def test_the_header_has_a_sign_out_form_with_a_csrf_token(app, client):
    sign_in(client, _user(app))
    html = client.get("/account").get_data(as_text=True)
    assert '<form method="post" action="/sign-out"' in html
    assert 'name="csrf_token"' in html


def test_remember_me_lasts_at_most_30_days(app, client):
    _user(app, email="ann@example.com")
    resp = sign_in_with_form(client, "ann@example.com", remember="y")
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    days = (expires - datetime.now(timezone.utc)).total_seconds() / 86400
    assert 29.9 < days <= 30.0
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_remember_me_keeps_a_member_signed_in_after_the_session_ends(app, client):
    _user(app, email="ann@example.com", display_name="Ann")
    sign_in_with_form(client, "ann@example.com", remember="y")
    client.delete_cookie("session")
    assert signed_in_name(client) == "Ann"


def test_without_remember_me_no_remember_cookie_is_set(app, client):
    _user(app, email="ann@example.com")
    resp = sign_in_with_form(client, "ann@example.com")
    assert not any(c.startswith("remember_token=") for c in resp.headers.getlist("Set-Cookie"))


def test_signing_out_deletes_the_remember_cookie(app, client):
    _user(app, email="ann@example.com")
    sign_in_with_form(client, "ann@example.com", remember="y")
    client.post("/sign-out")
    client.delete_cookie("session")
    assert signed_in_name(client) is None
    assert client.get_cookie("remember_token") is None


def test_a_suspended_member_cannot_sign_in(app, client):
    _user(app, email="sus@example.com", is_suspended=True)
    resp = sign_in_with_form(client, "sus@example.com")
    assert resp.status_code == 422 and "suspended" in resp.get_data(as_text=True)
    assert signed_in_name(client) is None


def test_a_suspended_member_is_signed_out(app, client):
    from casebook.accounts.models import User
    from casebook.accounts.suspension import set_suspension

    user = _user(app, display_name="Ann")
    sign_in(client, user)
    assert signed_in_name(client) == "Ann"
    with app.app_context():
        admin = make_user("admin")
        set_suspension(admin, db.session.get(User, user.id), suspended=True)
        db.session.commit()
    assert signed_in_name(client) is None
    assert client.get("/account").status_code == 302


def test_a_deleted_account_cannot_sign_in(app, client):
    from casebook.accounts.models import User
    from casebook.accounts.services import delete_account

    user = _user(app, email="gone@example.com")
    with app.app_context():
        delete_account(db.session.get(User, user.id), DEFAULT_PASSWORD)
        db.session.commit()
    resp = sign_in_with_form(client, "gone@example.com")
    assert resp.status_code == 422 and "not correct" in resp.get_data(as_text=True)
    assert signed_in_name(client) is None


def test_next_leads_back_to_the_page_asked_for(app, client):
    _user(app, email="ann@example.com")
    resp = client.get("/account")
    assert resp.status_code == 302 and "/sign-in?next=%2Faccount" in resp.location
    page = client.get("/sign-in?next=%2Faccount").get_data(as_text=True)
    assert 'value="/account"' in page
    resp = sign_in_with_form(client, "ann@example.com", next="/account")
    assert resp.location == "/account"


def test_a_signed_in_member_visiting_sign_in_goes_on(app, client):
    sign_in(client, _user(app))
    resp = client.get("/sign-in?next=/account")
    assert resp.status_code == 302 and resp.location == "/account"


def test_the_sign_in_form_is_accessible(client):
    html = client.get("/sign-in").get_data(as_text=True)
    assert '<label for="email">' in html and '<label for="password">' in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert DEFAULT_PASSWORD not in html
