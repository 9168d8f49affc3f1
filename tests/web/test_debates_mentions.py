"""@[Name] mentions resolve to a member when the post is saved and are kept by member id:
they link to the member's page, read under the member's current name, survive a rename,
and never move to, or notify, someone whose name merely looks the same."""
import re

import pytest
from sqlalchemy import select

from casebook.accounts.models import User
from casebook.debates.models import Mention, Notification, Post
from casebook.extensions import db
from tests.web.debates_support import (
    add_post,
    debate_path,
    decision_of,
    leader_who_committed,
    make_case,
    make_user,
    ref,
    sign_in,
)


@pytest.fixture
def world(app, rollback):
    """Ada writes; Ben (public profile) and Pia (private) are members with claimed names."""
    from casebook.accounts.services import set_display_name

    with app.app_context():
        case = make_case("mentions", decisions=1)
        ada = leader_who_committed(case, display_name="Ada Writer")
        ben = leader_who_committed(case, profile_public=True)
        pia = make_user()
        set_display_name(ben, "Ben Okafor")
        set_display_name(pia, "Pia Private")
        db.session.commit()
        return {"decision_id": decision_of(case).id, "ada": ref(ada), "ben": ref(ben),
                "pia": ref(pia)}


def _post(world, body, author="ada", **options):
    from casebook.cases.models import Decision

    decision = db.session.get(Decision, world["decision_id"])
    return add_post(decision, db.session.get(User, world[author].id), body, **options)


def _page(app, world, reader="ada") -> str:
    client = app.test_client()
    sign_in(client, world[reader])
    return client.get(debate_path("mentions")).get_data(as_text=True)


def _mentions(app):
    with app.app_context():
        return db.session.execute(select(Mention.user_id, Mention.written)).all()


def _notified(app):
    with app.app_context():
        return sorted(db.session.scalars(
            select(Notification.user_id).where(Notification.kind == "mention")))


def test_a_mention_is_stored_by_id_and_links_to_the_members_page(app, world):
    with app.app_context():
        _post(world, "Agree with @[ben okafor] on this.")
    assert _mentions(app) == [(world["ben"].id, "ben okafor")]
    assert _notified(app) == [world["ben"].id]
    page = _page(app, world)
    assert f'<a class="mention" href="/people/{world["ben"].id}">@Ben Okafor</a>' in page
    assert "@[ben okafor]" not in page


def test_a_mention_survives_a_rename_and_stays_with_its_member(app, world):
    with app.app_context():
        post_id = _post(world, "Ask @[Ben Okafor].").id
    ben = app.test_client()
    sign_in(ben, world["ben"])
    renamed = ben.post("/account/profile", data={
        "display_name": "Benjamin O.", "level": "", "function": "", "industry": "",
        "years_experience": "", "profile_public": "y"})
    assert renamed.status_code == 303
    page = _page(app, world)
    assert f'<a class="mention" href="/people/{world["ben"].id}">@Benjamin O.</a>' in page
    assert "Ben Okafor" not in page
    # Someone else takes the old name; the mention, and an edit of the post, stay Ben's.
    with app.app_context():
        newcomer = make_user(display_name="Ben Okafor")
        newcomer_id = newcomer.id
    ada = app.test_client()
    sign_in(ada, world["ada"])
    edited = ada.post(f"/debates/posts/{post_id}/edit",
                      data={"body": "Ask @[Ben Okafor], and @[Pia Private] too."})
    assert edited.status_code == 302
    assert sorted(_mentions(app)) == sorted([(world["ben"].id, "Ben Okafor"),
                                             (world["pia"].id, "Pia Private")])
    assert newcomer_id not in _notified(app)
    assert _notified(app) == sorted([world["ben"].id, world["pia"].id])
    assert "@Benjamin O." in _page(app, world)


def test_a_private_profile_is_named_without_a_link_except_for_its_owner(app, world):
    with app.app_context():
        _post(world, "Thanks @[Pia Private]!")
    page = _page(app, world)
    assert '<span class="mention">@Pia Private</span>' in page
    assert f'href="/people/{world["pia"].id}"' not in page
    with app.app_context():
        from tests.factories import commit

        commit(db.session.get(User, world["pia"].id),
               db.session.get(__import__("casebook.cases.models", fromlist=["Decision"]).Decision,
                              world["decision_id"]), "A")
    own = _page(app, world, reader="pia")
    assert f'<a class="mention" href="/people/{world["pia"].id}">@Pia Private</a>' in own


def test_a_deleted_members_mention_reads_former_member(app, world):
    with app.app_context():
        _post(world, "Ask @[Ben Okafor].")
        ben = db.session.get(User, world["ben"].id)
        ben.display_name, ben.deleted_at = "former member", db.func.now()
        ben.display_name_claim = None
        db.session.commit()
    page = _page(app, world)
    assert '<span class="mention">@former member</span>' in page and "Okafor" not in page


def test_look_alike_names_from_before_the_rule_resolve_to_the_one_written(app, world):
    """Two accounts whose names already looked alike: the name written the same wins."""
    with app.app_context():
        latin = make_user(display_name="Ann Lee", profile_public=True)
        cyrillic = make_user(display_name="\u0410nn Lee", profile_public=True)  # unclaimed
        ids = latin.id, cyrillic.id
        _post(world, "Latin @[Ann Lee], Cyrillic @[\u0410nn Lee], cased @[ANN LEE].")
    assert sorted(_mentions(app)) == sorted([(ids[0], "Ann Lee"), (ids[1], "\u0410nn Lee")])
    page = _page(app, world)
    links = re.findall(r'<a class="mention" href="/people/(\d+)">@([^<]*)</a>', page)
    assert links == [(str(ids[0]), "Ann Lee"), (str(ids[1]), "\u0410nn Lee"),
                     (str(ids[0]), "Ann Lee")]
    assert _notified(app) == sorted(ids)


def test_a_name_several_members_share_exactly_notifies_nobody_and_tells_the_author(app, world):
    with app.app_context():
        make_user(display_name="Cy Young")
        make_user(display_name="Cy Young")
    ada = app.test_client()
    sign_in(ada, world["ada"])
    response = ada.post(debate_path("mentions"), data={"stance": "A", "body": "Hi @[Cy Young]"})
    assert response.status_code == 302
    page = ada.get(debate_path("mentions")).get_data(as_text=True)
    assert "Nobody was notified of @[Cy Young]: several members have names that look" in page
    assert "Hi @[Cy Young]" in page  # left as written, no link
    assert _notified(app) == [] and _mentions(app) == []


def test_mentions_in_code_and_forged_marks_are_not_mentions(app, world):
    with app.app_context():
        post = _post(world, "`@[Ben Okafor]` and "
                            '<a class="mention" data-member="1">@Someone</a> and [@[Ben Okafor]](/x)')
        stored = db.session.get(Post, post.id).body_html
    assert 'data-member' not in stored  # raw HTML is stripped; code and links keep the text
    assert _mentions(app) == [] and _notified(app) == []


def test_the_notification_reads_the_mentioned_names_as_they_are_now(app, world):
    with app.app_context():
        _post(world, "Over to @[Pia Private] and @[Ben Okafor].")
        ben = db.session.get(User, world["ben"].id)
        from casebook.accounts.services import set_display_name

        set_display_name(ben, "Benedict")
        db.session.commit()
    ben_client = app.test_client()
    sign_in(ben_client, world["ben"])
    page = ben_client.get("/notifications").get_data(as_text=True)
    assert "Ada Writer mentioned you" in page and "@Pia Private and @Benedict." in page
