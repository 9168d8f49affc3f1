"""Who gets what from every cohort route: (method, url, role -> expected status).

Roles: the cohort's lead facilitator ("facilitator"), a co-facilitator (a plain leader
made co-facilitator), a member, an outsider (a leader in no cohort), a site admin who is
not in the cohort, the signed-out, and a suspended member. Each row runs once per role
in its own rolled-back transaction, CSRF off. A non-member gets 404 from every page of
the cohort (hidden == missing); a member gets 403 from the pages that run it. The
cohort's debate of an assigned decision (a room of the debates) is here too: its page
and every one of its posts answer 404 to anyone outside the cohort, admins included.

The completeness test fails when a cohort route exists with no row here
(tests/web/test_permission_matrix.py leaves the cohort blueprint to this file).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from tests.conftest import built_once

from casebook.cohorts.models import CO_FACILITATOR, MEMBER, CohortMember
from casebook.debates.services import create_post, debate_for
from casebook.extensions import db
from tests import factories
from tests.factories import make_case, make_user
from tests.web.accounts_support import without_csrf_tokens
from tests.web.cohorts_support import (
    assign,
    close,
    link_invitation,
    make_cohort,
    share_track_record,
)
from tests.web.decisions_support import decision_of, ref

ROLES = ("facilitator", "co-facilitator", "member", "outsider", "admin", "anonymous",
         "suspended")
IN_COHORT = ("facilitator", "co-facilitator", "member")


@dataclass
class World:
    cohort: int
    actors: dict  # role -> ref of the person acting
    target: int  # a member who shares their track record
    private: int  # a member who does not share it
    target_co: int  # a co-facilitator (to turn back into a member)
    invitation: int
    code: str
    assignment: int
    held: int  # decision held, commitments open
    closed: int  # decision held, commitments closed
    open: int  # decision of a case assigned without hold
    unassigned: int  # decision of a case not in the programme
    room_post: int = 0  # the co-facilitator's post in the cohort's debate of `held`


@dataclass(frozen=True)
class Row:
    method: str
    url: Callable[[World], str]
    expect: dict[str, int]
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.url.__doc__}"


def url(template: str) -> Callable[[World], str]:
    def build(world: World) -> str:
        return template.format(w=world)

    build.__doc__ = template
    return build


def signed_in(status: int, **by_role: int) -> dict[str, int]:
    """Everyone signed in gets `status` unless named; the signed-out go to sign in."""
    expect = {role: status for role in ROLES}
    expect.update(anonymous=302, suspended=302)
    expect.update(by_role)
    return expect


def in_cohort(status: int, **by_role: int) -> dict[str, int]:
    """The cohort's people get `status`; outsiders and admins 404; the signed-out 302."""
    return signed_in(404, **{**{role: status for role in IN_COHORT}, **by_role})


def running(status: int, **by_role: int) -> dict[str, int]:
    """Lead and co-facilitator get `status`; members 403; outsiders 404."""
    return in_cohort(status, **{"member": 403, **by_role})


def room(status: int, **by_role: int) -> dict[str, int]:
    """A cohort debate route (no sign-in wall): the cohort's people get `status`; anyone
    else, the signed-out and suspended included, 404 (a room answers like a missing one)."""
    return {**{role: 404 for role in ROLES}, **{role: status for role in IN_COHORT},
            **by_role}


def room_signed_in(status: int, **by_role: int) -> dict[str, int]:
    """A cohort debate route behind the sign-in wall (moderation)."""
    return room(status, anonymous=302, suspended=302, **by_role)


def lead_only(status: int) -> dict[str, int]:
    return in_cohort(403, facilitator=status)


def creators(status: int) -> dict[str, int]:
    return signed_in(403, facilitator=status, admin=status)


