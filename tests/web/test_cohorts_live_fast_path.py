"""The follower poll's fast path (cohorts/live_fast_path.py) answers a poll with a good
pass exactly as the route would, without Flask making a request; anything else it
leaves to the route."""
from __future__ import annotations

import pytest
from flask import request_started

from casebook.cohorts.live_fast_path import FollowerPoll
from tests.factories import make_case, make_user
from tests.web.cohorts_support import assign, make_cohort
from tests.web.decisions_support import decision_of, ref, sign_in

SLUG = "fast-path-case"


@pytest.fixture
def room(app, rollback):
    with app.app_context():
        case = make_case(SLUG, decisions=2)
        fay = make_user("facilitator", display_name="Fay Facilitator")
        ada = make_user(display_name="Ada Member", level="executive")
        cohort = make_cohort(fay, "Fast cohort", members=[ada])
        assign(fay, cohort, SLUG, hold=True)
        return {"fay": ref(fay), "ada": ref(ada), "cohort": cohort,
                "d1": decision_of(case.id, 1).id}


@pytest.fixture
def requests_flask_made(app):
    """How many requests Flask itself made (the fast path makes none)."""
    made = []

    def count(sender, **_):
        made.append(1)

    request_started.connect(count, app, weak=False)
    yield made
    request_started.disconnect(count, app)


def _poll(client, cohort, follow=None, tag=None, query=None):
    headers = {"If-None-Match": f'"{tag}"'} if tag else {}
    return client.get(f"/cohorts/{cohort}/live/version", headers=headers,
                      query_string=query if query is not None else {"follow": follow})


def _pass_and_tag(client, cohort):
    first = _poll(client, cohort, query={}).get_json()
    return first["follow"], first["version"]


def _through_flask(monkeypatch, client, *args, **kwargs):
    """The same poll, answered by the route (the fast path stood aside)."""
    with monkeypatch.context() as patched:
        patched.setattr(FollowerPoll, "_answer", lambda self, environ: None)
        return _poll(client, *args, **kwargs)


def _same_answer(fast, ordinary):
    assert (fast.status_code, fast.get_data()) == (ordinary.status_code, ordinary.get_data())
    assert [(k, v) for k, v in fast.headers if k != "Date"] == \
        [(k, v) for k, v in ordinary.headers if k != "Date"]


@pytest.mark.parametrize("who", ["ada", "fay"])
def test_a_good_pass_gets_the_routes_own_answer_without_a_flask_request(
        app, room, who, monkeypatch, requests_flask_made):
    client = app.test_client()
    sign_in(client, room[who])
    follow, tag = _pass_and_tag(client, room["cohort"])
    if who == "fay":
        assert tag.count("-") == 1  # a facilitator's tag also counts commitments
    made = len(requests_flask_made)
    unchanged = _poll(client, room["cohort"], follow, tag)
    stale = _poll(client, room["cohort"], follow, "0")
    assert unchanged.status_code == 304 and stale.status_code == 200
    assert stale.get_json() == {"version": tag}
    assert len(requests_flask_made) == made  # neither went through Flask
    _same_answer(unchanged, _through_flask(monkeypatch, client, room["cohort"], follow, tag))
    _same_answer(stale, _through_flask(monkeypatch, client, room["cohort"], follow, "0"))
    assert len(requests_flask_made) == made + 2


def test_the_fast_path_sees_the_facilitators_action_at_once(app, room, requests_flask_made):
    member, lead = app.test_client(), app.test_client()
    sign_in(member, room["ada"])
    sign_in(lead, room["fay"])
    follow, tag = _pass_and_tag(member, room["cohort"])
    assert lead.post(f"/cohorts/{room['cohort']}/live/show",
                     data={"decision": str(room["d1"])}).status_code == 303
    made = len(requests_flask_made)
    moved = _poll(member, room["cohort"], follow, tag)
    assert moved.status_code == 200 and moved.get_json() == {"version": str(int(tag) + 1)}
    assert len(requests_flask_made) == made


@pytest.mark.parametrize("case", ["forged pass", "other query", "no cookie", "other sign-in",
                                  "other cohort", "a HEAD request"])
def test_anything_else_is_left_to_the_route(app, room, case, requests_flask_made):
    client = app.test_client()
    sign_in(client, room["ada"])
    follow, tag = _pass_and_tag(client, room["cohort"])
    cohort, query, head = room["cohort"], {"follow": follow}, False
    if case == "forged pass":
        query = {"follow": follow[:-2] + "xx"}
    elif case == "other query":
        query = {"follow": follow, "x": "1"}
    elif case == "no cookie":
        client = app.test_client()
    elif case == "other sign-in":
        client = app.test_client()
        sign_in(client, room["ada"])
    elif case == "other cohort":
        with app.app_context():
            cohort = make_cohort(make_user("facilitator"), "Another cohort")
    else:
        head = True
    method = client.head if head else client.get
    made = len(requests_flask_made)
    answer = method(f"/cohorts/{cohort}/live/version", query_string=query,
                    headers={"If-None-Match": f'"{tag}"'})
    assert len(requests_flask_made) == made + 1
    expected = {"forged pass": 200, "other query": 304, "no cookie": 302,
                "other sign-in": 200, "other cohort": 404, "a HEAD request": 304}[case]
    assert answer.status_code == expected


def test_a_failing_database_leaves_the_poll_to_the_route(app, room, monkeypatch,
                                                         requests_flask_made):
    client = app.test_client()
    sign_in(client, room["ada"])
    follow, tag = _pass_and_tag(client, room["cohort"])

    def broken(*_args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("casebook.cohorts.live_fast_path.tag_for_pass", broken)
    made = len(requests_flask_made)
    assert _poll(client, room["cohort"], follow, tag).status_code == 304
    assert len(requests_flask_made) == made + 1
