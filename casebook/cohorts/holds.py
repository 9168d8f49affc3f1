"""What a reader's cohorts hold back: the decisions whose reveal waits for a facilitator,
and those on which commitments are closed.

Only a cohort's members are held; its lead and co-facilitators are not (they preview
and run the reveal). A member of several cohorts that assigned the same case is held
while any one of them holds a decision, and closed out while any one has closed it: a
reveal in one room must not spoil the discussion still to come in another
(docs/facilitating.md).

One query answers both for a reader, across all their cohorts (a programme holds a few
decisions); it is asked on every page a signed-in reader opens, so its rows are kept
for the rest of the request and each set of cases is picked out of them. A page of one
case (the case page) takes them instead from the reader's cohort rows on that case,
which its panels read anyway (cohorts/case_seats.py): one statement for both, the same
rows picked by the same rule (tests/web/test_cohorts_holds_one_case.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import bindparam, or_, select

from ..accounts.models import User
from ..accounts.signed_in import account_fact, known_fact
from ..cases.models import Decision
from ..db import read_rows
from .case_seats import forget_seats, seats_on_case
from .models import CLOSED, HELD, MEMBER, CohortDecisionState, CohortMember


@dataclass(frozen=True)
class ReaderHolds:
    held: frozenset[int]  # decision ids whose outcome waits for a facilitator
    closed: frozenset[int]  # decision ids no longer open to commit
    closed_by: tuple[tuple[int, int], ...] = ()  # (decision id, cohort id) pairs


_HOLDS = (
    select(CohortDecisionState.decision_id, CohortDecisionState.cohort_id,
           CohortDecisionState.reveal, CohortDecisionState.commitments, Decision.case_id)
    .join(CohortMember, CohortMember.cohort_id == CohortDecisionState.cohort_id)
    .join(Decision, Decision.id == CohortDecisionState.decision_id)
    .where(
        CohortMember.user_id == bindparam("user_id"),
        CohortMember.role == MEMBER,
        or_(CohortDecisionState.reveal == HELD, CohortDecisionState.commitments == CLOSED),
    )
)

NOTHING = ReaderHolds(frozenset(), frozenset())


@account_fact("cohort_holds")
def _account_is_held():
    # Almost no reader is held at any moment: asked with the signed-in account on a page
    # view (accounts/signed_in.py), a "no" spares the holds query.
    return (
        select(CohortDecisionState.decision_id)
        .join(CohortMember, CohortMember.cohort_id == CohortDecisionState.cohort_id)
        .where(
            CohortMember.user_id == User.id,
            CohortMember.role == MEMBER,
            or_(CohortDecisionState.reveal == HELD, CohortDecisionState.commitments == CLOSED),
        )
        .exists()
    )


def holds_for(user, case_ids) -> ReaderHolds:
    """The reader's holds in these cases (nothing for the signed-out)."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    ids = set(case_ids)
    if not ids or known_fact(user, "cohort_holds") in (False, 0):
        return NOTHING
    memo = g.setdefault("_cohort_holds", {}) if has_request_context() else {}
    if user.id not in memo and len(ids) == 1 and has_request_context():
        (case_id,) = ids
        return _holds([row for row in seats_on_case(user.id, case_id) if _holding(row)])
    if user.id not in memo:
        memo[user.id] = read_rows(_HOLDS, {"user_id": user.id}).all()
    return _holds([row for row in memo[user.id] if row.case_id in ids])


def _holding(row) -> bool:
    # _HOLDS's own condition, for a row of the reader's cohorts on a case.
    return row.role == MEMBER and (row.reveal == HELD or row.commitments == CLOSED)


def forget_holds() -> None:
    """After a state change in this request, read the holds afresh."""
    if has_request_context():
        g.pop("_cohort_holds", None)
        forget_seats()


def _holds(rows) -> ReaderHolds:
    closed_by = tuple(sorted((r.decision_id, r.cohort_id) for r in rows if r.commitments == CLOSED))
    return ReaderHolds(
        held=frozenset(r.decision_id for r in rows if r.reveal == HELD),
        closed=frozenset(d for d, _ in closed_by),
        closed_by=closed_by,
    )
