"""Editing with history, deleting that keeps the thread's shape, the insightful toggle,
"changed my mind", in-place (htmx) replies and reactions, and rate limits."""

import re

import pytest
from sqlalchemy import func, select

from casebook.cases.models import Decision
from casebook.debates.models import Post, PostRevision, Reaction, RevisedView
from casebook.extensions import db
from tests.web.debates_support import (
    add_post,
    debate_path,
    decision_of,
    leader_who_committed,
    make_case,
    ref,
    sign_in,
)


@pytest.fixture
def thread(app, rollback, client):
    """Case "posts": Ada wrote a post with a reply from Ben; the client is Ada."""
    with app.app_context():
        case = make_case("posts", decisions=1)
        decision = decision_of(case)
        ada = leader_who_committed(case, label="A", confidence=60, display_name="Ada")
        ben = leader_who_committed(case, label="B", confidence=90, display_name="Ben")
        top = add_post(decision, ada, "First version", stance="A")
        reply = add_post(decision, ben, "Reply from Ben", parent=top)
        sign_in(client, ada)
        return {
            "decision_id": decision.id,
            "ada": ref(ada),
            "ben": ref(ben),
            "top": top.id,
            "reply": reply.id,
        }


def test_author_edits_and_the_history_keeps_each_version(app, client, thread):
    top = thread["top"]
    assert (
        client.post(f"/debates/posts/{top}/edit", data={"body": "Second version"}).status_code
        == 302
    )
    assert (
        client.post(f"/debates/posts/{top}/edit", data={"body": "Third **version**"}).status_code
        == 302
    )
    page = client.get(debate_path("posts")).get_data(as_text=True)
    assert "Third <strong>version</strong>" in page and "First version" not in page
    assert f'<a href="/debates/posts/{top}/history">edited</a>' in page
    history = client.get(f"/debates/posts/{top}/history").get_data(as_text=True)
    assert history.index("Third") < history.index("Second version") < history.index("First version")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PostRevision)) == 2


def test_only_the_author_edits(app, client, thread):
    with app.app_context():
        sign_in(client, thread["ben"])
    assert client.get(f"/debates/posts/{thread['top']}/edit").status_code == 403
    assert (
        client.post(f"/debates/posts/{thread['top']}/edit", data={"body": "Hijack"}).status_code
        == 403
    )
    assert "Hijack" not in client.get(debate_path("posts")).get_data(as_text=True)


def test_delete_leaves_deleted_in_place_and_keeps_the_replies(app, client, thread):
    top = thread["top"]
    client.post(f"/debates/posts/{top}/edit", data={"body": "Edited text"})
    assert client.get(f"/debates/posts/{top}/delete").status_code == 200  # the confirmation page
    assert client.post(f"/debates/posts/{top}/delete").status_code == 302
    page = client.get(debate_path("posts")).get_data(as_text=True)
    assert "[deleted]" in page and "Edited text" not in page and "First version" not in page
    assert "Reply from Ben" in page
    assert re.search(
        rf'id="post-{top}".*id="replies-{top}".*id="post-{thread["reply"]}"', page, re.S
    )
    assert client.get(f"/debates/posts/{top}/history").status_code == 404
    with app.app_context():
        post = db.session.get(Post, top)
        assert post.body_source == "" and post.deleted_at is not None
        assert db.session.scalar(select(func.count()).select_from(PostRevision)) == 0
    api = client.get(f"/api/v1/debates/posts/{top}").get_json()
    assert api["deleted"] and api["html"] is None


def test_insightful_toggles_once_per_user(app, client, thread):
    reply = thread["reply"]
    assert client.post(f"/debates/posts/{reply}/insightful").status_code == 302
    with app.app_context():
        assert db.session.get(Post, reply).insightful_count == 1
    page = client.get(debate_path("posts")).get_data(as_text=True)
    assert 'aria-pressed="true"' in page
    client.post(f"/debates/posts/{reply}/insightful")
    with app.app_context():
        assert db.session.get(Post, reply).insightful_count == 0
        assert db.session.scalar(select(func.count()).select_from(Reaction)) == 0
    # Nobody marks their own post.
    assert client.post(f"/debates/posts/{thread['top']}/insightful").status_code == 403


