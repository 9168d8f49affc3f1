"""A debate link opened before committing explains itself (200) and shows nothing of the
posts or the outcome; a debate of a decision still hidden from the reader answers
exactly like one that does not exist (404)."""
import html
import re

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
from tests.web.hidden_support import same_answer

POST_TEXT = "POST-SENTINEL-7781"
REPLY_TEXT = "REPLY-SENTINEL-7782"
# Hidden text of the case (tests.factories.make_case): outcomes, hindsight, the parts after
# each decision, and the debate prompts that open with the outcome.
HIDDEN = ("OUTCOME-SHARED", "HINDSIGHT-SHARED", "AFTER-SHARED", "DEBATE-SHARED",
          POST_TEXT, REPLY_TEXT)


@pytest.fixture
def shared(app, rollback):
    with app.app_context():
        case = make_case("shared", decisions=2, sentinel="SHARED")
        author = leader_who_committed(case, through=2, display_name="Ada Author")
        for number in (1, 2):
            top = add_post(decision_of(case, number), author, f"{POST_TEXT}-{number}",
                           stance="B")
            add_post(decision_of(case, number), author, f"{REPLY_TEXT}-{number}", parent=top)
        return {"case_id": case.id}


def _page(response) -> str:
    text = response.get_data(as_text=True)
    for needle in HIDDEN:
        assert needle not in text, needle
    return text


def test_a_leader_who_has_not_committed_is_told_to_commit_first(app, client, shared):
    with app.app_context():
        sign_in(client, make_user())
    response = client.get(debate_path("shared", 1))
    assert response.status_code == 200
    page = _page(response)
    assert "Commit on Decision 1 to join this debate" in page
    assert '<a class="button" href="/cases/shared#decision-d1">Commit on Decision 1</a>' in page
    assert "Question 1 of case" in page  # the question is on the case page for everyone
    # Nothing of the posts: no counts, no stances, no authors.
    assert "Ada Author" not in page and "thread" not in page and "Argues for" not in page
    # The same for sort, filter and page links someone may have shared.
    assert _page(client.get(debate_path("shared", 1) + "?sort=newest&page=1")).count(
        "Commit on Decision 1") == 2


def test_an_anonymous_reader_is_sent_to_sign_in_and_back_to_the_decision(app, client, shared):
    with app.app_context():
        make_user(email="ann@example.com")
    response = client.get(debate_path("shared", 1))
    assert response.status_code == 200
    page = _page(response)
    assert "Commit on Decision 1 to join this debate" in page
    sign_in_link = html.unescape(re.search(r'href="(/sign-in\?next=[^"]+)"', page).group(1))
    form = client.get(sign_in_link).get_data(as_text=True)
    next_value = html.unescape(re.search(r'name="next" type="hidden" value="([^"]*)"', form)
                               .group(1))
    assert next_value == "/cases/shared#decision-d1"
    signed_in = client.post("/sign-in", data={"email": "ann@example.com",
                                              "password": "correct horse battery",
                                              "next": next_value})
    assert signed_in.status_code == 303
    assert signed_in.headers["Location"] == "/cases/shared#decision-d1"
    assert 'href="/register"' in page


def test_a_debate_of_a_decision_still_hidden_answers_like_a_missing_one(app, client, shared):
    with app.app_context():
        sign_in(client, make_user())
    hidden = client.get(debate_path("shared", 2))  # decision 2's question is not shown yet
    made_up = client.get("/cases/shared/decisions/no-such-decision/debate")
    assert hidden.status_code == 404
    same_answer(hidden, made_up)
    assert "Question 2 of case" not in hidden.get_data(as_text=True)


def test_anonymous_readers_get_404_for_a_hidden_decisions_debate_too(client, shared):
    hidden = client.get(debate_path("shared", 2))
    assert hidden.status_code == 404
    same_answer(hidden, client.get("/cases/shared/decisions/nope/debate"))


def test_after_the_first_decision_the_second_debate_explains_itself(app, client, shared):
    with app.app_context():
        from casebook.cases.models import Case
        from casebook.extensions import db

        sign_in(client, leader_who_committed(db.session.get(Case, shared["case_id"]), through=1))
    first = client.get(debate_path("shared", 1)).get_data(as_text=True)
    assert f"{POST_TEXT}-1" in first  # unlocked: the debate itself
    second = client.get(debate_path("shared", 2))
    assert second.status_code == 200
    text = second.get_data(as_text=True)
    assert "Commit on Decision 2 to join this debate" in text
    assert f"{POST_TEXT}-2" not in text and "OUTCOME-SHARED-2" not in text


def test_the_posts_of_a_visible_debate_stay_404(app, client, shared):
    """Only the debate's own address explains itself: a post is hidden, so missing."""
    with app.app_context():
        sign_in(client, make_user())
        from sqlalchemy import select

        from casebook.debates.models import Post
        from casebook.extensions import db

        post_id = db.session.scalar(select(Post.id).order_by(Post.id))
    for path in (f"/debates/posts/{post_id}", f"/debates/posts/{post_id}/thread",
                 f"/api/v1/debates/posts/{post_id}", "/api/v1/cases/shared/decisions/d1/debate"):
        response = client.get(path)
        assert response.status_code == 404, path
        _page(response)