C = "/cohorts/{w.cohort}"
R = "/cases/matrix-held/decisions/d1/debate/rooms/{w.cohort}"
U = "/cases/matrix-loose/decisions/d1/debate/rooms/{w.cohort}"
P = "/debates/posts/{w.room_post}"
VALID_COHORT = {"name": "Renamed", "description": "", "time_zone": "UTC", "level": ""}
ROWS: list[Row] = [
    Row("GET", url("/cohorts"), signed_in(200)),
    Row("GET", url("/cohorts/new"), creators(200)),
    Row("POST", url("/cohorts/new"), creators(303), VALID_COHORT),
    Row("GET", url("/cohorts/join"), signed_in(200, anonymous=200, suspended=200)),
    Row("GET", url("/cohorts/join/{w.code}"), signed_in(200, anonymous=200, suspended=200)),
    Row("POST", url("/cohorts/join/{w.code}"), signed_in(303)),
    Row("GET", url("/cohorts/999999"), signed_in(404)),
    Row("GET", url(C), in_cohort(200)),
    Row("GET", url(C + "/edit"), lead_only(200)),
    Row("POST", url(C + "/edit"), lead_only(303), VALID_COHORT),
    Row("POST", url(C + "/leave"), in_cohort(303, facilitator=409)),
    Row("GET", url(C + "/roster"), running(200)),
    Row("GET", url(C + "/export.csv"), running(200)),
    Row("GET", url(C + "/dashboard"), running(200)),
    Row("GET", url(C + "/debrief"), running(200)),
    Row("POST", url(C + "/members/{w.target}/remove"), running(303)),
    Row("POST", url(C + "/members/{w.target}/co-facilitator"), running(303)),
    Row("POST", url(C + "/members/{w.target_co}/member"), running(403, facilitator=303)),
    Row("GET", url(C + "/members/{w.target}/track-record"), in_cohort(200, member=404)),
    Row("GET", url(C + "/members/{w.private}/track-record"), in_cohort(404)),
    Row("GET", url(C + "/invitations"), running(200)),
    Row("POST", url(C + "/invitations"), running(303), {"days": "7", "max_uses": "20"}),
    Row("POST", url(C + "/invitations/email"), running(303),
        {"emails": "new@example.com", "days": "7"}),
    Row("POST", url(C + "/invitations/{w.invitation}/revoke"), running(303)),
    Row("GET", url(C + "/programme"), running(200)),
    Row("POST", url(C + "/programme"), running(303),
        {"case": "matrix-extra", "due_date": "2030-02-01", "due_time": "10:00", "notes": ""}),
    Row("GET", url(C + "/programme/{w.assignment}"), running(200)),
    Row("POST", url(C + "/programme/{w.assignment}"), running(303),
        {"due_date": "2030-03-01", "due_time": "10:00", "notes": "New notes."}),
    Row("POST", url(C + "/programme/{w.assignment}/remove"), running(303)),
    Row("POST", url(C + "/decisions/{w.held}/reveal"), running(303)),
    Row("POST", url(C + "/decisions/{w.open}/hold"), running(303)),
    Row("POST", url(C + "/decisions/{w.held}/close"), running(303)),
    Row("POST", url(C + "/decisions/{w.closed}/reopen"), running(303)),
    Row("POST", url(C + "/decisions/{w.unassigned}/reveal"), running(404, member=403)),
    # Nobody committed in the matrix's cohort: nothing to draw, said on the page (303).
    Row("POST", url(C + "/decisions/{w.open}/cold-call"), running(303)),
    Row("POST", url(C + "/decisions/{w.unassigned}/cold-call"), running(404, member=403)),
    Row("GET", url(C + "/live"), in_cohort(200)),
    Row("GET", url(C + "/live/projector"), running(200)),
    Row("GET", url(C + "/live/version"), in_cohort(200)),
    Row("POST", url(C + "/live/show"), running(303), {"decision": "{w.held}"}),
    Row("POST", url(C + "/live/show?unassigned"), running(404, member=403),
        {"decision": "{w.unassigned}"}),
    # Nothing is on screen in the matrix's cohort: no timer to start (409, said on the page).
    Row("POST", url(C + "/live/timer"), running(409), {"minutes": "3"}),
    Row("POST", url(C + "/live/stop-timer"), running(303)),
    Row("POST", url(C + "/live/end"), running(303)),
    # --- the cohort's debate of an assigned decision (debates/rooms.py) ----------------
    # The member committed on `held` (its reveal held): the room is where they discuss it.
    Row("GET", url(R), room(200)),
    Row("POST", url(R), room(422), {"body": ""}),
    Row("POST", url(R + "/lock"), room_signed_in(302, member=403), {"reason": "test"}),
    Row("POST", url(R + "/revised-view"), room(302), {}),
    Row("GET", url("/api/v1" + R), room(200)),
    Row("GET", url(U), room(404)),  # a case outside the programme has no room
    Row("GET", url(P), room(302)),
    Row("GET", url("/api/v1" + P), room(200)),
    Row("GET", url(P + "/thread"), room(200)),
    Row("GET", url(P + "/history"), room(200)),
    Row("GET", url(P + "/reply"), room(200)),
    Row("POST", url(P + "/reply"), room(422), {"body": ""}),
    Row("GET", url(P + "/edit"), room(403, **{"co-facilitator": 200})),
    Row("POST", url(P + "/edit"), room(403, **{"co-facilitator": 302}), {"body": "Edited."}),
    Row("GET", url(P + "/delete"), room(403, **{"co-facilitator": 200})),
    Row("POST", url(P + "/delete"), room(403, **{"co-facilitator": 302})),
    Row("POST", url(P + "/insightful"), room(302, **{"co-facilitator": 403})),
    Row("GET", url(P + "/flag"), room(200, **{"co-facilitator": 403})),
    Row("POST", url(P + "/flag"), room(302, **{"co-facilitator": 403}), {"reason": "spam"}),
    # Only a member who committed may say a post changed their mind (the lead did not).
    Row("POST", url(P + "/changed-my-mind"), room(403, member=200)),
    Row("POST", url(P + "/hide"), room_signed_in(302, member=403), {"reason": "test"}),
    Row("POST", url(P + "/restore"), room_signed_in(302, member=403), {"reason": "test"}),
    Row("POST", url(P + "/dismiss"), room_signed_in(302, member=403), {"reason": "test"}),
]


