"""Hostile input in the cohort debate's forms and addresses: every answer is a clear
4xx (never 500), nothing is stored from a refused form, and markup is made inert."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casebook.debates.models import Post
from casebook.extensions import db
from tests.factories import sign_in
from tests.web.rooms_support import SLUG, room_path, room_world
from tests.web.test_debates_hostile import XSS_CORPUS, _executable_bits


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        return room_world()


@pytest.fixture
def mia(app, world):
    client = app.test_client()
    sign_in(client, world.people["mia"])
    return client


def _posts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Post))


@pytest.mark.parametrize("room", ["99999999999999999999999", "abc", "-1", "0", "1.5", "%00",
                                  "1%20OR%201=1"])
def test_bad_room_ids_are_404(mia, room):
    base = f"/cases/{SLUG}/decisions/d1/debate/rooms/{room}"
    assert mia.get(base).status_code == 404
    # Werkzeug answers 405 for an id its converter refuses on a path that also has a GET
    # rule (room 0); anything else is 404. Either way nothing runs.
    assert mia.post(base, data={"stance": "A", "body": "x"}).status_code in (404, 405)
    assert mia.post(base + "/lock", data={"reason": "x"}).status_code == 404
    assert mia.get(f"/api/v1/cases/{SLUG}/decisions/d1/debate/rooms/{room}").status_code == 404


@pytest.mark.parametrize("key", ["d9", "D1", "d1'--", "x" * 300])
def test_bad_decision_keys_in_a_room_address_are_404(mia, world, key):
    assert mia.get(room_path(world.cohort, key=key)).status_code == 404


def test_the_other_decision_of_the_case_is_hidden_until_the_first_is_unlocked(mia, world):
    # Decision 2's question is still hidden from Mia (decision 1 is held): 404, not a page.
    assert mia.get(room_path(world.cohort, key="d2")).status_code == 404


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 20_001])
def test_blank_and_oversize_bodies_are_a_form_error_and_store_nothing(app, mia, world, body):
    before = _posts(app)
    response = mia.post(room_path(world.cohort), data={"stance": "A", "body": body})
    assert response.status_code == 422
    assert _posts(app) == before
    reply = mia.post(f"/debates/posts/{world.first}/reply", data={"body": body})
    assert reply.status_code == 422
    assert _posts(app) == before


@pytest.mark.parametrize("body", ["a\x00b", "bell\x07", "esc\x1b[31m"])
def test_control_characters_are_refused_with_a_400(app, mia, world, body):
    before = _posts(app)
    assert mia.post(room_path(world.cohort), data={"stance": "A", "body": body}).status_code == 400
    assert _posts(app) == before


@pytest.mark.parametrize("stance", ["Z", "", "question'--", "A" * 50])
def test_an_unknown_stance_is_refused(app, mia, world, stance):
    before = _posts(app)
    response = mia.post(room_path(world.cohort), data={"stance": stance, "body": "Words."})
    assert response.status_code == 422
    assert _posts(app) == before


@pytest.mark.parametrize("query", ["?sort=evil", "?stance=Z", "?page=0", "?page=abc",
                                   "?page=99999999999999999999"])
def test_hostile_query_values_on_the_room_page_are_4xx(mia, world, query):
    status = mia.get(room_path(world.cohort) + query).status_code
    assert 400 <= status < 500


def test_xss_in_a_room_post_is_inert(app, mia, world):
    for payload in XSS_CORPUS[:12]:
        response = mia.post(room_path(world.cohort), data={"stance": "A", "body": payload})
        assert response.status_code in (302, 422), payload
    page = mia.get(room_path(world.cohort) + "?sort=newest").get_data(as_text=True)
    assert _executable_bits(page) == []


def test_hostile_post_ids_are_404(mia):
    for post in ("99999999999999999999999", "abc", "-1"):
        assert mia.get(f"/debates/posts/{post}").status_code == 404
        assert mia.post(f"/debates/posts/{post}/hide", data={"reason": "x"}).status_code == 404


def test_a_hostile_flag_reason_is_refused(app, mia, world):
    response = mia.post(f"/debates/posts/{world.first}/flag",
                        data={"reason": "<script>", "details": "x" * 5000})
    assert response.status_code == 422
