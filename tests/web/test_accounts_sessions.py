"""Sessions live on the server: signing out ends this sign-in for every copy of its
cookies, remember-me tokens are random per sign-in, and a session expires on the server."""
from datetime import timedelta

from tests.web.accounts_support import make_user, ref, sign_in_with_form, signed_in_name


def _ann(app):
    with app.app_context():
        return ref(make_user(email="ann@example.com", display_name="Ann"))


def _copy_cookie(source, target, name: str) -> str:
    value = source.get_cookie(name).value
    target.set_cookie(name, value)
    return value


def test_a_copied_session_cookie_is_refused_after_sign_out(app, client):
    _ann(app)
    sign_in_with_form(client, "ann@example.com")
    thief = app.test_client()
    _copy_cookie(client, thief, "session")
    assert signed_in_name(thief) == "Ann"
    client.post("/sign-out")
    assert signed_in_name(thief) is None
    resp = thief.get("/account")
    assert resp.status_code == 302 and "/sign-in" in resp.location


def test_signing_out_leaves_the_other_devices_signed_in(app, client):
    _ann(app)
    laptop = app.test_client()
    sign_in_with_form(client, "ann@example.com")
    sign_in_with_form(laptop, "ann@example.com")
    client.post("/sign-out")
    assert signed_in_name(client) is None
    assert signed_in_name(laptop) == "Ann"


def test_two_sign_ins_get_two_different_remember_tokens(app, client):
    _ann(app)
    other = app.test_client()
    sign_in_with_form(client, "ann@example.com", remember="y")
    sign_in_with_form(other, "ann@example.com", remember="y")
    first, second = client.get_cookie("remember_token"), other.get_cookie("remember_token")
    assert first.value != second.value


def test_an_old_remember_cookie_signs_nobody_in_after_sign_out(app, client):
    _ann(app)
    sign_in_with_form(client, "ann@example.com", remember="y")
    thief = app.test_client()
    _copy_cookie(client, thief, "remember_token")
    client.post("/sign-out")
    assert signed_in_name(thief) is None
    assert thief.get("/account").status_code == 302


def test_signing_out_through_the_remember_cookie_alone_ends_that_sign_in(app, client):
    _ann(app)
    sign_in_with_form(client, "ann@example.com", remember="y")
    thief = app.test_client()
    _copy_cookie(client, thief, "remember_token")
    client.delete_cookie("session")  # the browser was closed: only remember-me is left
    assert client.post("/sign-out").status_code == 303
    assert signed_in_name(thief) is None


def test_a_session_ends_on_the_server_after_30_days(app, client, monkeypatch):
    from casebook.accounts import session_records

    _ann(app)
    sign_in_with_form(client, "ann@example.com")
    assert signed_in_name(client) == "Ann"
    now = session_records.utcnow()
    monkeypatch.setattr(session_records, "utcnow", lambda: now + timedelta(days=30, seconds=1))
    assert signed_in_name(client) is None


def test_a_copied_cookie_after_sign_out_shows_the_case_as_to_anyone(app, client):
    """The case page asks the reader's records with their account: a dead session gets
    neither, and the page is the one every signed-out reader gets."""
    from tests.factories import make_case
    from tests.web.decisions_support import post_commit

    _ann(app)
    with app.app_context():
        make_case("copied-cookie-case", decisions=1)
    sign_in_with_form(client, "ann@example.com")
    assert post_commit(client, "copied-cookie-case", option="C").status_code == 303
    mine = client.get("/cases/copied-cookie-case").get_data(as_text=True)
    assert "Your choice" in mine and "COPIED-COOKIE-CASE" in mine
    thief = app.test_client()
    _copy_cookie(client, thief, "session")
    client.post("/sign-out")
    html = thief.get("/cases/copied-cookie-case").get_data(as_text=True)
    assert html == app.test_client().get("/cases/copied-cookie-case").get_data(as_text=True)
    assert "Your choice" not in html and "COPIED-COOKIE-CASE" not in html
