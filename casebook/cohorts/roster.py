"""The people of a cohort as its facilitators see them: name, part, when they joined,
how far they are in the programme, whether they share their track record, and what the
viewing facilitator may do about each."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..accounts.models import User
from ..cases.models import Decision
from ..decisions.models import Commitment, TrackRecordSharing
from ..domain import NotFound
from ..clock import as_utc
from ..extensions import db
from .access import Seat
from .models import LEAD, MEMBER, CohortAssignment, CohortMember
from .permissions import can_make_co_facilitator, can_make_member, can_remove_member

_ROLE_ORDER = {LEAD: 0, "co-facilitator": 1, MEMBER: 2}


@dataclass(frozen=True)
class Person:
    user_id: int
    display_name: str
    role: str
    joined_at: datetime
    committed: int  # commitments on the programme's decisions
    shares: bool
    may_remove: bool
    may_promote: bool
    may_demote: bool


def roster_of(seat: Seat, user_id: int | None = None) -> tuple[Person, ...]:
    """Everyone in the cohort (or the one person asked for), lead first, then by name."""
    query = (
        select(CohortMember.user_id, CohortMember.role, CohortMember.joined_at,
               User.display_name, User.deleted_at, TrackRecordSharing.share_with_cohorts)
        .join(User, User.id == CohortMember.user_id)
        .outerjoin(TrackRecordSharing, TrackRecordSharing.user_id == CohortMember.user_id)
        .where(CohortMember.cohort_id == seat.cohort.id)
    )
    if user_id is not None:
        query = query.where(CohortMember.user_id == user_id)
    rows = db.session.execute(query).all()
    done = _programme_commitments(seat.cohort.id, [r.user_id for r in rows])
    people = [
        Person(
            user_id=r.user_id,
            display_name="former member" if r.deleted_at else r.display_name,
            role=r.role,
            joined_at=as_utc(r.joined_at),
            committed=done.get(r.user_id, 0),
            shares=bool(r.share_with_cohorts) and r.deleted_at is None,
            may_remove=can_remove_member(seat.role, r.role),
            may_promote=can_make_co_facilitator(seat.role, r.role),
            may_demote=can_make_member(seat.role, r.role),
        )
        for r in rows
    ]
    return tuple(sorted(people, key=lambda p: (_ROLE_ORDER[p.role], p.display_name.lower(),
                                               p.user_id)))


def member_of(seat: Seat, user_id: int) -> Person:
    people = roster_of(seat, user_id)
    if not people:
        raise NotFound()
    return people[0]


def _programme_commitments(cohort_id: int, user_ids: list[int]) -> dict[int, int]:
    if not user_ids:
        return {}
    assigned = select(CohortAssignment.case_id).where(CohortAssignment.cohort_id == cohort_id)
    return dict(db.session.execute(
        select(Commitment.user_id, func.count())
        .join(Decision, Decision.id == Commitment.decision_id)
        .where(Commitment.user_id.in_(user_ids), Decision.case_id.in_(assigned))
        .group_by(Commitment.user_id)
    ).all())
