"""Notifications: replies, @[Display Name] mentions and moderation of my posts; the unread
count; marking read; and never a word of a debate the recipient has not unlocked."""

import pytest
from sqlalchemy import select

from casebook.debates.models import Notification
from casebook.debates.mentions import mentioned_names
from casebook.extensions import db
from tests.web.debates_support import (
    add_post,
    decision_of,
    leader_who_committed,
    make_case,
    make_user,
    ref,
    sign_in,
)

SECRET = "MENTION-SECRET-7"


@pytest.fixture
def people(app, rollback):
    """Case "notes" with two decisions; Ada and Ben committed on decision 1, Cy on nothing."""
    with app.app_context():
        case = make_case("notes", decisions=2)
        ada = leader_who_committed(case, display_name="Ada Lovelace")
        ben = leader_who_committed(case, display_name="Ben")
        cy = make_user(display_name="Cy Locked")
        return {
            "decision_id": decision_of(case).id,
            "ada": ref(ada),
            "ben": ref(ben),
            "cy": ref(cy),
            "case_id": case.id,
        }


def _as(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _decision(people):
    from casebook.cases.models import Decision

    return db.session.get(Decision, people["decision_id"])


def _user(user_ref):
    from casebook.accounts.models import User

    return db.session.get(User, user_ref.id)


def test_mention_syntax():
    assert mentioned_names("Hi @[Ada Lovelace] and @[ben] and @[Ada  Lovelace]") == [
        "Ada Lovelace",
        "ben",
    ]
    assert mentioned_names("email@example.com @Ada @[] @[x\ny]") == []
    assert len(mentioned_names(" ".join(f"@[User {i}]" for i in range(30)))) == 10


def test_a_reply_notifies_the_parent_author_with_a_snippet(app, people):
    with app.app_context():
        top = add_post(_decision(people), _user(people["ada"]), "Ada's opening")
        add_post(_decision(people), _user(people["ben"]), f"Ben answers {SECRET}", parent=top)
    ada = _as(app, people["ada"])
    page = ada.get("/notifications").get_data(as_text=True)
    assert "Ben replied to your post in Case" in page and SECRET in page
    with app.app_context():
        assert db.session.scalar(select(Notification.kind)) == "reply"
        # Only references are stored: no text column carries the post.
        assert {c.name for c in Notification.__table__.columns} == {
            "id",
            "user_id",
            "kind",
            "post_id",
            "actor_id",
            "moderation_action_id",
            "created_at",
            "read_at",
        }


def test_mentions_notify_by_display_name_case_insensitively_and_not_yourself(app, people):
    with app.app_context():
        add_post(
            _decision(people),
            _user(people["ada"]),
            "Cc @[ben] and @[Ada Lovelace] and @[Nobody Here]",
        )
        rows = db.session.execute(select(Notification.user_id, Notification.kind)).all()
    assert rows == [(people["ben"].id, "mention")]


def test_a_mention_of_someone_who_has_not_unlocked_the_debate_says_nothing_of_it(app, people):
    with app.app_context():
        add_post(_decision(people), _user(people["ada"]), f"@[Cy Locked] look: {SECRET}")
    cy = _as(app, people["cy"])
    page = cy.get("/notifications").get_data(as_text=True)
    assert "Someone mentioned you in a debate you have not unlocked yet" in page
    assert SECRET not in page and "Ada Lovelace" not in page and "OUTCOME-" not in page
    with app.app_context():
        note_id = db.session.scalar(select(Notification.id))
    opened = cy.post(f"/notifications/{note_id}/open")
    assert opened.headers["Location"] == "/notifications"  # not the permalink
    # Once Cy commits, the same notification reads in full.
    with app.app_context():
        from tests.factories import commit

        commit(_user(people["cy"]), _decision(people), "C", 55)
    page = cy.get("/notifications").get_data(as_text=True)
    assert SECRET in page and "Ada Lovelace mentioned you" in page


def test_unread_count_in_the_header_and_mark_read(app, people):
    with app.app_context():
        top = add_post(_decision(people), _user(people["ada"]), "Opening")
        add_post(_decision(people), _user(people["ben"]), "One", parent=top)
        add_post(_decision(people), _user(people["ben"]), "Two", parent=top)
        note_id = db.session.scalar(select(Notification.id).order_by(Notification.id))
    ada = _as(app, people["ada"])
    page = ada.get("/notifications").get_data(as_text=True)
    assert ">2 unread<" in page
    assert (
        'class="nav-notifications">Notifications <span class="badge" aria-label="2 unread">2</span>'
        in page
    )
    assert _header_link(app, people["ada"]) == 2
    opened = ada.post(f"/notifications/{note_id}/open")
    assert opened.status_code == 302 and opened.headers["Location"].startswith("/debates/posts/")
    assert ">1 unread<" in ada.get("/notifications").get_data(as_text=True)
    assert ada.get("/notifications/read").status_code == 405  # GET never changes anything
    ada.post("/notifications/read")
    assert ">0 unread<" in ada.get("/notifications").get_data(as_text=True)
    assert _header_link(app, people["ada"]) == 0
    # Someone else's notification cannot be opened or marked.
    ben = _as(app, people["ben"])
    assert ben.post(f"/notifications/{note_id}/open").status_code == 404


def _header_link(app, user_ref) -> int:
    """The unread count the header partial shows (debates/_notifications_nav.html)."""
    import re

    from flask import render_template
    from flask_login import login_user

    from casebook.accounts.session_records import open_record
    from casebook.debates.panels import notifications_link

    with app.test_request_context("/", method="POST"):  # signing in writes
        user = _user(user_ref)
        open_record(user)
        login_user(user)
        panel = notifications_link(user=user)  # the header's panel, as gathered
        html = render_template(panel.template, panel=panel)
    assert 'href="/notifications"' in html
    found = re.search(r'aria-label="(\d+) unread">(\d+)</span>', html)
    return int(found.group(1)) if found else 0


def test_moderation_of_my_post_notifies_me_with_the_reason(app, people):
    with app.app_context():
        post_id = add_post(_decision(people), _user(people["ben"]), "Heated words").id
        editor = ref(make_user("editor"))
    _as(app, editor).post(f"/debates/posts/{post_id}/hide", data={"reason": "personal remarks"})
    page = _as(app, people["ben"]).get("/notifications").get_data(as_text=True)
    assert "A moderator hid your post" in page and "personal remarks" in page
    assert "Heated words" not in page  # a hidden post's text is not repeated


def test_notifications_need_a_signed_in_member(app, people):
    client = app.test_client()
    assert client.get("/notifications").status_code in (401, 302)
    assert client.post("/notifications/read").status_code in (401, 302)
