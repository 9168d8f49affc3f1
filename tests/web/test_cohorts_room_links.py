"""The way into a cohort's private debate from the case page: under a decision of the
cohort's programme, "Discuss it with <cohort>" and its post count, shown to whoever the
room lets in now (its facilitators always, a member once committed) and to nobody else;
the link holds the room's name and count, never a word of its posts."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from casebook.cases.models import Decision
from casebook.clock import utcnow
from casebook.cohorts.models import MEMBER, CohortMember
from casebook.debates.models import Post
from casebook.extensions import db
from tests.factories import commit, make_user, sign_in
from tests.web.cohorts_support import reveal, user_row
from tests.web.decisions_support import ref
from tests.web.rooms_support import SLUG, add_room_post, room_path, room_world

CASE_PAGE = f"/cases/{SLUG}"
LINK = re.compile(r'href="(/cases/[^"]+/debate/rooms/\d+)">Discuss it with ([^<]+)<')
COUNT = re.compile(r"(\d+) posts? in the cohort's private debate")


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        world = room_world()
        # Eddie, a site editor, is a plain member who has not committed: as a moderator
        # he reads every debate, his cohort's too, while his case page previews nothing.
        eddie = make_user("editor", display_name="Eddie Editor")
        db.session.add(CohortMember(cohort_id=world.cohort, user_id=eddie.id, role=MEMBER))
        db.session.commit()
        world.people["eddie"] = ref(eddie)
        return world


def as_(app, world, name):
    client = app.test_client()
    if name != "anonymous":
        sign_in(client, world.people[name])
    return client


def links(response) -> list[tuple[str, str]]:
    """(address, cohort name) of each link into a cohort's debate on the page."""
    assert response.status_code == 200
    return LINK.findall(response.get_data(as_text=True))


def counts(response) -> list[int]:
    return [int(n) for n in COUNT.findall(response.get_data(as_text=True))]


def test_a_member_who_committed_finds_their_cohorts_debate_under_the_decision(app, world):
    page = as_(app, world, "mia").get(CASE_PAGE)
    assert links(page) == [(room_path(world.cohort), "Room cohort")]
    assert counts(page) == [2]
    section = page.get_data(as_text=True).split('id="decision-d1"', 1)[1]
    assert "Discuss it with Room cohort" in section


def test_facilitators_find_the_debate_of_each_cohort_they_run(app, world):
    lead = as_(app, world, "lead").get(CASE_PAGE)
    assert links(lead) == [(room_path(world.other), "Other cohort"),
                           (room_path(world.cohort), "Room cohort")]
    assert counts(lead) == [0, 2]
    assert links(as_(app, world, "cole").get(CASE_PAGE)) == [(room_path(world.cohort), "Room cohort")]


@pytest.mark.parametrize("name", ["nell", "otto", "adam", "anonymous"])
def test_no_link_for_a_member_yet_to_commit_or_anyone_outside(app, world, name):
    page = as_(app, world, name).get(CASE_PAGE)
    assert links(page) == []
    assert "Room cohort" not in page.get_data(as_text=True)


def test_a_member_of_another_cohort_finds_only_their_own(app, world):
    page = as_(app, world, "bea").get(CASE_PAGE)
    assert links(page) == [(room_path(world.other), "Other cohort")]
    assert "Room cohort" not in page.get_data(as_text=True)


def test_a_moderator_in_the_cohort_finds_the_debate_he_may_read(app, world):
    eddie = as_(app, world, "eddie")
    assert links(eddie.get(CASE_PAGE)) == [(room_path(world.cohort), "Room cohort")]
    assert links(eddie.get(CASE_PAGE + "?preview=1")) == [
        (room_path(world.cohort), "Room cohort"), (room_path(world.cohort, key="d2"), "Room cohort")]


@pytest.mark.parametrize("name", ["mia", "nell", "lead", "cole", "otto", "adam", "bea", "eddie"])
@pytest.mark.parametrize("query", ["", "?preview=1"])
def test_every_link_opens_the_room_and_no_room_opens_without_one(app, world, name, query):
    """The link follows the room's own rule: each one shown opens the debate's posts, and
    the other rooms of a decision on the page do not."""
    client = as_(app, world, name)
    page = client.get(CASE_PAGE + query).get_data(as_text=True)
    shown = {path for path, _ in LINK.findall(page)}
    on_page = [key for key in ("d1", "d2") if f'id="decision-{key}"' in page]
    for path in (room_path(cohort, key) for cohort in (world.cohort, world.other) for key in on_page):
        room = client.get(path)
        reads = room.status_code == 200 and "to join this debate" not in room.get_data(as_text=True)
        assert reads == (path in shown), (name, path)


@pytest.mark.parametrize("name", ["mia", "lead", "cole", "bea"])
def test_the_link_never_shows_a_word_of_the_room(app, world, name):
    body = as_(app, world, name).get(CASE_PAGE).get_data(as_text=True)
    assert [word for word in ("ROOMPOST", "ROOMREPLY", "from the co-facilitator")
            if word in body] == []


def test_a_member_who_commits_now_gets_the_link(app, world):
    nell = as_(app, world, "nell")
    response = nell.post(f"{CASE_PAGE}/decisions/d1/commit", data={
        "option": "A", "rationale": "The cash runs out first.", "confidence": "60"})
    assert response.status_code == 303
    assert links(nell.get(CASE_PAGE)) == [(room_path(world.cohort), "Room cohort")]


def test_after_the_reveal_the_link_stays_under_the_unlocked_decision(app, world):
    with app.app_context():
        reveal(world.people["lead"], world.cohort, world.d1)
    assert links(as_(app, world, "mia").get(CASE_PAGE)) == [(room_path(world.cohort), "Room cohort")]
    assert links(as_(app, world, "nell").get(CASE_PAGE)) == []


def test_the_count_leaves_out_hidden_and_deleted_posts_and_follows_new_ones(app, world):
    with app.app_context():
        d1 = db.session.get(Decision, world.d1)
        add_room_post(d1, user_row(world.people["mia"]), "A third thought", world.cohort)
        db.session.execute(update(Post).where(Post.id == world.reply).values(hidden_at=utcnow()))
        db.session.commit()
    assert counts(as_(app, world, "mia").get(CASE_PAGE)) == [2]  # 3 written, 1 hidden


def test_each_decision_of_the_programme_has_its_own_link(app, world):
    with app.app_context():
        reveal(world.people["lead"], world.cohort, world.d1)  # d2 shows once d1 is unlocked
        commit(world.people["mia"].id, world.d2, "A")
        db.session.commit()
    page = as_(app, world, "mia").get(CASE_PAGE)
    assert links(page) == [(room_path(world.cohort), "Room cohort"),
                           (room_path(world.cohort, key="d2"), "Room cohort")]
    assert counts(page) == [2, 0]
