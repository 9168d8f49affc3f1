"""The reader's cohorts on one case, per assigned decision, in one statement a page.

The case page needs them three times: for the reader's holds on the case (holds.py,
the reading model's input), the cohort debates' way in (rooms.room_links) and what the
page follows in a live session (panels.live_watches).
Asked once a request, and on PostgreSQL with the reader's account itself (by the case
page's slug, decisions/reading.ask_with_published_case): there each statement is a
round trip, and a member of a live session opens this page with everyone else after a
reveal.
"""
from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import bindparam, func, select

from ..accounts.signed_in import ask_with_account, rows_asked_with_account
from ..cases.models import Case, Decision
from ..db import read_rows, statements_are_round_trips
from ..debates.models import Debate, Post
from ..decisions.reading import ask_with_published_case
from .models import Cohort, CohortAssignment, CohortDecisionState, CohortLive, CohortMember

_SEAT = (CohortDecisionState.decision_id, Cohort.id.label("cohort_id"), Cohort.name,
         CohortMember.role, CohortDecisionState.reveal, CohortDecisionState.commitments,
         CohortAssignment.case_id.label("assigned_case"), CohortLive.version,
         CohortLive.decision_id.label("on_screen"))


def _seats_on(which_case):
    """Per cohort of the reader's (any role) and decision of the case it has a state
    for: the cohort's state, whether the case is still in its programme, its live row,
    and the live posts of its debate of the decision. Rooted at the case, so a reader
    with no seat on it gets one row of NULLs beside the case's id: asked by slug, that
    row still says which case the answer is about."""
    seated = (
        Decision.__table__
        .join(CohortDecisionState.__table__, CohortDecisionState.decision_id == Decision.id)
        .join(Cohort.__table__, Cohort.id == CohortDecisionState.cohort_id)
        .join(CohortMember.__table__, (CohortMember.cohort_id == Cohort.id)
              & (CohortMember.user_id == bindparam("user_id")))
    )
    return (
        select(Case.id.label("case_id"), *_SEAT, func.count(Post.id).label("posts"))
        .select_from(Case.__table__.outerjoin(seated, Decision.case_id == Case.id))
        .outerjoin(CohortAssignment, (CohortAssignment.cohort_id == Cohort.id)
                   & (CohortAssignment.case_id == Case.id))
        .outerjoin(CohortLive, CohortLive.cohort_id == Cohort.id)
        .outerjoin(Debate, (Debate.room_id == Cohort.id)
                   & (Debate.decision_id == CohortDecisionState.decision_id))
        .outerjoin(Post, (Post.debate_id == Debate.id) & Post.deleted_at.is_(None)
                   & Post.hidden_at.is_(None))
        .where(which_case)
        .group_by(Case.id, *_SEAT)
    )


_ON_CASE = _seats_on(Case.id == bindparam("case_id"))
_AT_SLUG = _seats_on(Case.slug == bindparam("slug"))


@ask_with_published_case
def _ask_with_the_case_page(slug: str) -> None:
    # Only where a statement is a round trip: on SQLite the case page of a reader in no
    # cohort (most readers) skips the statement (the "cohort_seat" fact), which is
    # cheaper than carrying it in the account's (1.5% of the committed page, measured).
    if statements_are_round_trips():
        ask_with_account(_AT_SLUG, {"slug": slug})


def seats_on_case(user_id: int, case_id: int) -> list:
    """The reader's seats on the case (rows as above, NULL rows left out): once a request."""
    memo = g.setdefault("_cohort_seats_on_case", {}) if has_request_context() else {}
    key = (user_id, case_id)
    if key not in memo:
        fresh = has_request_context() and not g.get("_cohort_seats_stale")
        rows = rows_asked_with_account(_AT_SLUG, user_id) if fresh else None
        if not rows or rows[0].case_id != case_id:
            rows = read_rows(_ON_CASE, {"user_id": user_id, "case_id": case_id}).all()
        memo[key] = [row for row in rows if row.decision_id is not None]
    return memo[key]


def forget_seats() -> None:
    """After a state change in this request (holds.forget_holds), read them afresh."""
    if has_request_context():
        g.pop("_cohort_seats_on_case", None)
        g._cohort_seats_stale = True  # and not as asked with the account either
