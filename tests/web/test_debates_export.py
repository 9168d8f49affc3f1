"""The member data download carries the member's own debate posts and actions, no one else's."""

from casebook.accounts.export import export_user_data
from casebook.accounts.models import User
from casebook.debates.models import Post
from casebook.debates.services import edit_post, flag_post, record_revised_view, toggle_insightful
from casebook.extensions import db
from tests.web.debates_support import add_post, decision_of, leader_who_committed, make_case


def test_export_has_my_posts_versions_views_flags_and_reactions(app, rollback):
    with app.app_context():
        case = make_case("export-debate", decisions=1)
        decision = decision_of(case)
        me = leader_who_committed(case, label="A")
        other = leader_who_committed(case, label="B")
        theirs = add_post(decision, other, "OTHER-MEMBER-WORDS", stance="B")
        mine = add_post(decision, me, "My first words", stance="A")
        edit_post(mine, me, "My second words")
        add_post(decision, me, "My reply", parent=theirs)
        toggle_insightful(theirs, me)
        flag_post(theirs, me, "off-topic", "drifting")
        record_revised_view(me, decision.id, "B", 65, labels=["A", "B", "C"], cited_post=theirs)
        db.session.commit()
        data = export_user_data(db.session.get(User, me.id))
        theirs_id = theirs.id
    section = data["debates"]
    assert [p["text"] for p in section["posts"]] == ["My second words", "My reply"]
    assert section["posts"][0]["earlier_versions"][0]["text"] == "My first words"
    assert section["posts"][0]["stance"] == "A" and section["posts"][1]["reply_to"] == theirs_id
    assert (
        section["posts"][0]["case"] == "export-debate" and section["posts"][0]["decision"] == "d1"
    )
    assert (
        section["revised_views"][0]["option"] == "B"
        and section["revised_views"][0]["cited_post"] == theirs_id
    )
    assert section["flags_raised"][0]["reason"] == "off-topic"
    assert section["marked_insightful"] == [theirs_id]
    assert isinstance(section["posts"][0]["posted_at"], str)
    text = repr(data)
    assert "OTHER-MEMBER-WORDS" not in text and "OUTCOME-" not in text and "DEBATE-" not in text
    with app.app_context():
        assert db.session.get(Post, theirs_id).body_source == "OTHER-MEMBER-WORDS"