def _build_world(app) -> World:
    with app.app_context():
        held_case = make_case("matrix-held", decisions=2)
        open_case = make_case("matrix-open", decisions=1)
        make_case("matrix-extra", decisions=1)
        loose = make_case("matrix-loose", decisions=1)
        lead = make_user("facilitator", display_name="Lead")
        co = make_user(display_name="Co")
        member = make_user(display_name="Member")
        suspended = make_user(display_name="Suspended", is_suspended=True)
        target = make_user(display_name="Target")
        private = make_user(display_name="Private")
        target_co = make_user(display_name="Target Co")
        cohort = make_cohort(lead, members=[member, suspended, target, private],
                             co=[co, target_co])
        share_track_record(target)
        assignment = assign(lead, cohort, "matrix-held", hold=True)
        assign(lead, cohort, "matrix-open", hold=False)
        closed = decision_of(held_case.id, 2).id
        close(lead, cohort, closed)
        invitation = link_invitation(lead, cohort)
        held = decision_of(held_case.id, 1)
        factories.commit(member, held, "A")
        room_post = create_post(debate_for(held.id, cohort), co, "The room's first post.",
                                stance="A", labels=["A", "B", "C"])
        db.session.commit()
        actors = {
            "facilitator": ref(lead), "co-facilitator": ref(co), "member": ref(member),
            "outsider": ref(make_user()), "admin": ref(make_user("admin")),
            "suspended": ref(suspended),
        }
        return World(
            cohort=cohort, actors=actors, target=target.id, private=private.id,
            target_co=target_co.id, invitation=invitation.id, code=invitation.code,
            assignment=assignment, held=held.id, closed=closed,
            open=decision_of(open_case.id, 1).id, unassigned=decision_of(loose.id, 1).id,
            room_post=room_post.id,
        )


_world = built_once(_build_world)


@pytest.fixture
def world(_world, rollback) -> World:
    """The same rows for every test, built once (tests/conftest.built_once); what a test
    writes rolls back."""
    return _world


def request_as(app, world: World, row: Row, role: str):
    client = app.test_client()
    if role != "anonymous":
        factories.sign_in(client, world.actors[role])
    path = row.url(world)
    response = client.get(path) if row.method == "GET" else client.open(
        path, method=row.method, data={k: v.format(w=world) for k, v in row.data.items()})
    response.close()
    return response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_cohort_permission_matrix(app, world, row, role):
    response = request_as(app, world, row, role)
    assert response.status_code == row.expect[role], (row.id, role)
    assert response.headers.get("Cache-Control") == "private, no-store", (row.id, role)
    if response.status_code == 302 and role in ("anonymous", "suspended"):
        assert response.location.startswith("/sign-in"), response.location
    elif response.status_code == 302:
        # The debates' own redirect after a write (cohort pages answer 303): back into
        # the room, never to sign in.
        assert "/debate" in row.id and not response.location.startswith("/sign-in"), (
            row.id, response.location)


def test_a_hidden_cohort_answers_exactly_like_a_missing_one(app, world):
    """An outsider learns nothing from a real cohort's id: same status, same page."""
    client = app.test_client()
    factories.sign_in(client, world.actors["outsider"])
    for suffix in ("", "/roster", "/programme", "/export.csv", "/dashboard", "/debrief", f"/members/{world.target}/track-record"):
        real = client.get(f"/cohorts/{world.cohort}{suffix}")
        made_up = client.get(f"/cohorts/999999{suffix}")
        assert real.status_code == made_up.status_code == 404
        # CSRF tokens carry the second they were made; the rest must be the same page.
        assert without_csrf_tokens(real.get_data(as_text=True)) == without_csrf_tokens(
            made_up.get_data(as_text=True))


def test_every_cohort_route_has_a_row(app):
    """A new cohort route must join the matrix: add a row for it."""
    sample = World(1, {}, 2, 3, 4, 5, "ABCDEFGHJKMN", 6, 7, 8, 9, 10, 11)
    adapter = app.url_map.bind("localhost")
    covered = set()
    for row in ROWS:
        try:
            endpoint, _ = adapter.match(row.url(sample), method=row.method)
        except Exception:  # noqa: BLE001 - a 404 row covers no endpoint
            continue
        covered.add((endpoint, row.method))
    missing = sorted(
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules() if rule.endpoint.startswith("cohorts.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (rule.endpoint, method) not in covered
    )
    assert missing == []


def test_roles_in_the_world_are_what_the_rows_assume(app, world):
    with app.app_context():
        roles = {m.user_id: m.role for m in db.session.query(CohortMember).filter_by(
            cohort_id=world.cohort)}
    assert roles[world.actors["co-facilitator"].id] == CO_FACILITATOR
    assert roles[world.actors["member"].id] == MEMBER
    assert world.actors["outsider"].id not in roles and world.actors["admin"].id not in roles
