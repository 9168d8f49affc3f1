"""Parts drawn once and shared (casebook/drawn_cache.py): each reader still sees their
own header, the CSRF placeholder never reaches a browser, and the signed-in account
copy refuses writes (changes go through its User row)."""
from __future__ import annotations

import re

import pytest

from casebook.accounts.signed_in import COLUMNS, SignedIn
from casebook.drawn_cache import CSRF_PLACEHOLDER
from tests.factories import commit, make_case, make_user, sign_in

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        case = make_case("drawn-parts", title="Drawn Parts", decisions=2)
        ada = make_user(display_name="Ada Example")
        ben = make_user(display_name="Ben Example")
        commit(ada, case.decisions[0])
        commit(ben, case.decisions[0])
        return ada.id, ben.id


def _page(app, user_id, path="/cases/drawn-parts") -> str:
    client = app.test_client()
    sign_in(client, user_id)
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_reader_sees_their_own_name_in_a_shared_header(app, world):
    ada, ben = world
    first, second = _page(app, ada), _page(app, ben)
    assert "Ada Example" in first and "Ben Example" not in first
    assert "Ben Example" in second and "Ada Example" not in second


def test_a_name_goes_into_the_shared_header_escaped_and_no_placeholder_shows(app, rollback):
    with app.app_context():
        make_case("drawn-names", decisions=1)
        eve = make_user(display_name='<b onmouseover="x()">Eve</b> & co')
        eve_id = eve.id
    html = _page(app, eve_id, "/cases/drawn-names")
    assert "&lt;b onmouseover=&#34;x()&#34;&gt;Eve&lt;/b&gt; &amp; co" in html
    assert "<b onmouseover" not in html
    assert not re.search(r"name-[0-9a-f]{32}|<!--(header|body)-[0-9a-f]{32}-->", html)


@pytest.mark.parametrize("path", ["/cases/drawn-parts", "/me/decisions", "/account"])
def test_the_placeholder_never_reaches_the_browser(app, world, path):
    html = _page(app, world[0], path)
    assert CSRF_PLACEHOLDER not in html
    tokens = set(TOKEN.findall(html))
    assert len(tokens) == 1  # the sign-out form and every other form: this session's token


def test_a_shared_header_signs_out_with_the_sessions_token(app, world):
    client = app.test_client()
    sign_in(client, world[0])
    html = client.get("/cases/drawn-parts").get_data(as_text=True)
    token = TOKEN.search(html).group(1)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert "Ada Example" not in client.get("/cases/drawn-parts").get_data(as_text=True)


def test_the_signed_in_copy_refuses_writes():
    account = SignedIn(dict.fromkeys(COLUMNS), frozenset(), "1:key")
    with pytest.raises(AttributeError, match="through row"):
        account.level = "executive"
