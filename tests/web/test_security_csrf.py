"""CSRF: every account form is refused without its token; GET changes nothing."""
import pytest

from casebook.accounts.models import User
from casebook.extensions import db
from tests.web.accounts_support import (
    DEFAULT_PASSWORD,
    csrf_token_from,
    make_user,
    ref,
    registration,
    sign_in,
    signed_in_name,
)


@pytest.fixture
def csrf_app(make_app, rollback):
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def member(csrf_app):
    with csrf_app.app_context():
        return ref(make_user(email="ann@example.com", display_name="Ann"))


@pytest.fixture
def target(csrf_app):
    with csrf_app.app_context():
        return ref(make_user(email="target@example.com"))


FORMS = [
    ("/sign-in", {"email": "ann@example.com", "password": DEFAULT_PASSWORD}),
    ("/register", registration("new@example.com")),
    ("/password-reset", {"email": "ann@example.com"}),
    ("/sign-out", {}),
    ("/account/profile", {"display_name": "Changed"}),
    ("/account/password", {"current_password": DEFAULT_PASSWORD, "new_password": "a brand new passphrase",
                           "confirm_password": "a brand new passphrase"}),
    ("/account/email", {"email": "other@example.com", "current_password": DEFAULT_PASSWORD}),
    ("/account/delete", {"password": DEFAULT_PASSWORD, "confirm": "y"}),
]


@pytest.mark.parametrize("path,data", FORMS)
def test_a_form_posted_without_its_token_is_refused(csrf_app, member, path, data):
    client = csrf_app.test_client()
    sign_in(client, member)
    resp = client.post(path, data=data)
    assert resp.status_code == 400
    assert "did not come from this site" in resp.get_data(as_text=True)
    assert signed_in_name(client) == "Ann"
    with csrf_app.app_context():
        user = db.session.get(User, member.id)
        assert (user.display_name, user.email, user.deleted_at) == ("Ann", "ann@example.com", None)


@pytest.mark.parametrize("suffix,data", [
    ("roles", {"role": "admin"}), ("roles/admin/revoke", {}), ("suspend", {}),
])
def test_admin_actions_without_a_token_are_refused(csrf_app, target, suffix, data):
    with csrf_app.app_context():
        admin = ref(make_user("admin"))
    client = csrf_app.test_client()
    sign_in(client, admin)
    assert client.post(f"/admin/users/{target.id}/{suffix}", data=data).status_code == 400
    with csrf_app.app_context():
        user = db.session.get(User, target.id)
        assert user.role_names == [] and not user.is_suspended


def test_a_wrong_token_is_refused(csrf_app, member):
    client = csrf_app.test_client()
    client.get("/sign-in")
    resp = client.post("/sign-in", data={"email": "ann@example.com", "password": DEFAULT_PASSWORD,
                                         "csrf_token": "forged"})
    assert resp.status_code == 400 and signed_in_name(client) is None


def test_with_its_token_the_form_works(csrf_app, member):
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/sign-in"))
    resp = client.post("/sign-in", data={"email": "ann@example.com", "password": DEFAULT_PASSWORD,
                                         "csrf_token": token})
    assert resp.status_code == 303 and signed_in_name(client) == "Ann"
    # The header's sign-out form carries a token too, and it works.
    html = client.get("/account").get_data(as_text=True)
    import re

    token = re.search(r'action="/sign-out"[^>]*>\s*<input type="hidden" name="csrf_token" value="([^"]+)"',
                      html).group(1)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert signed_in_name(client) is None


def test_get_requests_change_nothing(csrf_app, member):
    """Links from mail open a page with a button; only its POST acts."""
    client = csrf_app.test_client()
    sign_in(client, member)
    for path in ("/sign-out", "/account/delete", "/account/profile?display_name=Evil"):
        client.get(path)
    assert signed_in_name(client) == "Ann"
    with csrf_app.app_context():
        user = db.session.get(User, member.id)
        assert user.deleted_at is None and user.display_name == "Ann"


def test_a_token_signed_within_the_minute_is_handed_out_again_and_still_works(csrf_app, member, monkeypatch):
    """Signing costs an HMAC a page, so the token filled into shared drawings is reused
    for a minute (casebook/drawn_cache.py); it is valid for an hour, so it still works."""
    import re

    import casebook.drawn_cache as drawn
    from tests.factories import make_case

    def csrf_token_from(response) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)

    with csrf_app.app_context():
        make_case("token-case", decisions=1)
    client = csrf_app.test_client()
    sign_in(client, member)
    first = csrf_token_from(client.get("/cases/token-case"))
    assert csrf_token_from(client.get("/cases/token-case")) == first
    # A minute on, the page gets a token signed afresh (its timestamp is the new time).
    later, wall = drawn.time.monotonic() + 61, drawn.time.time() + 61
    monkeypatch.setattr(drawn.time, "monotonic", lambda: later)
    monkeypatch.setattr(drawn.time, "time", lambda: wall)  # the same module itsdangerous reads
    assert csrf_token_from(client.get("/cases/token-case")) != first
    resp = client.post("/cases/token-case/decisions/d1/commit", data={
        "option": "B", "rationale": "Reasons enough.", "confidence": "70", "csrf_token": first})
    assert resp.status_code == 303
