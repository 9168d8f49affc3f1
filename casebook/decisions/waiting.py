"""Hindsight checks that are ready for a leader: the invitation to come back.

Nothing is stored for it: a check is ready once HINDSIGHT_DELAY has passed since the
commitment and no reflection exists yet, so it is worked out when a page asks. One
column query finds the candidates (usually none, for the header of every page); only
when there are some does the reading model confirm them (a cohort's hold keeps a
decision's outcome, and so its reflection, closed).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import bindparam, select

from .. import clock
from ..accounts.models import User
from ..accounts.signed_in import account_fact, known_fact
from ..cases.models import PUBLISHED, Case, Decision
from ..db import read_rows
from .hindsight import HINDSIGHT_DELAY
from .models import Commitment, Reflection
from .reading import read_published


@dataclass(frozen=True)
class ReadyCheck:
    slug: str
    title: str
    key: str
    number: int
    question: str
    forecast_label: str


# Built once: the header asks on every page a leader opens.
_CANDIDATES = (
    select(Decision.case_id, Commitment.decision_id)
    .join(Decision, Decision.id == Commitment.decision_id)
    .join(Case, Case.id == Decision.case_id)
    .outerjoin(Reflection, Reflection.commitment_id == Commitment.id)
    .where(
        Commitment.user_id == bindparam("user_id"),
        Commitment.forecast_label.is_not(None),
        Reflection.id.is_(None),
        Commitment.created_at <= bindparam("committed_before"),
        Case.status == PUBLISHED,
    )
)


def _committed_before() -> dict:
    return {"fact_committed_before": clock.utcnow() - HINDSIGHT_DELAY}


@account_fact("hindsight_candidates", params=_committed_before)
def _account_has_candidates():
    # The header asks on every page; with the signed-in account (accounts/signed_in.py),
    # a "no" (nearly always) spares the candidates query. Only the leader's own
    # commitments (an index leads with the user): a "yes" is confirmed by that query,
    # which also checks that the case is still published.
    return (
        select(Commitment.id)
        .where(
            Commitment.user_id == User.id,
            Commitment.forecast_label.is_not(None),
            Commitment.created_at <= bindparam("fact_committed_before"),
            ~select(Reflection.id).where(Reflection.commitment_id == Commitment.id).exists(),
        )
        .exists()
    )


def ready_checks(user) -> tuple[ReadyCheck, ...]:
    """The user's hindsight checks open now, in case and decision order (once a request)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if has_request_context():
        found = g.get("_casebook_ready_checks")
        if found is None or found[0] != user.id:
            found = (user.id, _ready_checks(user))
            g._casebook_ready_checks = found
        return found[1]
    return _ready_checks(user)


def _ready_checks(user) -> tuple[ReadyCheck, ...]:
    if known_fact(user, "hindsight_candidates") in (False, 0):
        return ()
    rows = read_rows(_CANDIDATES, {
        "user_id": user.id, "committed_before": clock.utcnow() - HINDSIGHT_DELAY,
    }).all()
    if not rows:
        return ()
    wanted = {decision_id for _, decision_id in rows}
    views = read_published(user, {case_id for case_id, _ in rows})
    ready = []
    for view in sorted(views.values(), key=lambda v: v.facts.title):
        for decision in view.decisions:
            if decision.id in wanted and decision.reflection_open:
                ready.append(ReadyCheck(
                    slug=view.facts.slug, title=view.facts.title, key=decision.key,
                    number=decision.number, question=decision.question,
                    forecast_label=decision.commitment.forecast_label,
                ))
    return tuple(ready)
