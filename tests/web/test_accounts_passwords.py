"""Changing and resetting a password: other sessions end, reset links expire and work once."""
import time

from tests.web.accounts_support import (
    DEFAULT_PASSWORD,
    NEW_PASSWORD,
    latest_link,
    make_user,
    outbox,
    ref,
    sign_in_with_form,
    signed_in_name,
    user_by_email,
)


def _change(client, current=DEFAULT_PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "confirm_password": confirm or new})


def _member(app, email="ann@example.com", name="Ann"):
    with app.app_context():
        return ref(make_user(email=email, display_name=name))


def test_changing_the_password_signs_out_other_sessions_but_not_this_one(app, client):
    _member(app)
    other = app.test_client()
    sign_in_with_form(client, "ann@example.com")
    sign_in_with_form(other, "ann@example.com", remember="y")
    assert signed_in_name(other) == "Ann"

    resp = _change(client)
    assert resp.status_code == 303 and resp.location.endswith("/account")
    assert signed_in_name(client) == "Ann"
    assert signed_in_name(other) is None
    other.delete_cookie("session")  # its remember-me cookie is dead too
    assert signed_in_name(other) is None

    assert sign_in_with_form(app.test_client(), "ann@example.com").status_code == 422
    assert sign_in_with_form(app.test_client(), "ann@example.com", NEW_PASSWORD).status_code == 303


def test_the_current_session_keeps_remember_me_after_a_change(app, client):
    _member(app)
    sign_in_with_form(client, "ann@example.com", remember="y")
    _change(client)
    client.delete_cookie("session")
    assert signed_in_name(client) == "Ann"


def test_changing_the_password_rotates_the_session(app, client):
    _member(app)
    sign_in_with_form(client, "ann@example.com")
    with client.session_transaction() as session:
        session["planted"] = "x"
    _change(client)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_a_wrong_current_password_changes_nothing(app, client):
    _member(app)
    sign_in_with_form(client, "ann@example.com")
    resp = _change(client, current="not my password")
    assert resp.status_code == 422 and "current password is not correct" in resp.get_data(as_text=True)
    assert sign_in_with_form(app.test_client(), "ann@example.com").status_code == 303


def test_a_weak_new_password_is_refused(app, client):
    _member(app)
    sign_in_with_form(client, "ann@example.com")
    assert "at least 10" in _change(client, new="short").get_data(as_text=True)
    assert "most common" in _change(client, new="password123").get_data(as_text=True)
    assert "do not match" in _change(client, confirm="something else").get_data(as_text=True)
    assert sign_in_with_form(app.test_client(), "ann@example.com").status_code == 303


def _reset_link(app, client, email="ann@example.com"):
    resp = client.post("/password-reset", data={"email": email})
    assert resp.status_code == 303 and resp.location.endswith("/password-reset/check-email")
    return latest_link(app, email)


def _reset(client, link, password=NEW_PASSWORD):
    return client.post(link, data={"new_password": password, "confirm_password": password})


def test_reset_by_mailed_link_sets_the_password_and_signs_in(app, client):
    _member(app)
    other = app.test_client()
    sign_in_with_form(other, "ann@example.com")
    link = _reset_link(app, client)
    assert "/password-reset/" in link
    assert client.get(link).status_code == 200
    resp = _reset(client, link)
    assert resp.status_code == 303 and resp.location.endswith("/account")
    assert signed_in_name(client) == "Ann"
    assert signed_in_name(other) is None
    assert sign_in_with_form(app.test_client(), "ann@example.com", NEW_PASSWORD).status_code == 303
    assert user_by_email(app, "ann@example.com").password_hash.startswith("scrypt:")


def test_a_reset_link_works_once(app, client):
    _member(app)
    link = _reset_link(app, client)
    assert _reset(client, link).status_code == 303
    client.post("/sign-out")
    for resp in (client.get(link), _reset(client, link, "yet another passphrase")):
        assert resp.status_code == 400
        assert "already been used" in resp.get_data(as_text=True)
    assert sign_in_with_form(app.test_client(), "ann@example.com", NEW_PASSWORD).status_code == 303


def test_a_reset_link_expires_after_an_hour(app, client, monkeypatch):
    _member(app)
    link = _reset_link(app, client)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3601)
    resp = _reset(client, link)
    assert resp.status_code == 400 and "expired" in resp.get_data(as_text=True)
    monkeypatch.setattr(time, "time", real_time)
    assert sign_in_with_form(app.test_client(), "ann@example.com").status_code == 303


def test_a_tampered_reset_link_is_refused(app, client):
    _member(app)
    link = _reset_link(app, client)
    prefix, token = link.rsplit("/", 1)
    payload, stamp, signature = token.split(".")
    for bad in (f"{payload}.{stamp}.{signature[::-1]}", f"eyJ1IjoxfQ.{stamp}.{signature}",
                token[:-3], "nonsense"):
        assert _reset(client, f"{prefix}/{bad}").status_code == 400
    assert sign_in_with_form(app.test_client(), "ann@example.com").status_code == 303


def test_a_reset_link_dies_when_the_password_changes_another_way(app, client):
    _member(app)
    link = _reset_link(app, client)
    sign_in_with_form(client, "ann@example.com")
    _change(client)
    assert client.get(link).status_code == 400


def test_reset_for_an_unknown_address_sends_nothing(app, client):
    resp = client.post("/password-reset", data={"email": "nobody@example.com"})
    assert resp.status_code == 303 and resp.location.endswith("/password-reset/check-email")
    assert outbox(app) == []
