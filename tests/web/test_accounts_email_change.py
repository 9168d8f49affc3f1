"""Changing the email address: needs the password, is confirmed from the new address."""
import pytest

from tests.web.accounts_support import (
    DEFAULT_PASSWORD,
    latest_link,
    make_user,
    outbox,
    ref,
    sign_in,
    sign_in_with_form,
    user_by_email,
    without_csrf_tokens,
)


@pytest.fixture
def ann(app, client):
    with app.app_context():
        user = ref(make_user(email="ann@example.com", display_name="Ann"))
    sign_in(client, user)
    return user


def _ask(client, email="new@example.com", password=DEFAULT_PASSWORD):
    return client.post("/account/email", data={"email": email, "current_password": password})


def test_change_email_by_confirming_the_new_address(app, client, ann):
    resp = _ask(client, "New@Example.com")
    assert resp.status_code == 200 and "Check your email" in resp.get_data(as_text=True)
    assert user_by_email(app, "ann@example.com") is not None  # not yet
    link = latest_link(app, "new@example.com")
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 303
    assert user_by_email(app, "new@example.com").id == ann.id
    assert user_by_email(app, "ann@example.com") is None
    assert "was changed" in outbox(app, "ann@example.com")[-1].body
    assert sign_in_with_form(app.test_client(), "new@example.com").status_code == 303


def test_the_current_password_is_required(app, client, ann):
    resp = _ask(client, password="wrong password")
    assert "current password is not correct" in resp.get_data(as_text=True)
    assert outbox(app) == []


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_notice(app, client, ann):
    with app.app_context():
        make_user(email="taken@example.com")
    free = _ask(client, "free@example.com").get_data(as_text=True).replace("free@", "X@")
    taken = _ask(client, "taken@example.com").get_data(as_text=True).replace("taken@", "X@")
    assert without_csrf_tokens(free) == without_csrf_tokens(taken)
    assert "tried to move" in outbox(app, "taken@example.com")[-1].body
    assert user_by_email(app, "taken@example.com").id != ann.id


def test_the_confirmation_link_works_once_and_only_for_its_account(app, client, ann):
    _ask(client, "new@example.com")
    link = latest_link(app, "new@example.com")
    other = app.test_client()
    with app.app_context():
        sign_in(other, make_user())
    assert other.post(link).status_code == 400
    assert client.post(link).status_code == 303
    assert client.post(link).status_code == 400


def test_the_link_needs_a_signed_in_member(app, client, ann):
    _ask(client)
    link = latest_link(app, "new@example.com")
    resp = app.test_client().get(link)
    assert resp.status_code == 302 and "/sign-in" in resp.location
