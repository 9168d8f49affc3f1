"""Cold call: draw a member who committed to a minority option, to open the discussion
with their reasoning.

A minority option is one fewer members of the cohort chose than the most chosen one. The
draw is random (the system's source, not a seeded one) among those members, leaving out
whoever was already drawn in this round of calls on the decision; once all of them have
been, a new round starts. Only the cohort's facilitators draw and see the rationale.
"""
from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from ..accounts.models import User
from ..decisions.models import Commitment
from ..domain import Conflict
from ..extensions import db
from .access import Seat
from .models import MEMBER, CohortCall, CohortMember
from .programme import decision_state

_draw = secrets.SystemRandom()


@dataclass(frozen=True)
class Called:
    decision_id: int
    display_name: str
    option_label: str
    rationale_html: str
    round: int


def cold_call(seat: Seat, decision_id: int) -> int:
    """Draw and record the next member to call on; their user id."""
    decision_state(seat, decision_id)  # NotFound unless the decision is in the programme
    chosen = dict(db.session.execute(
        select(Commitment.user_id, Commitment.option_label)
        .join(CohortMember, CohortMember.user_id == Commitment.user_id)
        .where(CohortMember.cohort_id == seat.cohort.id, CohortMember.role == MEMBER,
               Commitment.decision_id == decision_id)
    ).all())
    if not chosen:
        raise Conflict("No member of the cohort has committed on this decision yet.")
    counts = Counter(chosen.values())
    largest = max(counts.values())
    minority = sorted(user for user, label in chosen.items() if counts[label] < largest)
    if not minority:
        raise Conflict("There is no minority to call on yet: every member who committed "
                       "chose one of the most chosen options.")
    round_now = db.session.scalar(
        select(func.max(CohortCall.round))
        .where(CohortCall.cohort_id == seat.cohort.id, CohortCall.decision_id == decision_id)
    ) or 1
    called = set(db.session.scalars(
        select(CohortCall.user_id).where(CohortCall.cohort_id == seat.cohort.id,
                                         CohortCall.decision_id == decision_id,
                                         CohortCall.round == round_now)
    ))
    remaining = [user for user in minority if user not in called]
    if not remaining:  # everyone who could be drawn has been: a new round
        round_now, remaining = round_now + 1, minority
    user_id = _draw.choice(remaining)
    db.session.add(CohortCall(cohort_id=seat.cohort.id, decision_id=decision_id,
                              user_id=user_id, round=round_now))
    db.session.flush()
    return user_id


def latest_calls(seat: Seat) -> dict[int, Called]:
    """{decision id: the last member drawn on it}, with what they committed to."""
    last = (
        select(CohortCall.decision_id, func.max(CohortCall.id).label("call_id"))
        .where(CohortCall.cohort_id == seat.cohort.id)
        .group_by(CohortCall.decision_id)
        .subquery()
    )
    rows = db.session.execute(
        select(CohortCall.decision_id, User.display_name, Commitment.option_label,
               Commitment.rationale_html, CohortCall.round)
        .join(last, last.c.call_id == CohortCall.id)
        .join(User, User.id == CohortCall.user_id)
        .join(Commitment, (Commitment.user_id == CohortCall.user_id)
              & (Commitment.decision_id == CohortCall.decision_id))
    ).all()
    return {row.decision_id: Called(*row) for row in rows}