def test_reaction_in_place_with_htmx_returns_the_button(app, client, thread):
    response = client.post(
        f"/debates/posts/{thread['reply']}/insightful", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<form class="reaction-form"')
    assert 'aria-pressed="true"' in html and '<span class="count">1</span>' in html
    assert "<html" not in html and "HX-Request" in response.headers["Vary"]


def test_reply_in_place_with_htmx(app, client, thread):
    top = thread["top"]
    # The Reply link fetches the form into the post (without JavaScript it opens the reply page).
    form = client.get(f"/debates/posts/{top}/reply", headers={"HX-Request": "true"})
    assert form.get_data(as_text=True).lstrip().startswith('<form class="reply-form"')
    page = client.get(f"/debates/posts/{top}/reply").get_data(as_text=True)
    assert "<html" in page and "First version" in page and f'id="reply-body-{top}"' in page
    # Posting answers with the reply, appended below its parent (the form goes away).
    response = client.post(
        f"/debates/posts/{top}/reply", data={"body": "In place"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'hx-swap-oob="beforeend:#replies-{top}"' in html and "<p>In place</p>" in html
    assert '<form class="reply-form"' not in html and "<html" not in html
    # A refused reply answers 422 with the form and its error (swapped in place by htmx).
    bad = client.post(
        f"/debates/posts/{top}/reply", data={"body": "x" * 20_001}, headers={"HX-Request": "true"}
    )
    assert bad.status_code == 422
    assert 'class="field-error"' in bad.get_data(as_text=True)
    assert "at most 20,000 characters" in bad.get_data(as_text=True)


def test_changed_my_mind_counts_per_post_and_per_debate(app, client, thread):
    reply = thread["reply"]
    url = "/cases/posts/decisions/d1/revised-view"
    with app.app_context():
        original = _commitment_of(thread["ada"].id)
        original = (original.option_label, original.confidence)
        carl = ref(
            leader_who_committed(
                db.session.get(Decision, thread["decision_id"]).case, label="C", display_name="Carl"
            )
        )
    assert (
        client.post(url, data={"option": "B", "confidence": "75", "cited_post": reply}).status_code
        == 302
    )
    sign_in(client, carl)
    assert (
        client.post(url, data={"option": "B", "confidence": "80", "cited_post": reply}).status_code
        == 302
    )
    page = client.get(debate_path("posts")).get_data(as_text=True)
    assert "changed 2 minds" in page
    assert "2 leaders have changed their mind" in page
    assert "A → B (1)" in page and "C → B (1)" in page
    assert "now B “Option B of decision 1”, 80 %" not in page  # Carl has not posted
    with app.app_context():
        # The sealed commitment is untouched; the revised view points to it.
        after = _commitment_of(thread["ada"].id)
        assert (after.option_label, after.confidence) == original
        view = db.session.scalar(select(RevisedView).where(RevisedView.user_id == thread["ada"].id))
        assert view.commitment_id == after.id and view.option_label == "B" and view.confidence == 75
    # Ada's posts now show her revised view beside her sealed choice.
    assert "chose A “Option A of decision 1”, 60 %" in page
    assert "now B “Option B of decision 1”, 75 %" in page


def test_this_changed_my_mind_is_a_button_on_each_post(app, client, thread):
    """No number to type: the button sends the post, the page asks for the view now."""
    top, reply = thread["top"], thread["reply"]
    page = client.get(debate_path("posts")).get_data(as_text=True)
    button = (f'<form class="changed-mind-form" method="post"'
              f' action="/debates/posts/{reply}/changed-my-mind">')
    assert button in page and ">This changed my mind</button>" in page  # on Ben's reply
    assert f"/debates/posts/{top}/changed-my-mind" not in page  # not on Ada's own post
    assert "number at the end" not in page and 'name="cited_post"' not in page
    # The button: the post quoted, the options in full, prefilled with Ada's current view.
    asked = client.post(f"/debates/posts/{reply}/changed-my-mind")
    assert asked.status_code == 200
    html = asked.get_data(as_text=True)
    assert "Reply from Ben" in html and "This post changed my mind" in html
    assert re.search(r'<input checked id="option-0" name="option" required type="radio" value="A">'
                     r' <span class="option-label">A</span> Option A of decision 1', html)
    assert 'name="confidence" required type="number" value="60">' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RevisedView)) == 0
    # Sending the page records the view, citing the post; the commitment stays sealed.
    recorded = client.post(f"/debates/posts/{reply}/changed-my-mind",
                           data={"step": "record", "option": "B", "confidence": "85"})
    assert recorded.status_code == 303
    assert recorded.headers["Location"] == f"/debates/posts/{reply}"
    page = client.get(debate_path("posts")).get_data(as_text=True)
    assert "changed 1 mind" in page and "A → B (1)" in page
    assert "Your revised view is recorded, citing this post." in page
    with app.app_context():
        view = db.session.scalar(select(RevisedView))
        assert (view.option_label, view.confidence, view.cited_post_id) == ("B", 85, reply)
        assert _commitment_of(thread["ada"].id).option_label == "A"


def test_the_changed_my_mind_page_refuses_bad_values_beside_the_fields(app, client, thread):
    url = f"/debates/posts/{thread['reply']}/changed-my-mind"
    for data, message in (({"step": "record", "option": "Z", "confidence": "70"},
                           "Not a valid choice"),
                          ({"step": "record", "option": "B", "confidence": "20"},
                           "Give your confidence, from 50 to 100 %."),
                          ({"step": "record", "confidence": "70"}, "Choose an option.")):
        response = client.post(url, data=data)
        assert response.status_code == 422
        assert 'class="field-error" id="' in response.get_data(as_text=True)
        assert message in response.get_data(as_text=True)
    # Not on one's own post; not before committing (where the post is not even there).
    assert client.post(f"/debates/posts/{thread['top']}/changed-my-mind").status_code == 403
    with app.app_context():
        newcomer = ref(leader_who_committed(make_case("other", decisions=1)))
    sign_in(client, newcomer)
    assert client.post(url).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RevisedView)) == 0


