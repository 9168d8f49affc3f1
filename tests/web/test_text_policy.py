"""The one text policy, on every field of every write route (casebook/text_policy.py).

For each route in ROUTES, each field of the form its view validates, and each of NUL,
ESC and the invalid UTF-8 bytes %FF%FE: the answer is 400, with a message naming the
field, and nothing in the database changes. Where the view draws its form again
("form" routes) the message stands beside the field, naming it by its label; hidden
fields, buttons without fields and forms drawn nowhere ("page" routes) answer the 400
page naming the field. A field no form declares is refused the same way on every route.

`test_every_write_route_is_covered` fails when a route accepts POST (PUT, PATCH,
DELETE) and has no row here: add one, with the form its view validates.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from sqlalchemy import select

from casebook.accounts import forms as account_forms
from casebook.accounts.models import User
from casebook.authoring import forms as authoring_forms
from casebook.authoring.services import Upload, submit_case
from casebook.cases.models import Decision
from casebook.config import DEFAULT_COMPETENCIES
from casebook.contract import WRITE_METHODS
from casebook.debates import forms as debate_forms
from casebook.debates.models import Notification
from casebook.decisions import forms as decision_forms
from casebook.extensions import db
from casebook.text_policy import CONTROL, NOT_UTF8, message
from tests import factories
from tests.conftest import TEST_DATA, built_once
from tests.web.accounts_support import signed_in_name
from tests.web.debates_support import add_post

BAD_VALUES = {"nul": ("a\x00b", CONTROL), "esc": ("a\x1b[31mb", CONTROL),
              "ff-fe": (b"%FF%FE", NOT_UTF8)}
STRAY = "stray_field"  # declared by no form: refused before any view runs


@dataclass
class World:
    case: str
    leader_id: int  # committed on d1, wrote `post_id`, has a notification
    target_id: int  # a plain member others act on
    post_id: int  # the leader's post in the debate of d1
    other_post_id: int  # another member's post there
    notification_id: int  # the leader's
    submission_id: int  # the leader's (an author too) submission of a case
    reset_token: str  # the target's password reset
    confirm_token: str  # a pending registration
    email_token: str  # the leader's email change


@dataclass(frozen=True)
class Route:
    endpoint: str
    url: Callable[[World], str]
    form: type  # the form its view validates
    kind: str  # "form": drawn again, the message beside the field; "page": the 400 page
    who: str = "leader"  # "anonymous", "leader", "target", "admin" or "facilitator"
    data: dict | None = None  # a form as it would otherwise be sent


def url(template: str) -> Callable[[World], str]:
    return lambda w: template.format(w=w)


D = "/cases/{w.case}/decisions/d1"
ROUTES = [
    # accounts
    Route("accounts.login", url("/sign-in"), account_forms.SignInForm, "form", "anonymous",
          {"email": "target@example.com", "password": factories.DEFAULT_PASSWORD, "next": "/"}),
    Route("accounts.logout", url("/sign-out"), account_forms.ConfirmForm, "page"),
    Route("accounts.register", url("/register"), account_forms.RegisterForm, "form", "anonymous",
          {"email": "new@example.com", "display_name": "New", "new_password": "plenty of words",
           "confirm_password": "plenty of words"}),
    Route("accounts.confirm_registration", url("/register/confirm/{w.confirm_token}"),
          account_forms.ConfirmRegistrationForm, "form", "anonymous",
          {"display_name": "Pending Person"}),
    Route("accounts.request_reset", url("/password-reset"), account_forms.ResetRequestForm,
          "form", "anonymous", {"email": "target@example.com"}),
    Route("accounts.reset_password", url("/password-reset/{w.reset_token}"),
          account_forms.ResetPasswordForm, "form", "anonymous",
          {"new_password": "plenty of words", "confirm_password": "plenty of words"}),
    Route("accounts.welcome", url("/welcome"), account_forms.WelcomeForm, "form",
          data={"level": "executive", "next": "/"}),
    Route("accounts.edit_profile", url("/account/profile"), account_forms.ProfileForm, "form",
          data={"display_name": "Renamed", "function": "Ops", "industry": "Retail"}),
    Route("accounts.change_password_page", url("/account/password"),
          account_forms.ChangePasswordForm, "form",
          data={"current_password": factories.DEFAULT_PASSWORD, "new_password": "plenty of words",
                "confirm_password": "plenty of words"}),
    Route("accounts.change_email", url("/account/email"), account_forms.ChangeEmailForm, "form",
          data={"email": "moved@example.com", "current_password": factories.DEFAULT_PASSWORD}),
    Route("accounts.confirm_email_change", url("/account/email/confirm/{w.email_token}"),
          account_forms.ConfirmForm, "page"),
    Route("accounts.delete_account_page", url("/account/delete"),
          account_forms.DeleteAccountForm, "form",
          data={"password": factories.DEFAULT_PASSWORD, "confirm": "y"}),
    Route("accounts.admin_grant_role", url("/admin/users/{w.target_id}/roles"),
          account_forms.GrantRoleForm, "form", "admin", {"role": "editor"}),
    Route("accounts.admin_revoke_role", url("/admin/users/{w.target_id}/roles/editor/revoke"),
          account_forms.ConfirmForm, "page", "admin"),
    Route("accounts.admin_suspend", url("/admin/users/{w.target_id}/suspend"),
          account_forms.SuspensionForm, "form", "admin", {"reason": "Spam"}),
    Route("accounts.admin_unsuspend", url("/admin/users/{w.target_id}/unsuspend"),
          account_forms.SuspensionForm, "form", "admin", {"reason": "Spam"}),
    # decisions
    Route("decisions.commit", url("/cases/{w.case}/decisions/d2/commit"),
          decision_forms.CommitForm, "form",
          data={"option": "A", "rationale": "Because.", "confidence": "70",
                "forecast_label": "B", "forecast_probability": "60", "knew_outcome": "yes"}),
    Route("decisions.reflect", url(D + "/reflection"), decision_forms.ReflectionForm, "form",
          data={"hindsight_rating": "4", "would_change": "no", "note": "A note.",
                "recalled_probability": "50"}),
    Route("decisions.sharing", url("/me/decisions/sharing"), decision_forms.SharingForm, "page",
          data={"share_with_cohorts": "yes"}),
    # authoring
    Route("authoring.new_submission", url("/authoring/new"), authoring_forms.SubmissionForm,
          "form", data={"markdown": "A case."}),
    Route("authoring.new_version", url("/authoring/{w.submission_id}/versions"),
          authoring_forms.SubmissionForm, "form", data={"markdown": "A case."}),
    Route("authoring.comment", url("/authoring/{w.submission_id}/comments"),
          authoring_forms.CommentForm, "form", data={"body": "A comment.", "version": "1"}),
    Route("authoring.request_changes_page", url("/authoring/{w.submission_id}/request-changes"),
          authoring_forms.ChangesForm, "form", "admin", {"changes": "More sources."}),
    Route("authoring.reject_page", url("/authoring/{w.submission_id}/reject"),
          authoring_forms.RejectForm, "form", "admin", {"reason": "Out of scope."}),
    Route("authoring.publish_page", url("/authoring/{w.submission_id}/publish"),
          authoring_forms.PublishForm, "form", "admin", {"note": "Thanks."}),
    # debates
    Route("debates.new_post", url(D + "/debate"), debate_forms.PostForm, "form",
          data={"stance": "A", "body": "A new post."}),
    Route("debates.lock_debate", url(D + "/debate/lock"), debate_forms.ReasonForm, "page",
          "facilitator", {"reason": "Heated"}),
    Route("debates.revised_view", url(D + "/revised-view"), debate_forms.RevisedViewForm,
          "page", data={"option": "B", "confidence": "60"}),
    Route("debates.reply", url("/debates/posts/{w.other_post_id}/reply"),
          debate_forms.ReplyForm, "form", data={"body": "A reply."}),
    Route("debates.edit", url("/debates/posts/{w.post_id}/edit"), debate_forms.EditForm, "form",
          data={"body": "Edited words."}),
    Route("debates.delete", url("/debates/posts/{w.post_id}/delete"), debate_forms.ActionForm,
          "page"),
    Route("debates.changed_my_mind", url("/debates/posts/{w.other_post_id}/changed-my-mind"),
          debate_forms.ChangedMindForm, "form",
          data={"step": "record", "option": "B", "confidence": "70"}),
    Route("debates.insightful", url("/debates/posts/{w.other_post_id}/insightful"),
          debate_forms.ActionForm, "page"),
    Route("debates.flag", url("/debates/posts/{w.other_post_id}/flag"), debate_forms.FlagForm,
          "form", data={"reason": "spam", "details": "Selling things."}),
    Route("debates.moderate_post", url("/debates/posts/{w.other_post_id}/hide"),
          debate_forms.ReasonForm, "page", "facilitator", {"reason": "Rude"}),
    Route("debates.suspend_user", url("/moderation/users/{w.target_id}/suspend"),
          debate_forms.ReasonForm, "page", "facilitator", {"reason": "Spam"}),
    Route("debates.open_notification", url("/notifications/{w.notification_id}/open"),
          debate_forms.ActionForm, "page"),
    Route("debates.mark_all_read", url("/notifications/read"), debate_forms.ActionForm, "page"),
]


def _fields_of(app, form_class) -> list[tuple[str, str, bool]]:
    """(name, label, hidden) of every field the form declares."""
    from wtforms.widgets import HiddenInput

    with app.test_request_context():
        return [(f.name, f.label.text, isinstance(f.widget, HiddenInput))
                for f in form_class(formdata=None)]


def _cases(app_fields):
    for route in ROUTES:
        fields = app_fields(route.form)
        # A field this form does not declare but another one does: the form refuses it.
        elsewhere = "note" if "note" not in {name for name, _, _ in fields} else "body"
        targets = [*fields, (STRAY, STRAY, True), (elsewhere, elsewhere, True)]
        for name, label, hidden in targets:
            for bad in BAD_VALUES:
                yield pytest.param(route, name, label, hidden, bad,
                                   id=f"{route.endpoint}-{name}-{bad}")


def _form_fields(form_class):
    from flask import Flask

    from casebook.text_policy import TextPolicyForm

    assert issubclass(form_class, TextPolicyForm)
    app = Flask(__name__)
    app.config.update(SECRET_KEY="x", WTF_CSRF_ENABLED=False)
    return _fields_of(app, form_class)


def _build_world(app) -> World:
    with app.app_context():
        case = factories.make_case("policy-case", decisions=2)
        first = db.session.scalar(select(Decision).where(Decision.case_id == case.id,
                                                         Decision.number == 1))
        leader = factories.make_user("author", display_name="Policy Leader")
        other = factories.make_user(display_name="Other Member")
        target = factories.make_user(email="target@example.com", display_name="Target")
        for user in (leader, other):
            factories.commit(user, first, "A", forecast_label="B", forecast_probability=60)
        mine = add_post(first, leader, "The leader's post.", stance="A")
        theirs = add_post(first, other, "Another member's post.", stance="B")
        add_post(first, other, "A reply to the leader.", parent=mine)
        notification = db.session.scalar(select(Notification.id).where(
            Notification.user_id == leader.id))
        good = (TEST_DATA / "good" / "platform-bet.md").read_bytes()  # waits for review
        submission = submit_case(leader, Upload(good, "platform-bet.md"), DEFAULT_COMPETENCIES)
        db.session.commit()
        return World(
            submission_id=submission.submission.id,
            case=case.slug, leader_id=leader.id, target_id=target.id, post_id=mine.id,
            other_post_id=theirs.id, notification_id=notification,
            reset_token=factories.reset_token(target),
            confirm_token=factories.registration_token(factories.pending_registration()),
            email_token=factories.email_change_token(leader),
        )


_world = built_once(_build_world)


@pytest.fixture
def world(_world, rollback) -> World:
    """The same rows for every test, built once (tests/conftest.built_once); what a test
    writes rolls back."""
    return _world


def _client(app, world: World, who: str):
    client = app.test_client()
    if who == "leader":
        factories.sign_in(client, world.leader_id)
    elif who in ("admin", "facilitator"):
        with app.app_context():
            factories.sign_in(client, factories.make_user(who))
    return client


def _database(app) -> dict:
    """Every row of every table: what "nothing changed" means."""
    with app.app_context():
        return {
            table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in db.metadata.sorted_tables
        }


def _post(client, path: str, data: dict, name: str, value):
    if isinstance(value, bytes):  # raw bytes, as a browser would never send them
        pairs = [f"{quote(k)}={quote(str(v))}" for k, v in data.items() if k != name]
        body = "&".join([*pairs, f"{quote(name)}={value.decode()}"])
        return client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    return client.post(path, data={**data, name: value})


@pytest.mark.parametrize("route,name,label,hidden,bad", list(_cases(_form_fields)))
def test_refused_text_is_a_400_naming_the_field_and_changes_nothing(
    app, world, route, name, label, hidden, bad
):
    client = _client(app, world, route.who)
    who_before = signed_in_name(client)
    before = _database(app)
    value, problem = BAD_VALUES[bad]

    response = _post(client, route.url(world), route.data or {}, name, value)

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400, (response.status_code, page[:300])
    beside_the_field = route.kind == "form" and not hidden
    assert message(problem, label if beside_the_field else name) in page
    if beside_the_field:
        assert 'class="field-error"' in page
    assert _database(app) == before
    assert signed_in_name(client) == who_before


def test_every_write_route_is_covered(app):
    covered = {route.endpoint for route in ROUTES}
    missing = sorted(
        f"{method} {rule.rule} ({rule.endpoint})"
        for rule in app.url_map.iter_rules()
        for method in rule.methods & WRITE_METHODS
        # Cohorts' write routes are covered by tests/web/test_cohorts_hostile.py.
        if rule.endpoint not in covered and not rule.endpoint.startswith("cohorts.")
    )
    assert missing == []


def test_every_route_row_names_a_write_route(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.methods & WRITE_METHODS}
    assert {route.endpoint for route in ROUTES} <= endpoints


def test_a_json_body_is_held_to_the_same_policy(app, world):
    client = _client(app, world, "leader")
    before = _database(app)
    response = client.post("/cases/policy-case/decisions/d2/commit",
                           json={"option": "A", "rationale": "a\x00b", "confidence": "70"})
    assert response.status_code == 400
    assert message(CONTROL, "body.rationale") in html.unescape(response.get_data(as_text=True))
    assert _database(app) == before


def test_a_line_break_in_a_one_line_field_is_refused_beside_it(app, world):
    client = _client(app, world, "leader")
    response = client.post("/account/profile", data={"display_name": "Two\nLines"})
    assert response.status_code == 400
    assert message("line break", "Display name") in html.unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(User, world.leader_id).display_name == "Policy Leader"


def test_tabs_and_line_breaks_in_a_text_area_are_text(app, world):
    client = _client(app, world, "leader")
    response = client.post("/cases/policy-case/decisions/d1/debate",
                           data={"stance": "A", "body": "First line\r\n\tindented"})
    assert response.status_code == 302


@pytest.fixture
def careless_app(make_app):
    """An app with two views that break the rules: one stores a field without validating
    its form, one validates and stores anyway. The policy still refuses both."""
    from flask import flash, redirect, request

    built = make_app()

    @built.post("/careless/unvalidated/<int:user_id>")
    def unvalidated(user_id):
        db.session.get(User, user_id).display_name = request.form["reason"]
        return redirect("/", code=303)

    @built.post("/careless/ignored/<int:user_id>")
    def ignored(user_id):
        form = debate_forms.ReasonForm()
        form.validate()
        db.session.get(User, user_id).display_name = form.reason.data
        flash("Saved.", "success")
        return redirect("/", code=303)

    return built


@pytest.mark.parametrize("view", ["unvalidated", "ignored"])
def test_a_view_that_stores_refused_text_anyway_is_rolled_back(careless_app, world, view):
    client = careless_app.test_client()
    response = client.post(f"/careless/{view}/{world.target_id}", data={"reason": "a\x00b"})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert message(CONTROL, "reason") in page and "Saved." not in page  # nor its notice
    with careless_app.app_context():
        assert db.session.get(User, world.target_id).display_name == "Target"
    assert "Saved." not in client.get("/").get_data(as_text=True)
