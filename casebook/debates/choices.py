"""What leaders chose on a decision: sealed commitments and their later revised views.

Each function is one query whatever the number of users, so the debate page stays at
a constant number of queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from .models import RevisedView


@dataclass(frozen=True)
class Choice:
    label: str
    confidence: int
    commitment_id: int | None = None

    def describe(self, verb: str = "chose") -> str:
        return f"{verb} {self.label}, {self.confidence} %"


def _commitment_model():
    # The decisions feature owns commitments; imported late so the two packages stay apart.
    from ..decisions.models import Commitment

    return Commitment


def committed_choices(decision_id: int, user_ids) -> dict[int, Choice]:
    """Each user's sealed commitment on the decision."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    Commitment = _commitment_model()
    rows = db.session.execute(
        select(
            Commitment.user_id, Commitment.option_label, Commitment.confidence, Commitment.id
        ).where(Commitment.decision_id == decision_id, Commitment.user_id.in_(ids))
    )
    return {uid: Choice(label, int(conf), cid) for uid, label, conf, cid in rows}


def current_revised_views(decision_id: int, user_ids=None) -> dict[int, Choice]:
    """Each user's newest revised view on the decision (all users when user_ids is None)."""
    newest = (
        select(RevisedView.user_id, func.max(RevisedView.id).label("id"))
        .where(RevisedView.decision_id == decision_id)
        .group_by(RevisedView.user_id)
    )
    if user_ids is not None:
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        newest = newest.where(RevisedView.user_id.in_(ids))
    newest = newest.subquery()
    rows = db.session.execute(
        select(RevisedView.user_id, RevisedView.option_label, RevisedView.confidence).join(
            newest, RevisedView.id == newest.c.id
        )
    )
    return {uid: Choice(label, conf) for uid, label, conf in rows}


@dataclass(frozen=True)
class MindChanges:
    leaders: int  # leaders whose current view differs from their commitment's option
    moves: list[tuple[str, str, int]]  # (from option, to option, leaders), most first


def mind_changes(decision_id: int) -> MindChanges:
    """How many leaders changed their option on this decision, and from which to which."""
    Commitment = _commitment_model()
    newest = (
        select(func.max(RevisedView.id).label("id"))
        .where(RevisedView.decision_id == decision_id)
        .group_by(RevisedView.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Commitment.option_label, RevisedView.option_label)
        .select_from(RevisedView)
        .join(newest, RevisedView.id == newest.c.id)
        .join(Commitment, Commitment.id == RevisedView.commitment_id)
    )
    counts = Counter((before, after) for before, after in rows if before != after)
    moves = sorted(((a, b, n) for (a, b), n in counts.items()), key=lambda m: (-m[2], m[0], m[1]))
    return MindChanges(leaders=sum(counts.values()), moves=moves)


def minds_changed_by(post_ids) -> dict[int, int]:
    """For each post, how many leaders cited it when they changed their mind."""
    ids = sorted(set(post_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(RevisedView.cited_post_id, func.count(func.distinct(RevisedView.user_id)))
        .where(RevisedView.cited_post_id.in_(ids))
        .group_by(RevisedView.cited_post_id)
    )
    return dict(rows.all())