def _commitment_of(user_id):
    from casebook.decisions.models import Commitment

    return db.session.scalar(select(Commitment).where(Commitment.user_id == user_id))


def test_revised_view_needs_a_commitment_and_a_valid_choice(app, client, thread):
    url = "/cases/posts/decisions/d1/revised-view"
    for data in (
        {"option": "Z", "confidence": "70"},
        {"option": "B", "confidence": "20"},
        {"option": "B", "confidence": "70", "cited_post": "999999"},
    ):
        assert client.post(url, data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RevisedView)) == 0


@pytest.fixture
def rate_limited_app(make_app):
    """An app with rate limits on. Flask-Limiter keeps `enabled` and its counters on the one
    shared Limiter, so they are put back afterwards for the other tests."""
    from casebook.extensions import limiter

    try:
        yield make_app(RATELIMIT_ENABLED=True)
    finally:
        limiter.reset()
        limiter.enabled = False


def test_posting_is_rate_limited(app, rate_limited_app, thread):
    client = rate_limited_app.test_client()
    with rate_limited_app.app_context():
        sign_in(client, thread["ben"])
    statuses = [
        client.post(
            f"/debates/posts/{thread['top']}/reply", data={"body": f"Reply {i}"}
        ).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    # Reactions have their own, larger allowance.
    assert client.post(f"/debates/posts/{thread['top']}/insightful").status_code == 302


def test_forms_and_htmx_requests_carry_the_csrf_token(app, make_app, thread):
    guarded = make_app(WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    with guarded.app_context():
        sign_in(client, thread["ben"])
    top = thread["top"]
    assert (
        client.post(
            f"/debates/posts/{top}/reply", data={"body": "No token"}, headers={"HX-Request": "true"}
        ).status_code
        == 400
    )
    form = client.get(f"/debates/posts/{top}/reply", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post(
        f"/debates/posts/{top}/reply",
        data={"body": "With token", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "With token" in response.get_data(as_text=True)
    page = client.get(debate_path("posts")).get_data(as_text=True)
    reaction = page.split('class="reaction-form"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrf_token"' in reaction
