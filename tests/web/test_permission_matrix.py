"""Who gets what from every route: a table of (method, url, role -> expected status).

To add a feature's routes, append Rows to ROWS (or extend `World` when a route needs an
object to point at). Each row runs once per role in ROLES, in its own rolled-back
transaction, with CSRF off (CSRF has its own tests) and the form data the row gives.

Roles: "anonymous" (no session), "suspended" (a session from before the suspension,
which must count for nothing), and one signed-in member per role, none of whom has
committed a choice on the matrix case (so gated debate pages are 404 for plain readers,
open to the staff who may preview every case; the debate page itself tells plain
readers to commit first, 200).

Statuses: 302 is "sent to sign in" for the signed-out (its Location is checked),
303 a redirect after a successful POST, 422 a form refused by a feature's rules.
The completeness test fails when a route exists with no row here (cohort routes have
their own matrix, with the roles a cohort gives: test_cohorts_permission_matrix.py;
so do authoring's, with a submission's author: test_authoring_permission_matrix.py).

Every answer's Cache-Control is checked too (`cache_control_for`; the policy and its
special cases are in test_security_caching.py).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from tests.conftest import built_once
from sqlalchemy import select

from casebook.cases.models import Decision
from casebook.extensions import db
from tests import factories
from tests.factories import make_case, make_user

ROLES = ("anonymous", "leader", "facilitator", "author", "editor", "admin", "suspended")
STAFF = ("facilitator", "editor", "admin")  # moderators, who preview every case and debate


@dataclass
class World:
    """The objects rows point at, made fresh for every test."""

    case: str
    decision: str
    target_id: int  # a plain member the actor may act on
    post_id: int  # a post by another member in the debate of decision d1
    reset_token: str  # for the target's password
    confirm_token: str  # a pending registration
    email_token: str  # the target's email change


@dataclass(frozen=True)
class Row:
    method: str
    url: Callable[[World], str]
    expect: dict[str, int]
    data: dict = field(default_factory=dict)
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or f"{self.method} {self.url.__doc__ or ''}"


def statuses(default: int, **by_role: int) -> dict[str, int]:
    """Every role gets `default` except those named."""
    return {role: by_role.get(role, default) for role in ROLES}


def signed_in(status: int, **by_role: int) -> dict[str, int]:
    """Members get `status`; the signed-out are sent to sign in."""
    return statuses(status, **{"anonymous": 302, "suspended": 302, **by_role})


def admins_only(status: int) -> dict[str, int]:
    return signed_in(403, admin=status)


def staff_only(status: int, others: int = 403) -> dict[str, int]:
    return signed_in(others, **{role: status for role in STAFF})


def gated(status: int, **by_role: int) -> dict[str, int]:
    """A debate route: 404 for readers who have not unlocked the outcome; staff preview."""
    return statuses(404, **{**{role: status for role in STAFF}, **by_role})


def url(template: str) -> Callable[[World], str]:
    def build(world: World) -> str:
        return template.format(w=world)

    build.__doc__ = template
    return build


D = "/cases/{w.case}/decisions/{w.decision}"
ROWS: list[Row] = [
    # --- public pages -----------------------------------------------------------------
    Row("GET", url("/"), statuses(200)),
    Row("GET", url("/healthz"), statuses(200)),
    Row("GET", url("/static/css/site.css"), statuses(200)),
    Row("GET", url("/cases/{w.case}"), statuses(200)),
    Row("GET", url("/cases/no-such-case"), statuses(404)),
    # --- accounts: signing in and out, registration, reset ------------------------------
    Row("GET", url("/sign-in"), statuses(302, anonymous=200, suspended=200)),
    Row("POST", url("/sign-in"), statuses(422), {"email": "x@example.com", "password": "wrong password"}),
    Row("POST", url("/sign-out"), statuses(303)),
    Row("GET", url("/sign-out"), statuses(405)),
    Row("GET", url("/register"), statuses(302, anonymous=200, suspended=200)),
    Row("POST", url("/register"), statuses(302, anonymous=422, suspended=422), {"email": "bad"}),
    Row("GET", url("/register/check-email"), statuses(200)),
    Row("GET", url("/register/confirm/{w.confirm_token}"), statuses(200)),
    Row("GET", url("/register/confirm/not-a-token"), statuses(400)),
    Row("POST", url("/register/confirm/{w.confirm_token}"), statuses(303)),
    Row("GET", url("/password-reset"), statuses(200)),
    Row("POST", url("/password-reset"), statuses(303), {"email": "nobody@example.com"}),
    Row("GET", url("/password-reset/check-email"), statuses(200)),
    Row("GET", url("/password-reset/{w.reset_token}"), statuses(200)),
    Row("GET", url("/password-reset/not-a-token"), statuses(400)),
    Row("POST", url("/password-reset/{w.reset_token}"), statuses(422), {"new_password": "short"}),
    # --- accounts: your account -----------------------------------------------------------
    Row("GET", url("/welcome"), signed_in(200)),
    Row("POST", url("/welcome"), signed_in(303), {"level": "executive"}),
    Row("POST", url("/welcome"), signed_in(422), {"level": ""}, label="POST welcome (no level)"),
    Row("GET", url("/account"), signed_in(200)),
    Row("GET", url("/account/profile"), signed_in(200)),
    Row("POST", url("/account/profile"), signed_in(303), {"display_name": "Renamed"}),
    Row("GET", url("/account/password"), signed_in(200)),
    Row("POST", url("/account/password"), signed_in(422), {"current_password": "wrong password"}),
    Row("GET", url("/account/email"), signed_in(200)),
    Row("POST", url("/account/email"), signed_in(422), {"email": "bad"}),
    Row("GET", url("/account/email/confirm/{w.email_token}"), signed_in(400),
        label="GET email confirm (another member's link)"),
    Row("POST", url("/account/email/confirm/{w.email_token}"), signed_in(400),
        label="POST email confirm (another member's link)"),
    Row("GET", url("/account/export"), signed_in(200)),
    Row("GET", url("/account/delete"), signed_in(200)),
    Row("POST", url("/account/delete"), signed_in(422), {"password": "wrong password"}),
    Row("GET", url("/people/{w.target_id}"), statuses(404, admin=200),
        label="GET /people/<private profile>"),
    Row("GET", url("/people/999999"), statuses(404)),
    # --- accounts: admin ----------------------------------------------------------------
    Row("GET", url("/admin/users"), admins_only(200)),
    Row("GET", url("/admin/users?q=leader"), admins_only(200)),
    Row("GET", url("/admin/users/{w.target_id}"), admins_only(200)),
    Row("GET", url("/admin/users/999999"), admins_only(404)),
    Row("POST", url("/admin/users/{w.target_id}/roles"), admins_only(303), {"role": "editor"}),
    Row("POST", url("/admin/users/{w.target_id}/roles/editor/revoke"), admins_only(303)),
    Row("POST", url("/admin/users/{w.target_id}/suspend"), admins_only(303)),
    Row("POST", url("/admin/users/{w.target_id}/unsuspend"), admins_only(303)),
    Row("GET", url("/admin/outbox"), admins_only(200)),
    # --- decisions ------------------------------------------------------------------------
    Row("POST", url(D + "/commit"), signed_in(303, anonymous=303, suspended=303),
        {"option": "A", "rationale": "Because.", "confidence": "70"}),
    Row("POST", url(D + "/reflection"), signed_in(404, anonymous=303, suspended=303)),
    # A reload of the address a form error left in the address bar: back to the decision.
    Row("GET", url(D + "/commit"), statuses(303)),
    Row("GET", url(D + "/reflection"), statuses(303)),
    Row("GET", url("/me/decisions"), signed_in(200)),
    Row("POST", url("/me/decisions/sharing"), signed_in(303), {"share_with_cohorts": "yes"}),
    # --- debates ------------------------------------------------------------------------
    Row("GET", url(D + "/debate"), statuses(200)),  # "commit first" unless unlocked
    Row("POST", url(D + "/debate"), gated(422), {"body": ""}),
    # Moderation loads first: a debate or post the reader cannot read is 404, then 403.
    Row("POST", url(D + "/debate/lock"), gated(302, anonymous=302, suspended=302),
        {"reason": "test"}),
    Row("POST", url(D + "/revised-view"), gated(302), {}),
    Row("GET", url("/api/v1" + D + "/debate"), gated(200)),
    Row("GET", url("/debates/posts/{w.post_id}"), gated(302)),
    Row("GET", url("/api/v1/debates/posts/{w.post_id}"), gated(200)),
    Row("GET", url("/debates/posts/{w.post_id}/thread"), gated(200)),
    Row("GET", url("/debates/posts/{w.post_id}/history"), gated(200)),
    Row("GET", url("/debates/posts/{w.post_id}/reply"), gated(200)),
    Row("POST", url("/debates/posts/{w.post_id}/reply"), gated(422), {"body": ""}),
    Row("GET", url("/debates/posts/{w.post_id}/edit"), gated(403)),
    Row("POST", url("/debates/posts/{w.post_id}/edit"), gated(403), {"body": "x"}),
    Row("GET", url("/debates/posts/{w.post_id}/delete"), gated(403)),
    Row("POST", url("/debates/posts/{w.post_id}/delete"), gated(403)),
    Row("POST", url("/debates/posts/{w.post_id}/insightful"), gated(302)),
    # Staff read every debate but committed nothing, so they have no mind to change.
    Row("POST", url("/debates/posts/{w.post_id}/changed-my-mind"), gated(403)),
    Row("GET", url("/debates/posts/{w.post_id}/flag"), gated(200)),
    Row("POST", url("/debates/posts/{w.post_id}/flag"), gated(302), {"reason": "spam"}),
    Row("POST", url("/debates/posts/{w.post_id}/hide"), gated(302, anonymous=302, suspended=302),
        {"reason": "test"}),
    Row("POST", url("/debates/posts/{w.post_id}/restore"), gated(302, anonymous=302, suspended=302),
        {"reason": "test"}),
    Row("POST", url("/debates/posts/{w.post_id}/dismiss"), gated(302, anonymous=302, suspended=302),
        {"reason": "test"}),
    Row("GET", url("/moderation/flags"), staff_only(200)),
    Row("GET", url("/moderation/log"), admins_only(200)),
    Row("POST", url("/moderation/users/{w.target_id}/suspend"), staff_only(302), {"reason": "test"}),
    Row("POST", url("/moderation/users/{w.target_id}/unsuspend"), staff_only(302), {"reason": "test"}),
    Row("GET", url("/notifications"), signed_in(200)),
    Row("POST", url("/notifications/999999/open"), signed_in(404)),
    Row("POST", url("/notifications/read"), signed_in(302)),
]


def _build_world(app) -> World:
    from casebook.debates.services import create_post, debate_for

    with app.app_context():
        case = make_case("matrix-case", decisions=2)
        decision = db.session.scalar(select(Decision).where(Decision.case_id == case.id,
                                                            Decision.number == 1))
        target = make_user(display_name="Target Member")
        poster = make_user(display_name="Poster")
        factories.commit(poster, decision, "A")
        post = create_post(debate_for(decision.id), poster, "A post.", stance="A",
                           labels=[o.label for o in decision.options])
        return World(
            case=case.slug,
            decision=decision.key,
            target_id=target.id,
            post_id=post.id,
            reset_token=factories.reset_token(target),
            confirm_token=factories.registration_token(factories.pending_registration()),
            email_token=factories.email_change_token(target),
        )


_world = built_once(_build_world)


@pytest.fixture
def world(_world, rollback) -> World:
    """The same rows for every test, built once (tests/conftest.built_once); what a test
    writes rolls back."""
    return _world


def client_as(app, role: str):
    """A test client holding the session of a fresh member with `role`."""
    client = app.test_client()
    if role == "anonymous":
        return client
    with app.app_context():
        if role == "suspended":
            user = make_user(is_suspended=True)
        else:
            user = make_user(*(() if role == "leader" else (role,)))
        user_id = user.id
    factories.sign_in(client, user_id)
    return client


def request_as(app, world: World, row: Row, role: str):
    client = client_as(app, role)
    path = row.url(world)
    if row.method == "GET":
        resp = client.get(path)
    else:
        resp = client.open(path, method=row.method, data=row.data)
    resp.close()  # static files are streamed from an open file
    return resp


# The pages a visitor without a session may have revalidated from a cache; static files
# have their own policy (None; test_static_files.py); everything else is never stored.
PUBLIC_PATHS = ("/", "/cases/{w.case}", "/cases/no-such-case")


def cache_control_for(row: Row, role: str) -> str | None:
    template = row.url.__doc__
    if template.startswith("/static/"):
        return None
    if role == "anonymous" and row.method == "GET" and template in PUBLIC_PATHS:
        return "no-cache"
    return "private, no-store"


def _check_cache_control(resp, row: Row, role: str) -> None:
    expected = cache_control_for(row, role)
    if expected is None:
        assert "no-store" not in resp.headers.get("Cache-Control", ""), row.id
    else:
        assert resp.headers.get("Cache-Control") == expected, (row.id, role)
    if expected == "no-cache":
        assert "Cookie" in resp.headers.get("Vary", ""), row.id


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_permission_matrix(app, world, row, role):
    resp = request_as(app, world, row, role)
    assert resp.status_code == row.expect[role], (row.id, role)
    _check_cache_control(resp, row, role)
    if resp.status_code == 302 and role in ("anonymous", "suspended") and row.expect[role] == 302 \
            and row.expect.get("leader") != 302:
        assert resp.location.startswith("/sign-in"), resp.location  # sent to sign in


def test_every_route_has_a_row(app):
    """A new route must join the matrix: add a row for it."""
    covered = set()
    adapter = app.url_map.bind("localhost")
    sample = World("matrix-case", "d1", 1, 1, "t", "t", "t")
    for row in ROWS:
        path = row.url(sample).split("?")[0]
        try:
            endpoint, _args = adapter.match(path, method=row.method)
        except Exception:  # noqa: BLE001 - a 404/405 row covers no endpoint
            continue
        covered.add((endpoint, row.method))
    missing = sorted(
        f"{method} {rule.rule} ({rule.endpoint})"
        for rule in app.url_map.iter_rules()
        if not rule.endpoint.startswith(("cohorts.", "authoring."))
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (rule.endpoint, method) not in covered
    )
    assert missing == []
