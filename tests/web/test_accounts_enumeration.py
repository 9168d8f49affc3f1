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
