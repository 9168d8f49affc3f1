"""The reader's cohorts on one case, per assigned decision, in one statement a page.

The case page needs them three times: for the reader's holds on the case (holds.py,
the reading model's input), the cohort debates' way in (rooms.room_links) and what the
page follows in a live session (panels.live_watches).
Asked once and kept for the request: on PostgreSQL each statement is a round trip, and
a member of a live session opens this page with everyone else after a reveal.
"""
from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import bindparam, func, select

from ..cases.models import Decision
from ..db import read_rows
from ..debates.models import Debate, Post
from .models import Cohort, CohortAssignment, CohortDecisionState, CohortLive, CohortMember

# Per cohort of the reader's (any role) and decision of the case it has a state for:
# the cohort's state, whether the case is still in its programme, its live row, and the
# live posts of its debate of the decision.
_ON_CASE = (
    select(CohortDecisionState.decision_id, Cohort.id.label("cohort_id"), Cohort.name,
           CohortMember.role, CohortDecisionState.reveal, CohortDecisionState.commitments,
           CohortAssignment.case_id.label("assigned_case"), CohortLive.version,
           CohortLive.decision_id.label("on_screen"), func.count(Post.id).label("posts"))
    .join(Cohort, Cohort.id == CohortDecisionState.cohort_id)
    .join(CohortMember, (CohortMember.cohort_id == Cohort.id)
          & (CohortMember.user_id == bindparam("user_id")))
    .join(Decision, Decision.id == CohortDecisionState.decision_id)
    .outerjoin(CohortAssignment, (CohortAssignment.cohort_id == Cohort.id)
               & (CohortAssignment.case_id == Decision.case_id))
    .outerjoin(CohortLive, CohortLive.cohort_id == CohortDecisionState.cohort_id)
    .outerjoin(Debate, (Debate.room_id == Cohort.id)
               & (Debate.decision_id == CohortDecisionState.decision_id))
    .outerjoin(Post, (Post.debate_id == Debate.id) & Post.deleted_at.is_(None)
               & Post.hidden_at.is_(None))
    .where(Decision.case_id == bindparam("case_id"))
    .group_by(CohortDecisionState.decision_id, Cohort.id, Cohort.name, CohortMember.role,
              CohortDecisionState.reveal, CohortDecisionState.commitments,
              CohortAssignment.case_id, CohortLive.version, CohortLive.decision_id)
)


def seats_on_case(user_id: int, case_id: int) -> list:
    """The rows above for this reader and case (asked once a request)."""
    memo = g.setdefault("_cohort_seats_on_case", {}) if has_request_context() else {}
    key = (user_id, case_id)
    if key not in memo:
        memo[key] = read_rows(_ON_CASE, {"user_id": user_id, "case_id": case_id}).all()
    return memo[key]


def forget_seats() -> None:
    """After a state change in this request (holds.forget_holds), read them afresh."""
    if has_request_context():
        g.pop("_cohort_seats_on_case", None)
