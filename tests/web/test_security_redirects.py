"""`next` after sign-in lands on a local page, whatever a hostile link puts in it."""
import html
import re
import unicodedata
from urllib.parse import quote, urlsplit

import pytest

from tests.unit.test_security_redirects import HOSTILE
from tests.web.accounts_support import make_user, sign_in, sign_in_with_form, signed_in_name

HOSTILE_STRINGS = [h for h in HOSTILE if isinstance(h, str) and h] + [
    "/%5Cevil.com", "%2F%2Fevil.com", "/%2F%2Fevil.com", "https%3A%2F%2Fevil.com",
    "//evil.com/%2F..", "/\\/evil.com", "\\\\evil.com\\x", " https://evil.com",
    "\u3000//evil.com", "／／evil.com", "//evil%E3%80%82com", "/" + "a" * 3000,
]


def _is_local(location: str) -> bool:
    parts = urlsplit(location)
    return (not parts.scheme and not parts.netloc and location.startswith("/")
            and not location.startswith("//") and "\\" not in location
            and not any(ord(ch) < 33 for ch in location))


@pytest.mark.parametrize("target", HOSTILE_STRINGS)
def test_hostile_next_in_the_form_lands_on_a_local_page(app, client, target):
    with app.app_context():
        make_user(email="ann@example.com")
    resp = sign_in_with_form(client, "ann@example.com", next=target)
    if any(unicodedata.category(ch) == "Cc" and ch != "\t" for ch in target):
        # No keyboard types these: the text policy refuses the form, naming the field.
        assert resp.status_code == 400
        text = html.unescape(resp.get_data(as_text=True))
        if any(unicodedata.category(ch) == "Cc" for ch in target.replace("\r", "").replace("\n", "")):
            assert "“next” contains a control character" in text
        else:
            assert "“next” is one line: it cannot hold a line break." in text
        assert signed_in_name(client) is None
        return
    assert resp.status_code == 303
    assert _is_local(resp.location), resp.location
    assert "evil" not in resp.location


@pytest.mark.parametrize("target", HOSTILE_STRINGS)
def test_a_hostile_next_in_a_link_is_not_carried_into_the_form(app, client, target):
    with app.app_context():
        make_user(email="ann@example.com")
    page = client.get("/sign-in?next=" + quote(target, safe="")).get_data(as_text=True)
    carried = html.unescape(re.search(r'name="next" type="hidden" value="([^"]*)"', page).group(1))
    assert carried == "" or (_is_local(carried) and "evil" not in carried), carried
    resp = sign_in_with_form(client, "ann@example.com", next=carried)  # the form as it came
    assert resp.status_code == 303 and _is_local(resp.location)


@pytest.mark.parametrize("target", HOSTILE_STRINGS)
def test_hostile_next_in_the_query_lands_on_a_local_page(app, client, target):
    with app.app_context():
        sign_in(client, make_user())
    resp = client.get("/sign-in?next=" + quote(target, safe=""))
    assert resp.status_code == 302
    assert _is_local(resp.location), resp.location
    assert "evil" not in resp.location


def test_a_local_next_is_kept(app, client):
    with app.app_context():
        make_user(email="ann@example.com")
    resp = sign_in_with_form(client, "ann@example.com", next="/account?tab=1")
    assert resp.location == "/account?tab=1"
