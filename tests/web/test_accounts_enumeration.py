"""No account enumeration: registration and password reset answer a known and an unknown
address identically (status, body, headers but cookies), and do the same hashing work."""
import pytest

from casebook.accounts import services
from tests.web.accounts_support import (
    csrf_token_from,
    make_user,
    outbox,
    registration,
    without_csrf_tokens,
)

VOLATILE = {"Set-Cookie", "Date"}


def _same_response(first, second) -> None:
    assert first.status_code == second.status_code
    body = lambda r: without_csrf_tokens(r.get_data(as_text=True))  # noqa: E731
    assert body(first) == body(second)
    headers = lambda r: sorted((k, v) for k, v in r.headers.items() if k not in VOLATILE)  # noqa: E731
    assert headers(first) == headers(second)


@pytest.fixture
def known(app, rollback):
    with app.app_context():
        make_user(email="known@example.com")
    return "known@example.com"


def _both(app, path, data_for):
    """POST for the known and an unknown address, each from a fresh client, following on."""
    answers = []
    for email in ("known@example.com", "unknown@example.com"):
        client = app.test_client()
        first = client.post(path, data=data_for(email))
        answers.append((first, client.get(first.location)))
    return answers


def test_password_reset_answers_the_same(app, known):
    (known_post, known_page), (unknown_post, unknown_page) = _both(
        app, "/password-reset", lambda email: {"email": email})
    _same_response(known_post, unknown_post)
    _same_response(known_page, unknown_page)
    assert [m.to_address for m in outbox(app)] == ["known@example.com"]


def test_registration_answers_the_same(app, known):
    (known_post, known_page), (unknown_post, unknown_page) = _both(
        app, "/register", lambda email: registration(email, "Someone"))
    _same_response(known_post, unknown_post)
    _same_response(known_page, unknown_page)
    # Each address got one mail: a notice for the owner, a confirmation for the new one.
    assert sorted(m.to_address for m in outbox(app)) == ["known@example.com", "unknown@example.com"]


def test_registration_answers_the_same_with_csrf_on(make_app, known):
    app = make_app(WTF_CSRF_ENABLED=True)
    answers = []
    for email in ("known@example.com", "unknown@example.com"):
        client = app.test_client()
        token = csrf_token_from(client.get("/register"))
        answers.append(client.post("/register", data={**registration(email), "csrf_token": token}))
    assert answers[0].status_code == 303
    _same_response(*answers)


@pytest.mark.parametrize("path,data_for", [
    ("/register", lambda email: registration(email, "Someone")),
    ("/password-reset", lambda email: {"email": email}),
])
def test_known_and_unknown_addresses_cost_the_same_hashing(app, known, monkeypatch, path, data_for):
    """Timing: the slow part is scrypt; both paths must run it equally often."""
    calls = []
    for name in ("hash_password", "spend_hashing_time"):
        real = getattr(services, name)
        monkeypatch.setattr(services, name, lambda *a, _real=real, _n=name: (calls.append(_n), _real(*a))[1])
    counts = []
    for email in ("known@example.com", "unknown@example.com"):
        calls.clear()
        app.test_client().post(path, data=data_for(email))
        counts.append(len(calls))
    assert counts[0] == counts[1]
    assert counts[0] == (1 if path == "/register" else 0)


def test_sign_in_costs_the_same_hashing_for_unknown_addresses(app, known, monkeypatch):
    from casebook.accounts import passwords

    calls = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash",
                        lambda h, p: (calls.append(h.split(":")[0]), real(h, p))[1])
    for email in ("known@example.com", "unknown@example.com"):
        app.test_client().post("/sign-in", data={"email": email, "password": "wrong password"})
    assert len(calls) == 2


def test_a_suspended_account_with_a_wrong_password_gets_the_generic_failure(app, rollback):
    from tests.web.accounts_support import sign_in_with_form

    with app.app_context():
        make_user(email="sus@example.com", is_suspended=True)
    # Addresses of one length, so that the pages may be compared byte for byte.
    suspended = sign_in_with_form(app.test_client(), "sus@example.com", "wrong password")
    unknown = sign_in_with_form(app.test_client(), "unk@example.com", "wrong password")
    assert "The email address or password is not correct." in suspended.get_data(as_text=True)
    for response in (suspended, unknown):
        response.set_data(response.get_data().replace(b"sus@", b"X@").replace(b"unk@", b"X@"))
    _same_response(suspended, unknown)


def test_the_right_password_of_a_suspended_account_gets_a_notice_that_names_no_one(app, rollback):
    import re

    from sqlalchemy import func, select

    from casebook.accounts.models import UserSession
    from casebook.accounts.suspension import set_suspension
    from casebook.extensions import db
    from tests.web.accounts_support import sign_in_with_form, signed_in_name

    with app.app_context():
        moderator = make_user("editor", display_name="Mallory Moderator")
        member = make_user(email="sus@example.com")
        set_suspension(moderator, member, suspended=True, reason="REASON-SENTINEL")
        db.session.commit()
    client = app.test_client()
    resp = sign_in_with_form(client, "sus@example.com")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert re.findall(r'id="form-error">([^<]*)<', html) == [
        "This account is suspended. Contact the site&#39;s administrator."]
    assert "REASON-SENTINEL" not in html and "Mallory" not in html
    assert signed_in_name(client) is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
