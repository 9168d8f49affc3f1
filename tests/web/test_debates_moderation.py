"""Moderation: who may flag, hide, restore, dismiss, lock, suspend and read the audit log
(a matrix of role x action), what each action does, and the audit log it leaves."""

import pytest
from sqlalchemy import select

from casebook.accounts.models import AccountAction, User
from casebook.debates.models import Debate, Flag, ModerationAction, Post
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

# "author" is the flagged post's author; "case author" holds the author role (writes cases).
ROLES = (
    "anonymous",
    "suspended",
    "leader",
    "author",
    "case author",
    "facilitator",
    "editor",
    "admin",
)
SIGNED_OUT = {401, 302}  # 401, or a redirect to the sign-in page once accounts sets login_view


@pytest.fixture
def scene(app, rollback):
    """Case "moderated": the author's post (flagged by a leader), and one user per role."""
    with app.app_context():
        case = make_case("moderated", decisions=1)
        decision = decision_of(case)
        author = leader_who_committed(case, display_name="Post Author")
        reporter = leader_who_committed(case, display_name="Reporter")
        post = add_post(decision, author, "Contested words", stance="A")
        db.session.add(
            Flag(post_id=post.id, reporter_id=reporter.id, reason="abuse", details="rude")
        )
        db.session.commit()
        users = {
            "leader": ref(leader_who_committed(case)),
            "author": ref(author),
            "facilitator": ref(make_user("facilitator")),
            "editor": ref(make_user("editor")),
            "admin": ref(make_user("admin")),
            "case author": ref(make_user("author")),
            "suspended": ref(leader_who_committed(case, is_suspended=True)),
        }
        target = ref(leader_who_committed(case, display_name="Target"))
        return {"post": post.id, "users": users, "target": target, "reporter": ref(reporter)}


def _client_as(app, scene, role):
    client = app.test_client()
    if role != "anonymous":
        sign_in(client, scene["users"][role])
    return client


MODERATORS = ("facilitator", "editor", "admin")


# Roles who have not unlocked the moderated decision: its posts and debate are hidden
# from them, so acting on one is 404 before any question of moderating it (load first).
NOT_READING = ("case author",)


def _expected(role: str, allowed: set[str], ok: int, path: str = "") -> set[int]:
    if role in ("anonymous", "suspended"):
        return SIGNED_OUT
    if role in NOT_READING and "/debate" in path:
        return {404}
    return {ok} if role in allowed else {403}


ACTIONS = {
    # action: (method, path template, roles allowed, success status)
    "view flag queue": ("get", "/moderation/flags", set(MODERATORS), 200),
    "hide post": ("post", "/debates/posts/{post}/hide", set(MODERATORS), 302),
    "restore post": ("post", "/debates/posts/{post}/restore", set(MODERATORS), 302),
    "dismiss flags": ("post", "/debates/posts/{post}/dismiss", set(MODERATORS), 302),
    "lock debate": ("post", "/cases/moderated/decisions/d1/debate/lock", set(MODERATORS), 302),
    "unlock debate": ("post", "/cases/moderated/decisions/d1/debate/unlock", set(MODERATORS), 302),
    "suspend user": ("post", "/moderation/users/{target}/suspend", set(MODERATORS), 302),
    "unsuspend user": ("post", "/moderation/users/{target}/unsuspend", set(MODERATORS), 302),
    "read audit log": ("get", "/moderation/log", {"admin"}, 200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_moderation_permission_matrix(app, scene, role, action):
    method, template, allowed, ok = ACTIONS[action]
    path = template.format(post=scene["post"], target=scene["target"].id)
    if action == "unsuspend user":  # only a change is logged: start from a suspended target
        with app.app_context():
            db.session.get(User, scene["target"].id).is_suspended = True
            db.session.commit()
    client = _client_as(app, scene, role)
    response = getattr(client, method)(path, data={"reason": "matrix"})
    assert response.status_code in _expected(role, allowed, ok, path), (
        role,
        action,
        response.status_code,
    )
    with app.app_context():
        logged = db.session.scalars(select(ModerationAction.action)).all()
        logged += db.session.scalars(select(AccountAction.action)).all()
    if role in allowed and method == "post":
        assert len(logged) == 1
    else:
        assert logged == []


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 404),
        ("suspended", 404),
        ("author", 403),
        ("case author", 404),
        ("leader", 302),
        ("facilitator", 302),
        ("editor", 302),
        ("admin", 302),
    ],
)
def test_who_may_flag_a_post(app, scene, role, status):
    client = _client_as(app, scene, role)
    response = client.post(f"/debates/posts/{scene['post']}/flag", data={"reason": "spam"})
    assert response.status_code == status


def test_a_second_flag_by_the_same_reader_is_refused_politely(app, scene):
    client = _client_as(app, scene, "leader")
    assert (
        client.post(f"/debates/posts/{scene['post']}/flag", data={"reason": "spam"}).status_code
        == 302
    )
    again = client.post(
        f"/debates/posts/{scene['post']}/flag", data={"reason": "abuse"}, follow_redirects=True
    )
    assert "already flagged" in again.get_data(as_text=True)
    assert (
        client.post(f"/debates/posts/{scene['post']}/flag", data={"reason": "nonsense"}).status_code
        == 422
    )
    with app.app_context():
        assert len(db.session.scalars(select(Flag)).all()) == 2  # the fixture's flag and this one


