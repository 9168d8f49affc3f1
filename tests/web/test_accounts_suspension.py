"""Suspension is one service whoever suspends: an admin (/admin/users) or a moderator
(/moderation/users). Either way the member's sessions and remember-me cookies end, for
good (unsuspending does not revive them), and one audit row says who did it and why."""
import pytest
from sqlalchemy import select

from casebook.accounts.models import AccountAction, User
from casebook.extensions import db
from tests.web.accounts_support import make_user, ref, sign_in, sign_in_with_form, signed_in_name

PATHS = {
    "admin": ("admin", "/admin/users/{id}/{action}", 303),
    "moderator": ("facilitator", "/moderation/users/{id}/{action}", 302),
}


@pytest.fixture
def scene(app, rollback):
    with app.app_context():
        member = ref(make_user(email="sam@example.com", display_name="Sam"))
        staff = {role: ref(make_user(role)) for role in ("admin", "facilitator")}
    return member, staff


def _actor(app, staff, path_name):
    role, template, ok = PATHS[path_name]
    client = app.test_client()
    sign_in(client, staff[role])

    def act(member, action, reason="spam again"):
        resp = client.post(template.format(id=member.id, action=action), data={"reason": reason})
        assert resp.status_code == ok
    return act, staff[role]


@pytest.mark.parametrize("path_name", sorted(PATHS))
def test_suspension_ends_every_session_and_remember_token_for_good(app, scene, path_name):
    member, staff = scene
    browser = app.test_client()
    sign_in_with_form(browser, "sam@example.com", remember="y")
    remembered = app.test_client()
    remembered.set_cookie("remember_token", browser.get_cookie("remember_token").value)
    assert signed_in_name(browser) == signed_in_name(remembered) == "Sam"

    act, _ = _actor(app, staff, path_name)
    act(member, "suspend")
    act(member, "unsuspend")

    assert signed_in_name(browser) is None
    assert signed_in_name(remembered) is None
    assert sign_in_with_form(app.test_client(), "sam@example.com").status_code == 303


@pytest.mark.parametrize("path_name", sorted(PATHS))
def test_each_suspension_writes_one_audit_row(app, scene, path_name):
    member, staff = scene
    act, actor = _actor(app, staff, path_name)
    act(member, "suspend", "spam again")
    act(member, "suspend", "twice")  # already suspended: nothing changes, nothing logged
    act(member, "unsuspend", "appealed")
    with app.app_context():
        rows = db.session.scalars(select(AccountAction).order_by(AccountAction.id)).all()
        assert [(r.actor_id, r.action, r.target_id, r.reason) for r in rows] == [
            (actor.id, "suspend_user", member.id, "spam again"),
            (actor.id, "unsuspend_user", member.id, "appealed"),
        ]
        assert db.session.get(User, member.id).is_suspended is False


def test_the_moderation_log_shows_suspensions_by_admins_and_moderators(app, scene):
    member, staff = scene
    for path_name, reason in (("admin", "by the admin"), ("moderator", "by a moderator")):
        act, _ = _actor(app, staff, path_name)
        act(member, "suspend", reason)
        act(member, "unsuspend", "")
    reader = app.test_client()
    sign_in(reader, staff["admin"])
    log = reader.get("/moderation/log").get_data(as_text=True)
    assert "by the admin" in log and "by a moderator" in log
    assert log.count("unsuspend user") == 2


def test_the_last_active_admin_cannot_be_suspended(app, rollback):
    from casebook.accounts.suspension import SuspensionError, set_suspension

    with app.app_context():
        admin = make_user("admin")
        with pytest.raises(SuspensionError):
            set_suspension(admin, admin, suspended=True)
        assert db.session.scalars(select(AccountAction)).all() == []
