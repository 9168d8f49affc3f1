"""Committing a choice: sealed once, one per leader and decision, only where visible."""
import pytest
from flask import url_for
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from casebook.decisions.models import Commitment
from casebook.extensions import db
from tests.factories import make_case, make_user
from tests.web.decisions_support import (
    commitments_of,
    count_commitments,
    post_commit,
    ref,
    sign_in,
)


@pytest.fixture
def leader(app, client):
    with app.app_context():
        make_case("platform-bet", decisions=2)
        user = ref(make_user())
    sign_in(client, user)
    return user


def test_commit_seals_the_choice_and_lands_on_the_outcome(app, client, leader):
    response = post_commit(client, "platform-bet", option="C", confidence="85",
                           rationale="Because *speed* matters.",
                           forecast_label="B", forecast_probability="60")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/cases/platform-bet#decision-d1-outcome")
    with app.app_context():
        [row] = commitments_of(leader.id)
        assert (row.option_label, row.confidence) == ("C", 85)
        assert (row.forecast_label, row.forecast_probability) == ("B", 60)
        assert row.rationale_source == "Because *speed* matters."
        assert "<em>speed</em>" in row.rationale_html
    page = client.get("/cases/platform-bet").get_data(as_text=True)
    assert "Your choice is sealed" in page  # the confirmation after the redirect
    assert "OUTCOME-PLATFORM-BET-1" in page
    assert "Your sealed choice" in page and "85 %" in page


def test_second_commit_is_refused_with_a_message_and_the_first_stays(app, client, leader):
    assert post_commit(client, "platform-bet", option="A", confidence="70").status_code == 303
    again = post_commit(client, "platform-bet", option="B", confidence="99",
                        rationale="Changed my mind.")
    assert again.status_code == 303
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "You already committed a choice on this decision" in page
    with app.app_context():
        [row] = commitments_of(leader.id)
        assert (row.option_label, row.confidence) == ("A", 70)
        assert "Changed my mind" not in row.rationale_source


def test_no_route_can_edit_or_delete_a_commitment(app):
    for rule in app.url_map.iter_rules():
        if "decision" in rule.rule or rule.endpoint.startswith("decisions."):
            assert not ({"PUT", "PATCH", "DELETE"} & set(rule.methods)), rule
    decision_posts = sorted(
        r.rule for r in app.url_map.iter_rules()
        if r.endpoint.startswith("decisions.") and "POST" in r.methods
    )
    assert decision_posts == [
        "/cases/<slug>/decisions/<key>/commit",
        "/cases/<slug>/decisions/<key>/reflection",
        "/me/decisions/sharing",
    ]


def test_the_database_refuses_to_update_a_commitment(app, client, leader):
    post_commit(client, "platform-bet")
    with app.app_context():
        with pytest.raises(DatabaseError):
            with db.session.begin_nested():
                db.session.execute(text("UPDATE commitments SET option_label = 'B'"))
        db.session.rollback()
        [row] = commitments_of(leader.id)
        assert row.option_label == "A"


def test_a_decision_whose_prompt_is_hidden_cannot_be_committed(app, client, leader):
    response = post_commit(client, "platform-bet", key="d2")
    assert response.status_code == 404
    with app.app_context():
        assert commitments_of(leader.id) == []


def test_the_second_decision_opens_after_the_first(app, client, leader):
    assert post_commit(client, "platform-bet", key="d1").status_code == 303
    assert post_commit(client, "platform-bet", key="d2", option="B").status_code == 303
    with app.app_context():
        assert sorted(c.option_label for c in commitments_of(leader.id)) == ["A", "B"]


@pytest.mark.parametrize("path", [
    "/cases/no-such-case/decisions/d1/commit",
    "/cases/platform-bet/decisions/nope/commit",
    "/cases/Platform-Bet/decisions/d1/commit",
])
def test_unknown_cases_and_decisions_are_404(client, leader, path):
    assert client.post(path, data={"option": "A"}).status_code == 404


def test_a_visitor_is_sent_to_sign_in_and_nothing_is_stored(app):
    with app.app_context():
        make_case("anon-case")
    client = app.test_client()
    response = post_commit(client, "anon-case")
    assert response.status_code in (302, 303)
    with app.test_request_context():
        sign_in_path = url_for("accounts.login")
    assert response.headers["Location"].startswith(sign_in_path)
    with app.app_context():
        assert count_commitments() == 0


def test_a_previewing_editor_commits_only_as_a_leader(app, client):
    with app.app_context():
        make_case("editor-case", decisions=2)
        editor = ref(make_user("editor"))
    sign_in(client, editor)
    # The preview shows decision 2, but committing on it needs decision 1 first.
    assert post_commit(client, "editor-case", key="d2").status_code == 404
    preview = client.get("/cases/editor-case?preview=1").get_data(as_text=True)
    assert "Commit my choice" not in preview and "You are previewing every part" in preview
    assert post_commit(client, "editor-case", key="d1").status_code == 303


def test_with_csrf_on_a_post_without_token_is_refused(make_app, rollback):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make_case("csrf-case")
        user = ref(make_user())
    client = app.test_client()
    sign_in(client, user)
    assert post_commit(client, "csrf-case").status_code == 400
    with app.app_context():
        assert commitments_of(user.id) == []


def test_the_commit_form_is_accessible(client, leader):
    html = client.get("/cases/platform-bet").get_data(as_text=True)
    assert '<fieldset class="field choice"' in html and "<legend>Which would you choose?</legend>" in html
    assert 'for="decision-d1-rationale"' in html and 'id="decision-d1-rationale"' in html
    assert "<legend>How sure are you that it is the best course?</legend>" in html
    assert 'for="decision-d1-confidence-70"' in html and 'id="decision-d1-confidence-70"' in html
    assert 'name="csrf_token"' in html


def test_commitment_rows_are_unique_per_leader_and_decision(app, client, leader):
    post_commit(client, "platform-bet")
    with app.app_context():
        [row] = commitments_of(leader.id)
        db.session.add(Commitment(user_id=row.user_id, decision_id=row.decision_id,
                                  option_label="B", rationale_source="x", rationale_html="x",
                                  renderer_version=1, confidence=60))
        with pytest.raises(DatabaseError):
            db.session.flush()
        db.session.rollback()
