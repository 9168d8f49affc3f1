"""Registration: a confirmation link creates the account and signs in; the first is admin."""
import re

from casebook.accounts.models import PendingRegistration, User
from tests.web.accounts_support import (
    count,
    latest_link,
    make_user,
    outbox,
    registration,
    signed_in_name,
    user_by_email,
)


def test_register_mails_a_link_that_creates_the_account_and_signs_in(app, client):
    resp = client.post("/register", data=registration("Ann.Lee@Example.com", "Ann Lee"))
    assert resp.status_code == 303 and resp.location.endswith("/register/check-email")
    assert "Check your email" in client.get(resp.location).get_data(as_text=True)
    assert user_by_email(app, "ann.lee@example.com") is None  # nothing until confirmed
    assert signed_in_name(client) is None

    link = latest_link(app, "ann.lee@example.com")
    page = client.get(link)
    assert page.status_code == 200 and "Confirm and sign in" in page.get_data(as_text=True)
    assert user_by_email(app, "ann.lee@example.com") is None  # GET changes nothing

    resp = client.post(link)
    assert resp.status_code == 303 and resp.location == "/welcome"  # asks for the level
    user = user_by_email(app, "ann.lee@example.com")
    assert user.display_name == "Ann Lee"
    assert user.password_hash.startswith("scrypt:")
    assert signed_in_name(client) == "Ann Lee"
    assert count(app, PendingRegistration) == 0


def test_first_account_becomes_admin_and_the_second_does_not(app, client):
    client.post("/register", data=registration("first@example.com"))
    client.post("/register", data=registration("second@example.com"))
    client.post(latest_link(app, "first@example.com"))
    client.post("/sign-out")
    client.post(latest_link(app, "second@example.com"))
    assert user_by_email(app, "first@example.com").role_names == ["admin"]
    assert user_by_email(app, "second@example.com").role_names == []


def test_no_admin_is_made_on_a_site_that_has_accounts(app, client):
    with app.app_context():
        make_user()
    client.post("/register", data=registration("late@example.com"))
    client.post(latest_link(app, "late@example.com"))
    assert user_by_email(app, "late@example.com").role_names == []


def test_a_confirmation_link_works_once(app, client):
    client.post("/register", data=registration("once@example.com"))
    link = latest_link(app, "once@example.com")
    assert client.post(link).status_code == 303
    client.post("/sign-out")
    again = client.post(link)
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    assert count(app, User) == 1


def test_a_tampered_confirmation_link_is_refused(app, client):
    client.post("/register", data=registration("tamper@example.com"))
    link = latest_link(app, "tamper@example.com")
    resp = client.post(link[:-2] + ("xx" if not link.endswith("xx") else "yy"))
    assert resp.status_code == 400
    assert user_by_email(app, "tamper@example.com") is None


def test_an_expired_confirmation_link_is_refused(app, client, make_app):
    client.post("/register", data=registration("late@example.com"))
    link = latest_link(app, "late@example.com")
    strict = make_app(EMAIL_CONFIRM_MAX_AGE=-1).test_client()
    resp = strict.post(link)
    assert resp.status_code == 400 and "expired" in resp.get_data(as_text=True)
    assert user_by_email(app, "late@example.com") is None


def test_registering_an_existing_address_mails_its_owner_and_creates_nothing(app, client):
    with app.app_context():
        make_user(email="taken@example.com", display_name="Owner")
    resp = client.post("/register", data=registration("taken@example.com", "Intruder"))
    assert resp.status_code == 303 and resp.location.endswith("/register/check-email")
    [notice] = outbox(app, "taken@example.com")
    assert "already has" in notice.body and "/register/confirm/" not in notice.body
    assert count(app, PendingRegistration) == 0
    assert user_by_email(app, "taken@example.com").display_name == "Owner"


def test_two_registrations_of_one_address_make_one_account(app, client):
    client.post("/register", data=registration("twice@example.com", "First try"))
    client.post("/register", data=registration("twice@example.com", "Second try"))
    first, second = outbox(app, "twice@example.com")
    from tests.web.accounts_support import link_in

    assert client.post(link_in(second)).status_code == 303
    client.post("/sign-out")
    assert client.post(link_in(first)).status_code == 400
    assert user_by_email(app, "twice@example.com").display_name == "Second try"


def test_form_errors_are_shown_next_to_their_fields(app, client):
    resp = client.post("/register", data={"email": "not-an-email", "display_name": "",
                                          "new_password": "password123",
                                          "confirm_password": "password124"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'id="email-error"' in html and 'aria-describedby="email-hint email-error"' in html
    assert "Enter a valid email address" in html
    assert "Choose a display name" in html
    assert "most common" in html
    assert "do not match" in html
    assert 'aria-invalid="true"' in html
    assert outbox(app) == [] and count(app, PendingRegistration) == 0


def test_the_form_has_labels_and_autocomplete(client):
    html = client.get("/register").get_data(as_text=True)
    for field_id, autocomplete in [("email", "email"), ("display_name", "nickname"),
                                   ("new_password", "new-password"),
                                   ("confirm_password", "new-password")]:
        assert f'<label for="{field_id}">' in html
        tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html).group(0)
        assert f'autocomplete="{autocomplete}"' in tag


def test_a_signed_in_member_is_sent_to_their_account(app, client):
    from tests.web.accounts_support import sign_in

    with app.app_context():
        user = make_user()
        sign_in(client, user)
    resp = client.get("/register")
    assert resp.status_code == 302 and resp.location.endswith("/account")