def test_hidden_post_is_hidden_from_readers_but_not_moderators(app, scene):
    editor = _client_as(app, scene, "editor")
    queue = editor.get("/moderation/flags").get_data(as_text=True)
    assert "Contested words" in queue and "abuse: rude" in queue
    editor.post(f"/debates/posts/{scene['post']}/hide", data={"reason": "insulting"})
    assert "Contested words" not in editor.get("/moderation/flags").get_data(
        as_text=True
    )  # flags resolved
    moderator_view = editor.get(debate_path("moderated")).get_data(as_text=True)
    assert (
        "Contested words" in moderator_view
        and '<span class="badge">hidden</span>' in moderator_view
    )
    leader = _client_as(app, scene, "leader")
    page = leader.get(debate_path("moderated")).get_data(as_text=True)
    assert "Contested words" not in page and "[hidden by a moderator]" in page
    assert leader.get(f"/api/v1/debates/posts/{scene['post']}").get_json()["html"] is None
    assert leader.get(f"/debates/posts/{scene['post']}/history").status_code == 404
    editor.post(f"/debates/posts/{scene['post']}/restore", data={"reason": "on reflection, fair"})
    assert "Contested words" in leader.get(debate_path("moderated")).get_data(as_text=True)


def test_every_action_is_in_the_audit_log_admins_read(app, scene):
    facilitator = _client_as(app, scene, "facilitator")
    facilitator.post(f"/debates/posts/{scene['post']}/hide", data={"reason": "personal attack"})
    facilitator.post("/cases/moderated/decisions/d1/debate/lock", data={"reason": "cooling off"})
    facilitator.post(
        f"/moderation/users/{scene['target'].id}/suspend", data={"reason": "repeated abuse"}
    )
    with app.app_context():
        rows = db.session.scalars(select(ModerationAction).order_by(ModerationAction.id)).all()
        assert [(r.action, r.target_type, r.reason) for r in rows] == [
            ("hide_post", "post", "personal attack"),
            ("lock_debate", "debate", "cooling off"),
        ]
        # Suspensions are recorded by the accounts service, as when an admin suspends.
        [suspension] = db.session.scalars(select(AccountAction)).all()
        assert (suspension.action, suspension.reason) == ("suspend_user", "repeated abuse")
        assert {r.actor_id for r in [*rows, suspension]} == {scene["users"]["facilitator"].id}
        assert rows[0].target_id == scene["post"] and suspension.target_id == scene["target"].id
        assert all(r.created_at is not None for r in [*rows, suspension])
    log = _client_as(app, scene, "admin").get("/moderation/log").get_data(as_text=True)
    for text in (
        "hide post",
        "personal attack",
        "lock debate",
        "cooling off",
        "suspend user",
        "repeated abuse",
    ):
        assert text in log
    assert facilitator.get("/moderation/log").status_code == 403


def test_a_locked_debate_takes_no_posts_replies_or_edits(app, scene):
    _client_as(app, scene, "editor").post("/cases/moderated/decisions/d1/debate/lock", data={})
    author = _client_as(app, scene, "author")
    page = author.get(debate_path("moderated")).get_data(as_text=True)
    assert "Contested words" in page and "This debate is locked" in page
    assert (
        author.post(debate_path("moderated"), data={"stance": "A", "body": "More"}).status_code
        == 403
    )
    assert (
        author.post(f"/debates/posts/{scene['post']}/reply", data={"body": "More"}).status_code
        == 403
    )
    assert (
        author.post(f"/debates/posts/{scene['post']}/edit", data={"body": "More"}).status_code
        == 403
    )
    with app.app_context():
        assert db.session.scalar(select(Debate.locked)) is True
        assert db.session.scalars(select(Post.body_source)).all() == ["Contested words"]


def test_a_suspended_member_is_signed_out_and_cannot_post(app, scene):
    target = app.test_client()
    sign_in(target, scene["target"])
    assert target.get(debate_path("moderated")).status_code == 200
    _client_as(app, scene, "editor").post(
        f"/moderation/users/{scene['target'].id}/suspend", data={}
    )
    signed_out = target.get(debate_path("moderated"))  # as anyone signed out: sign in first
    assert signed_out.status_code == 200
    assert "Sign in to commit on Decision 1" in signed_out.get_data(as_text=True)
    assert (
        target.post(debate_path("moderated"), data={"stance": "A", "body": "x"}).status_code == 404
    )
    with app.app_context():
        assert db.session.get(User, scene["target"].id).is_suspended


def test_only_admins_suspend_staff_and_nobody_suspends_themselves(app, scene):
    editor_id = scene["users"]["editor"].id
    facilitator = _client_as(app, scene, "facilitator")
    assert facilitator.post(f"/moderation/users/{editor_id}/suspend", data={}).status_code == 403
    admin = _client_as(app, scene, "admin")
    assert (
        admin.post(f"/moderation/users/{scene['users']['admin'].id}/suspend", data={}).status_code
        == 403
    )
    assert admin.post(f"/moderation/users/{editor_id}/suspend", data={}).status_code == 302
    assert admin.post("/moderation/users/999999/suspend", data={}).status_code == 404
