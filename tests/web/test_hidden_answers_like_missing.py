"""A hidden thing answers exactly like a missing one, and ids of any size are just ids.

Each test here reproduces a finding of the security review: a still-hidden later
decision answered differently from a made-up id (303 against 404, 422 against 404), so
hidden decisions and their option labels could be enumerated; ids too large for the
database answered 500.
"""
from __future__ import annotations

import pytest

from tests.factories import commit, make_case, make_user
from tests.web.debates_support import add_post
from tests.web.decisions_support import decision_of, post_commit, post_reflection, ref, sign_in
from tests.web.hidden_support import same_answer as _same

HUGE = "9999999999999999999999999"


@pytest.fixture
def gated(app, rollback):
    with app.app_context():
        case = make_case("gated-case", decisions=2)
        other = make_user()
        commit(other, decision_of(case.id, 1), "A")
        commit(other, decision_of(case.id, 2), "B")
        hidden_post = add_post(decision_of(case.id, 2), other, "Behind decision two.")
        return {"leader": ref(make_user()), "hidden_post": hidden_post.id}


def test_anonymous_commit_on_a_hidden_decision_is_a_plain_404(app, gated):
    client = app.test_client()
    hidden = post_commit(client, "gated-case", key="d2")
    made_up = post_commit(client, "gated-case", key="no-such-decision")
    assert hidden.status_code == 404
    _same(hidden, made_up)
    # The visible decision still asks to sign in first.
    assert post_commit(client, "gated-case", key="d1").status_code == 303


@pytest.mark.parametrize("option", ["A", "Q", ""])
def test_a_leader_probing_a_hidden_decision_learns_nothing(app, gated, option):
    client = app.test_client()
    sign_in(client, gated["leader"])
    hidden = post_commit(client, "gated-case", key="d2", option=option)
    made_up = post_commit(client, "gated-case", key="no-such-decision", option=option)
    assert hidden.status_code == 404
    _same(hidden, made_up)


def test_reflection_on_a_hidden_decision_is_a_plain_404(app, gated):
    client = app.test_client()
    sign_in(client, gated["leader"])
    hidden = post_reflection(client, "gated-case", key="d2")
    made_up = post_reflection(client, "gated-case", key="no-such-decision")
    assert hidden.status_code == 404
    _same(hidden, made_up)


@pytest.mark.parametrize("suffix", ["", "/thread", "/history", "/flag", "/reply"])
def test_a_hidden_post_answers_like_a_missing_one(app, gated, suffix):
    client = app.test_client()
    sign_in(client, gated["leader"])
    hidden = client.get(f"/debates/posts/{gated['hidden_post']}{suffix}")
    made_up = client.get(f"/debates/posts/{gated['hidden_post'] + 1000}{suffix}")
    assert hidden.status_code == 404
    _same(hidden, made_up)


def test_a_hidden_post_in_the_api_answers_like_a_missing_one(app, gated):
    client = app.test_client()
    hidden = client.get(f"/api/v1/debates/posts/{gated['hidden_post']}")
    made_up = client.get(f"/api/v1/debates/posts/{gated['hidden_post'] + 1000}")
    assert hidden.status_code == 404 and hidden.mimetype == "application/problem+json"
    _same(hidden, made_up)


@pytest.mark.parametrize("path", [
    f"/debates/posts/{HUGE}",
    f"/debates/posts/{HUGE}/thread",
    f"/debates/posts/{HUGE}/history",
    f"/api/v1/debates/posts/{HUGE}",
    f"/people/{HUGE}",
    f"/admin/users/{HUGE}",
    "/debates/posts/2147483648",  # one past PostgreSQL's INTEGER
    "/debates/posts/0",
])
def test_ids_of_any_size_are_404_not_500(app, gated, path):
    client = app.test_client()
    sign_in(client, gated["leader"])
    assert client.get(path).status_code == 404


def test_opening_a_notification_with_a_huge_id_is_404(app, gated):
    client = app.test_client()
    sign_in(client, gated["leader"])
    assert client.post(f"/notifications/{HUGE}/open").status_code == 404


def test_citing_a_post_with_a_huge_id_is_a_message_not_a_500(app, rollback):
    with app.app_context():
        case = make_case("cite-case", decisions=1)
        leader = make_user()
        commit(leader, decision_of(case.id, 1), "A")
        leader = ref(leader)
    client = app.test_client()
    sign_in(client, leader)
    response = client.post("/cases/cite-case/decisions/d1/revised-view",
                           data={"option": "B", "confidence": "70", "cited_post": HUGE})
    assert response.status_code == 302
    assert "changed-my-mind" in response.headers["Location"]
    page = client.get("/cases/cite-case/decisions/d1/debate").get_data(as_text=True)
    assert "Choose an option and a confidence" in page
