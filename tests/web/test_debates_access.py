"""A debate's posts open only for readers who unlocked its decision's outcome: everyone
else gets 404 on its posts, permalinks, history, forms and JSON - and no text. The debate
page itself explains what to do when its decision is visible (test_debates_commit_first.py)."""

import pytest

from tests.web.debates_support import (
    add_post,
    debate_path,
    decision_of,
    leader_who_committed,
    make_case,
    make_user,
    sign_in,
)

SECRET = "SECRET-POST-TEXT-42"


@pytest.fixture
def world(app, rollback):
    """A case with a debate on decision 1 holding one post and one reply."""
    with app.app_context():
        case = make_case("gated", decisions=2)
        d1 = decision_of(case, 1)
        author = leader_who_committed(case)
        top = add_post(d1, author, f"Top {SECRET}", stance="B")
        reply = add_post(d1, author, f"Reply {SECRET}", parent=top)
        return {"case": case, "top": top.id, "reply": reply.id, "slug": case.slug}


def _paths(world):
    top, reply = world["top"], world["reply"]
    return [
        ("get", f"/debates/posts/{top}"),
        ("get", f"/debates/posts/{reply}"),
        ("get", f"/debates/posts/{top}/thread"),
        ("get", f"/debates/posts/{reply}/history"),
        ("get", f"/debates/posts/{top}/reply"),
        ("get", f"/debates/posts/{top}/edit"),
        ("get", f"/debates/posts/{top}/flag"),
        ("get", f"/debates/posts/{top}/delete"),
        ("get", f"/api/v1/cases/{world['slug']}/decisions/d1/debate"),
        ("get", f"/api/v1/debates/posts/{reply}"),
        ("post", debate_path(world["slug"], 1)),
        ("post", f"/debates/posts/{top}/reply"),
        ("post", f"/debates/posts/{top}/insightful"),
        ("post", f"/debates/posts/{top}/flag"),
        ("post", f"/debates/posts/{top}/edit"),
        ("post", f"/debates/posts/{top}/delete"),
        ("post", f"/cases/{world['slug']}/decisions/d1/revised-view"),
    ]


def _assert_all_404(client, world):
    for method, path in _paths(world):
        response = getattr(client, method)(
            path, data={"body": "x", "stance": "A", "reason": "spam"}
        )
        assert response.status_code == 404, (method, path, response.status_code)
        body = response.get_data(as_text=True)
        assert SECRET not in body and "OUTCOME-" not in body and "DEBATE-" not in body
        assert "Location" not in response.headers


def test_anonymous_reader_gets_404_everywhere(world, client):
    _assert_all_404(client, world)


def test_leader_who_has_not_committed_gets_404_everywhere(app, world, client):
    with app.app_context():
        sign_in(client, make_user())
    _assert_all_404(client, world)


def test_author_role_without_commitment_gets_404(app, world, client):
    with app.app_context():
        sign_in(client, make_user("author"))
    _assert_all_404(client, world)


def test_debate_of_a_later_decision_stays_locked_after_the_first(app, world, client):
    with app.app_context():
        case = world["case"]
        d2 = decision_of(case, 2)
        other = leader_who_committed(case, through=2)
        post_id = add_post(d2, other, f"Second {SECRET}").id
        reader = leader_who_committed(case, through=1)
        sign_in(client, reader)
    assert client.get(debate_path("gated", 1)).status_code == 200
    closed = client.get(debate_path("gated", 2))  # visible, not committed: explains itself
    assert closed.status_code == 200 and SECRET not in closed.get_data(as_text=True)
    for path in (
        f"/debates/posts/{post_id}",
        "/api/v1/cases/gated/decisions/d2/debate",
        f"/api/v1/debates/posts/{post_id}",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert SECRET not in response.get_data(as_text=True)


def test_committed_leader_reads_the_debate_and_its_pinned_prompts(app, world, client):
    with app.app_context():
        sign_in(client, leader_who_committed(world["case"]))
    response = client.get(debate_path(world["slug"], 1))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"Top {SECRET}" in html and f"Reply {SECRET}" in html
    assert "DEBATE-GATED-1" in html  # the case's debate prompt, pinned
    assert "DEBATE-GATED-2" not in html and "OUTCOME-GATED-2" not in html
    api = client.get("/api/v1/cases/gated/decisions/d1/debate").get_json()
    assert api["threads"][0]["replies"][0]["html"].count(SECRET) == 1
    assert api["options"][1] == {"label": "B", "text": "Option B of decision 1"}


@pytest.mark.parametrize("role", ["editor", "facilitator", "admin"])
def test_moderators_read_every_debate(app, world, client, role):
    with app.app_context():
        sign_in(client, make_user(role))
    assert client.get(debate_path(world["slug"], 1)).status_code == 200
    assert client.get(f"/debates/posts/{world['reply']}").status_code == 302


def test_unknown_debates_and_posts_are_404(app, world, client):
    with app.app_context():
        sign_in(client, leader_who_committed(world["case"]))
    for path in (
        "/cases/gated/decisions/nope/debate",
        "/cases/nope/decisions/d1/debate",
        "/cases/GATED/decisions/d1/debate",
        "/debates/posts/999999",
        "/debates/posts/999999/thread",
        "/api/v1/debates/posts/999999",
    ):
        assert client.get(path).status_code == 404, path


def test_the_locked_json_answer_is_json_and_says_nothing(world, client):
    response = client.get(f"/api/v1/debates/posts/{world['top']}")
    assert response.status_code == 404
    assert response.is_json and SECRET not in response.get_data(as_text=True)


def test_the_case_page_links_to_the_debate_only_once_unlocked(app, world, client):
    link = 'href="/cases/gated/decisions/d1/debate"'
    with app.app_context():
        newcomer = make_user()
        sign_in(client, newcomer)
    assert link not in client.get("/cases/gated").get_data(as_text=True)
    with app.app_context():
        sign_in(client, leader_who_committed(world["case"]))
    page = client.get("/cases/gated").get_data(as_text=True)
    assert link in page and "Join the debate" in page
    assert 'href="/cases/gated/decisions/d2/debate"' not in page
