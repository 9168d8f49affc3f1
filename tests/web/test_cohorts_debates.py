"""A cohort's private debate of each assigned decision (a room, debates/rooms.py): its
people read and write it, a member who committed may while the reveal is held (the page
then holds nothing of the outcome), and nothing of it reaches anyone outside: not the
room's pages or posts (404, like a missing debate), the public debate, notifications,
flags or anyone else's data download."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from casebook.cohorts.models import CohortMember
from casebook.debates.models import Mention, Notification, Post
from casebook.extensions import db
from tests.factories import sign_in
from tests.web.cohorts_support import reveal
from tests.web.rooms_support import MARK, SLUG, add_room_post, room_path, room_world

HELD = (f"OUTCOME-{MARK}-1", f"HINDSIGHT-{MARK}-1", f"AFTER-{MARK}-1", f"DEBATE-{MARK}-1",
        "RATIONALE-OF", "Their sealed commitment", "what happened", "The organization chose")
ROOM_TEXT = ("ROOMPOST", "ROOMREPLY", "Room cohort")


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        return room_world()


def as_(app, world, name):
    client = app.test_client()
    if name != "anonymous":
        sign_in(client, world.people[name])
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


def test_a_member_who_committed_reads_and_writes_the_room_while_the_reveal_is_held(app, world):
    mia = as_(app, world, "mia")
    page = mia.get(room_path(world.cohort))
    assert page.status_code == 200
    assert f"ROOMPOST-{MARK}" in text(page) and f"ROOMREPLY-{MARK}" in text(page)
    posted = mia.post(room_path(world.cohort), data={"stance": "A", "body": "My own words."})
    assert posted.status_code == 302
    with app.app_context():
        post = db.session.scalar(select(Post).where(Post.body_source == "My own words."))
        assert post.debate.room_id == world.cohort
    replied = mia.post(f"/debates/posts/{world.first}/reply", data={"body": "A second thought."})
    assert replied.status_code == 302
    assert "A second thought." in text(mia.get(room_path(world.cohort)))


@pytest.mark.parametrize("path", ["{room}", "/api/v1/cases/room-case/decisions/d1/debate/rooms/{c}",
                                  "/debates/posts/{first}/thread", "/debates/posts/{first}/reply",
                                  "/debates/posts/{reply}/history", "/api/v1/debates/posts/{first}"])
def test_the_held_room_holds_nothing_of_the_outcome(app, world, path):
    mia = as_(app, world, "mia")
    response = mia.get(path.format(room=room_path(world.cohort), c=world.cohort,
                                   first=world.first, reply=world.reply))
    assert response.status_code == 200
    body = text(response)
    assert [word for word in HELD if word in body] == []
    if path.startswith("/api/v1/cases"):
        assert json.loads(body)["mind_changes"] == {"leaders": 0, "moves": []}


def test_a_member_who_has_not_committed_is_asked_to_commit_first(app, world):
    nell = as_(app, world, "nell")
    page = nell.get(room_path(world.cohort))
    assert page.status_code == 200
    assert "to join this debate" in text(page)
    assert [word for word in ROOM_TEXT[:2] if word in text(page)] == []
    assert nell.get(f"/debates/posts/{world.first}").status_code == 404
    assert nell.post(room_path(world.cohort), data={"stance": "A", "body": "x"}).status_code == 404


def test_facilitators_read_and_write_the_room_whatever_the_reveal(app, world):
    for name in ("lead", "cole"):
        client = as_(app, world, name)
        assert f"ROOMREPLY-{MARK}" in text(client.get(room_path(world.cohort))), name
        posted = client.post(room_path(world.cohort), data={"stance": "question", "body": name})
        assert posted.status_code == 302, name


ROOM_POST_ROUTES = [
    ("get", "/debates/posts/{p}"), ("get", "/debates/posts/{p}/thread"),
    ("get", "/debates/posts/{p}/history"), ("get", "/debates/posts/{p}/reply"),
    ("post", "/debates/posts/{p}/reply"), ("get", "/debates/posts/{p}/edit"),
    ("post", "/debates/posts/{p}/edit"), ("get", "/debates/posts/{p}/delete"),
    ("post", "/debates/posts/{p}/delete"), ("post", "/debates/posts/{p}/insightful"),
    ("get", "/debates/posts/{p}/flag"), ("post", "/debates/posts/{p}/flag"),
    ("post", "/debates/posts/{p}/changed-my-mind"), ("post", "/debates/posts/{p}/hide"),
    ("post", "/debates/posts/{p}/restore"), ("post", "/debates/posts/{p}/dismiss"),
    ("get", "/api/v1/debates/posts/{p}"),
]


@pytest.mark.parametrize("name", ["otto", "adam", "bea"])
def test_outsiders_get_404_from_the_room_and_every_post_in_it(app, world, name):
    client = as_(app, world, name)
    room = room_path(world.cohort)
    for method, path in [("get", room), ("post", room), ("post", room + "/lock"),
                         ("post", room + "/revised-view"),
                         ("get", f"/api/v1/cases/{SLUG}/decisions/d1/debate/rooms/{world.cohort}")]:
        response = getattr(client, method)(path, data={"body": "x", "stance": "A"})
        assert response.status_code == 404, (name, method, path)
    for post in (world.first, world.reply):
        for method, path in ROOM_POST_ROUTES:
            response = getattr(client, method)(path.format(p=post),
                                               data={"body": "x", "reason": "spam"})
            assert response.status_code == 404, (name, method, path)
            assert [w for w in ROOM_TEXT if w in text(response)] == [], (name, path)


def test_a_room_answers_an_outsider_exactly_like_a_missing_one(app, world):
    otto = as_(app, world, "otto")
    real, made_up = otto.get(room_path(world.cohort)), otto.get(room_path(999_999))
    assert real.status_code == made_up.status_code == 404
    assert text(real) == text(made_up)
    assert as_(app, world, "anonymous").get(room_path(world.cohort)).status_code == 404


def test_the_public_debate_shows_no_room_post(app, world):
    with app.app_context():
        reveal(world.people["lead"], world.cohort, world.d1)  # Mia now reads the public one
    for name in ("otto", "mia", "lead"):
        client = as_(app, world, name)
        page = text(client.get(f"/cases/{SLUG}/decisions/d1/debate"))
        api = client.get(f"/api/v1/cases/{SLUG}/decisions/d1/debate").get_json()
        assert "A public post by Otto" in page, name
        assert [w for w in ROOM_TEXT[:2] if w in page or w in json.dumps(api)] == [], name
        assert api["stance_counts"] == {"B": 1} and api["total"] == 1, name


def test_after_the_reveal_the_room_shows_the_outcome_and_the_choices(app, world):
    with app.app_context():
        reveal(world.people["lead"], world.cohort, world.d1)
    page = text(as_(app, world, "mia").get(room_path(world.cohort)))
    assert "The organization chose option B" in page
    assert "Their sealed commitment" in page  # Mia's own badge on her reply


def test_another_cohorts_room_is_its_own(app, world):
    bea = as_(app, world, "bea")
    own = bea.get(room_path(world.other))
    assert own.status_code == 200
    assert [w for w in ROOM_TEXT if w in text(own)] == []


def test_a_decision_outside_the_programme_has_no_room(app, world):
    for name in ("mia", "lead"):
        client = as_(app, world, name)
        assert client.get(room_path(world.cohort, slug="room-other-case")).status_code == 404


def test_facilitators_moderate_the_room_and_members_do_not(app, world):
    mia, cole = as_(app, world, "mia"), as_(app, world, "cole")
    assert mia.post(f"/debates/posts/{world.first}/hide", data={"reason": "x"}).status_code == 403
    assert cole.post(f"/debates/posts/{world.reply}/hide", data={"reason": "x"}).status_code == 302
    assert "[hidden by a moderator]" in text(mia.get(room_path(world.cohort)))
    assert f"ROOMREPLY-{MARK}" in text(cole.get(room_path(world.cohort)))  # moderators see it
    assert cole.post(room_path(world.cohort) + "/lock", data={"reason": "x"}).status_code == 302
    assert mia.post(room_path(world.cohort), data={"stance": "A", "body": "Late"}).status_code == 403
    # The public debate stays open: a room's lock is the room's.
    otto = as_(app, world, "otto")
    assert otto.post(f"/cases/{SLUG}/decisions/d1/debate",
                     data={"stance": "B", "body": "Still open"}).status_code == 302


def test_flags_in_a_room_reach_its_moderators_only(app, world):
    mia = as_(app, world, "mia")
    assert mia.post(f"/debates/posts/{world.first}/flag",
                    data={"reason": "spam"}).status_code == 302
    for name in ("adam", "lead"):
        queue = text(as_(app, world, name).get("/moderation/flags"))
        assert f"/debates/posts/{world.first}\"" not in queue, name
    room = text(as_(app, world, "lead").get(room_path(world.cohort)))
    assert f"Post {world.first}</a>: 1 flag (spam)" in room
    dismissed = as_(app, world, "cole").post(f"/debates/posts/{world.first}/dismiss",
                                             data={"reason": "fine"})
    assert dismissed.status_code == 302
    assert "No post of this room is flagged." in text(as_(app, world, "lead").get(
        room_path(world.cohort)))


def test_replies_and_mentions_in_a_room_notify_only_its_people(app, world):
    mia = as_(app, world, "mia")
    body = f"ROOMMENTION-{MARK} @[Otto Outsider] @[Nell Newcomer] @[Lead Facil]"
    assert mia.post(room_path(world.cohort), data={"stance": "A", "body": body}).status_code == 302
    with app.app_context():
        post = db.session.scalar(select(Post).where(Post.body_source == body))
        told = set(db.session.scalars(select(Notification.user_id).where(
            Notification.post_id == post.id)))
        mentioned = set(db.session.scalars(select(Mention.user_id).where(
            Mention.post_id == post.id)))
        assert 'data-member="' + str(world.people["otto"].id) not in post.body_html
        # Cole leaves the cohort: a reply to his post tells him nothing any more.
        db.session.execute(CohortMember.__table__.delete().where(
            CohortMember.cohort_id == world.cohort,
            CohortMember.user_id == world.people["cole"].id))
        db.session.commit()
        add_room_post(_decision(world), _user(world, "mia"), "After Cole left", world.cohort,
                      parent=db.session.get(Post, world.first))
        late = set(db.session.scalars(select(Notification.user_id).join(Post).where(
            Post.body_source == "After Cole left")))
    assert told == mentioned == {world.people["nell"].id, world.people["lead"].id}
    assert late == set()
    # Nell is told, but reads the words once the room opens to her (she commits first);
    # Cole, who left, no longer reads the reply he was told of before.
    for name in ("otto", "cole", "nell"):
        page = text(as_(app, world, name).get("/notifications"))
        assert f"ROOMMENTION-{MARK}" not in page and "ROOMREPLY" not in page, name
    assert f"ROOMMENTION-{MARK}" in text(as_(app, world, "lead").get("/notifications"))


def _decision(world):
    from casebook.cases.models import Decision

    return db.session.get(Decision, world.d1)


def _user(world, name):
    from casebook.accounts.models import User

    return db.session.get(User, world.people[name].id)


def test_the_data_download_keeps_room_posts_to_their_author(app, world):
    mine = as_(app, world, "mia").get("/account/export")
    theirs = as_(app, world, "otto").get("/account/export")
    posts = mine.get_json()["debates"]["posts"]
    assert [(p["text"], p["room"]) for p in posts] == [(f"ROOMREPLY-{MARK} from Mia", world.cohort)]
    assert "ROOM" not in text(theirs).replace("ROOMSECRET", "")


def test_the_cohort_page_links_each_assigned_decision_to_its_room(app, world):
    link = f'href="{room_path(world.cohort)}"'
    mia_page = text(as_(app, world, "mia").get(f"/cohorts/{world.cohort}"))
    assert link in mia_page and "(2 posts)" in mia_page
    nell_page = text(as_(app, world, "nell").get(f"/cohorts/{world.cohort}"))
    assert link not in nell_page  # not committed yet: the room opens once she has
    programme = text(as_(app, world, "lead").get(f"/cohorts/{world.cohort}/programme"))
    assert link in programme


def test_a_room_moderator_reads_the_history_of_a_hidden_post(app, world):
    mia, cole = as_(app, world, "mia"), as_(app, world, "cole")
    assert mia.post(f"/debates/posts/{world.reply}/edit", data={"body": "Mia, edited."}).status_code == 302
    assert cole.post(f"/debates/posts/{world.reply}/hide", data={"reason": "x"}).status_code == 302
    assert cole.get(f"/debates/posts/{world.reply}/history").status_code == 200
    assert mia.get(f"/debates/posts/{world.reply}/history").status_code == 404  # not a moderator


def test_the_debrief_shows_this_cohorts_room_and_never_anothers(app, world):
    with app.app_context():
        other_post = add_room_post(_decision(world), _user(world, "bea"), "OTHERROOM words",
                                   world.other)
        for post_id in (other_post.id, world.first):
            db.session.get(Post, post_id).insightful_count = 3
        db.session.commit()
        reveal(world.people["lead"], world.cohort, world.d1)
        reveal(world.people["lead"], world.other, world.d1)
    debrief = text(as_(app, world, "lead").get(f"/cohorts/{world.cohort}/debrief"))
    assert f"ROOMPOST-{MARK}" in debrief
    assert "OTHERROOM" not in debrief
    other = text(as_(app, world, "lead").get(f"/cohorts/{world.other}/debrief"))
    assert "OTHERROOM" in other and "ROOMPOST" not in other
