"""A cohort as a debate room (debates/rooms.py): each decision of a case in its programme
has a private debate for the cohort's people, and only for them.

Debates ask through two panel slots and never import cohorts:

- "debates.room": may this reader enter the cohort's debate of this decision? Only an
  active member of the cohort, and only for a decision the cohort holds a state for
  (a decision of a case in its programme, there when it was assigned). The lead and
  co-facilitators moderate it, and so does a site moderator who is in the cohort; the
  facilitators read it whatever the reveal. Anyone else gets nothing, which debates
  answer with 404, exactly as for a missing debate: admins not in the cohort too, as
  on every cohort page (cohorts/permissions.py).
- "debates.room_people": which of some people may enter (whom a reply or a mention
  in the room may notify).

And cohorts add, through "case.decision", the way in from the case page: under each
decision whose room opens for the reader now, a link to each of their cohorts' debates.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import bindparam, func, select

from ..accounts.models import User
from ..accounts.permissions import is_active_member
from ..accounts.signed_in import account_fact, known_fact
from ..cases.models import Decision
from ..db import read_rows
from ..debates.access import room_opens_from
from ..debates.models import Debate, Post
from ..debates.permissions import can_moderate
from ..debates.rooms import Room
from ..extensions import db
from ..panels import Panel, provides
from .access import role_in
from .case_seats import seats_on_case
from .models import Cohort, CohortAssignment, CohortDecisionState, CohortMember
from .permissions import facilitates

_ROOM = (
    select(Cohort.name)
    .join(CohortDecisionState, CohortDecisionState.cohort_id == Cohort.id)
    .join(Decision, Decision.id == CohortDecisionState.decision_id)
    .join(CohortAssignment, (CohortAssignment.cohort_id == Cohort.id)
          & (CohortAssignment.case_id == Decision.case_id))
    .where(Cohort.id == bindparam("room_id"),
           CohortDecisionState.decision_id == bindparam("decision_id"))
)


@provides("debates.room")
def cohort_room(user, room_id: int, decision_id: int, **_) -> Panel | None:
    role = role_in(user, room_id)  # None for outsiders and for suspended or deleted people
    if role is None:
        return None
    name = read_rows(_ROOM, {"room_id": room_id, "decision_id": decision_id}).scalar()
    if name is None:
        return None  # not a decision of the cohort's programme: no room for it
    return Panel(None, Room(
        id=room_id,
        name=name,
        back_url=url_for("cohorts.cohort_page", cohort_id=room_id),
        moderates=facilitates(role) or can_moderate(user),
        always_reads=facilitates(role),
    ))


@provides("debates.room_people")
def cohort_people(room_id: int, user_ids, **_) -> Panel:
    rows = db.session.scalars(
        select(CohortMember.user_id)
        .join(User, User.id == CohortMember.user_id)
        .where(CohortMember.cohort_id == room_id, CohortMember.user_id.in_(list(user_ids)),
               User.deleted_at.is_(None), User.is_suspended.is_(False))
    )
    return Panel(None, frozenset(rows))


def room_post_counts(cohort_id: int, decision_ids) -> dict[int, int]:
    """Live posts (not deleted or hidden) in the cohort's debate of each decision."""
    ids = sorted(set(decision_ids))
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Debate.decision_id, func.count(Post.id))
        .join(Post, Post.debate_id == Debate.id)
        .where(Debate.room_id == cohort_id, Debate.decision_id.in_(ids),
               Post.deleted_at.is_(None), Post.hidden_at.is_(None))
        .group_by(Debate.decision_id)
    ).all())


@dataclass(frozen=True)
class RoomLink:
    cohort_id: int
    cohort_name: str
    posts: int  # live posts, as the cohort's page counts them (room_post_counts)


@dataclass(frozen=True)
class RoomLinks:
    """Under a decision on the case page: the reader's cohorts' debates of it."""

    slug: str
    key: str
    number: int
    links: tuple[RoomLink, ...]


@account_fact("cohort_seat")
def _account_is_in_a_cohort():
    # Most readers are in no cohort: read with the signed-in account on a page view
    # (accounts/signed_in.py), a "no" spares the case page the statement below.
    return select(CohortMember.cohort_id).where(CohortMember.user_id == User.id).exists()


@provides("case.decision", order=55)
def room_links(keys: list[int], view, user=None, **_) -> dict[int, Panel]:
    """Under each decision whose cohort debate opens for the reader now (the room's own
    rule: facilitators always, a member once committed), the way in."""
    if not is_active_member(user) or known_fact(user, "cohort_seat") in (False, 0):
        return {}
    by_id = {d.id: d for d in view.decisions if d.id in keys}
    found: dict[int, list[RoomLink]] = {}
    for row in seats_on_case(user.id, view.facts.id):
        if row.assigned_case is None:
            continue  # the case left the programme: its room is closed (cohort_room)
        decision = by_id.get(row.decision_id)
        if decision is not None and room_opens_from(user, view, decision,
                                                    always_reads=facilitates(row.role)):
            found.setdefault(decision.id, []).append(
                RoomLink(row.cohort_id, row.name, row.posts))
    return {
        decision_id: Panel("cohorts/_room_links.html", RoomLinks(
            view.facts.slug, by_id[decision_id].key, by_id[decision_id].number,
            tuple(sorted(links, key=lambda link: (link.cohort_name, link.cohort_id)))))
        for decision_id, links in found.items()
    }
