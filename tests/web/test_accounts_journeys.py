"""Journeys back to the decision: "Sign in to commit your choice" and "Register" both
return to the decision the reader was on; a new member is welcomed, asked for their
level (and told why), then led back there or to the library. `next` never leaves the site."""
import html
import re
from urllib.parse import quote, unquote, urlsplit

import pytest

from tests.factories import make_case
from tests.web.accounts_support import (
    latest_link,
    make_user,
    registration,
    sign_in,
    sign_in_with_form,
    signed_in_name,
    user_by_email,
)

DECISION = "/cases/journey-case#decision-d1"
HOSTILE_NEXT = ["//evil.com", "https:evil", "/\\evil", "/\\\\evil.com", "https://evil.com",
                "/%2F%2Fevil.com", "javascript:alert(1)", " //evil.com"]
CONTROL_NEXT = ["/cases/x\r\nLocation: https://evil.com", "/\x00/evil.com", "/\x1b[31m"]


@pytest.fixture
def case(app, rollback):
    with app.app_context():
        make_case("journey-case", decisions=2)


def _hidden_next(page: str) -> str:
    return html.unescape(re.search(r'name="next" type="hidden" value="([^"]*)"', page).group(1))


def _register_and_confirm(app, client, email: str, next_path: str | None = None):
    data = registration(email, "Nia Journey")
    if next_path is not None:
        data["next"] = next_path
    assert client.post("/register", data=data).status_code == 303
    return client.post(latest_link(app, email))


def test_the_case_page_offers_sign_in_and_registration_back_to_the_decision(client, case):
    page = html.unescape(client.get("/cases/journey-case").get_data(as_text=True))
    sign_in_link = re.search(r'href="(/sign-in\?next=[^"]+)">Sign in to commit your choice', page)
    register_link = re.search(r'href="(/register\?next=[^"]+)">Register</a>: it takes a minute',
                              page)
    for link in (sign_in_link, register_link):
        assert unquote(urlsplit(link.group(1)).query) == f"next={DECISION}"


def test_signing_in_from_the_decision_returns_to_it(app, client, case):
    with app.app_context():
        make_user(email="ann@example.com")
    form = client.get("/sign-in?next=" + quote(DECISION, safe="")).get_data(as_text=True)
    assert _hidden_next(form) == DECISION
    register = re.search(r'New here\? <a href="([^"]+)">Register', form).group(1)
    assert unquote(html.unescape(register)) == f"/register?next={DECISION}"
    resp = sign_in_with_form(client, "ann@example.com", next=_hidden_next(form))
    assert resp.status_code == 303 and resp.location == DECISION


def test_registering_from_the_decision_welcomes_then_returns_to_it(app, client, case):
    form = client.get("/register?next=" + quote(DECISION, safe="")).get_data(as_text=True)
    assert _hidden_next(form) == DECISION
    confirmed = _register_and_confirm(app, client, "nia@example.com", _hidden_next(form))
    assert confirmed.status_code == 303
    assert unquote(confirmed.location) == f"/welcome?next={DECISION}"

    welcome = client.get(confirmed.location)
    page = html.unescape(welcome.get_data(as_text=True))
    assert welcome.status_code == 200
    assert "Welcome, Nia Journey" in page
    assert "Which level do you lead at?" in page
    assert "groups your choices with those of leaders\n    at your level" in page
    assert "Save and go back to the decision" in page
    assert f'<a href="{DECISION}">Skip for now</a>' in page
    assert _hidden_next(page) == DECISION

    saved = client.post("/welcome", data={"level": "senior-manager", "next": DECISION})
    assert saved.status_code == 303 and saved.location == DECISION
    assert user_by_email(app, "nia@example.com").level == "senior-manager"
    assert "Your level is saved." in client.get("/cases/journey-case").get_data(as_text=True)


def test_without_a_decision_the_welcome_leads_to_the_library(app, client, case):
    confirmed = _register_and_confirm(app, client, "lib@example.com")
    assert confirmed.location == "/welcome"
    page = html.unescape(client.get("/welcome").get_data(as_text=True))
    assert "Save and open the library" in page and '<a href="/">Skip for now</a>' in page
    saved = client.post("/welcome", data={"level": "executive"})
    assert saved.status_code == 303 and saved.location == "/"
    assert user_by_email(app, "lib@example.com").level == "executive"


def test_a_welcome_without_a_level_says_what_to_do_and_changes_nothing(app, client):
    with app.app_context():
        user = make_user(email="bo@example.com", level="new-manager")
        sign_in(client, user)
    for data in ({}, {"level": "chief-of-everything"}):
        resp = client.post("/welcome", data=data)
        page = resp.get_data(as_text=True)
        assert resp.status_code == 422
        assert 'aria-invalid="true"' in page
        assert user_by_email(app, "bo@example.com").level == "new-manager"
    assert "Choose the level closest to yours, or skip this for now." in html.unescape(
        client.post("/welcome", data={}).get_data(as_text=True))


def test_the_welcome_shows_the_level_already_given(app, client):
    with app.app_context():
        sign_in(client, make_user(level="executive"))
    page = client.get("/welcome").get_data(as_text=True)
    checked = re.findall(r'<input [^>]*\bchecked\b[^>]*>', page)
    assert len(checked) == 1 and 'value="executive"' in checked[0]


def test_the_welcome_needs_an_account(client):
    resp = client.get("/welcome")
    assert resp.status_code == 302 and resp.location.startswith("/sign-in?next=")


def test_a_signed_in_member_sent_to_register_goes_on_to_the_decision(app, client, case):
    with app.app_context():
        sign_in(client, make_user())
    resp = client.get("/register?next=" + quote(DECISION, safe=""))
    assert resp.status_code == 302 and resp.location == DECISION


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_a_hostile_next_never_survives_registration_and_the_welcome(app, client, target):
    page = client.get("/register?next=" + quote(target, safe="")).get_data(as_text=True)
    assert _hidden_next(page) == ""
    confirmed = _register_and_confirm(app, client, "host@example.com", target)
    assert confirmed.status_code == 303 and confirmed.location == "/welcome"
    assert signed_in_name(client) == "Nia Journey"

    page = client.get("/welcome?next=" + quote(target, safe="")).get_data(as_text=True)
    assert _hidden_next(page) == "" and '<a href="/">Skip for now</a>' in page
    saved = client.post("/welcome", data={"level": "executive", "next": target})
    assert saved.status_code == 303 and saved.location == "/"


@pytest.mark.parametrize("target", CONTROL_NEXT)
def test_control_characters_in_next_are_refused_and_change_nothing(app, client, target):
    resp = client.post("/register", data={**registration("ctl@example.com"), "next": target})
    assert resp.status_code == 400
    assert "“next”" in resp.get_data(as_text=True)
    assert "othing was saved." in resp.get_data(as_text=True)  # "Nothing" or "nothing"
    with app.app_context():
        sign_in(client, make_user(email="ctl2@example.com", level="new-manager"))
    resp = client.post("/welcome", data={"level": "executive", "next": target})
    assert resp.status_code == 400
    assert "“next”" in resp.get_data(as_text=True)
    assert "othing was saved." in resp.get_data(as_text=True)  # "Nothing" or "nothing"
    assert user_by_email(app, "ctl2@example.com").level == "new-manager"
