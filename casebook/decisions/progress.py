"""How far a leader is through each case, for the library and case pages."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from ..cases.models import Case, Decision
from ..extensions import db
from .models import Commitment


@dataclass(frozen=True)
class CaseInProgress:
    case: Case
    committed: int
    total: int
    next_key: str | None  # the first decision without a commitment (the page anchor)
    last_committed_at: datetime


def progress_for(user, case_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """{case_id: (decisions committed, decisions in the case)} in one query; {} when anonymous."""
    ids = sorted(set(case_ids))
    if not ids or not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.execute(
        select(Decision.case_id, func.count(Commitment.id), func.count(Decision.id))
        .select_from(Decision)
        .outerjoin(
            Commitment,
            and_(Commitment.decision_id == Decision.id, Commitment.user_id == user.id),
        )
        .where(Decision.case_id.in_(ids))
        .group_by(Decision.case_id)
    )
    return {case_id: (committed, total) for case_id, committed, total in rows}


def continue_where_you_left_off(user, limit: int = 3) -> list[CaseInProgress]:
    """Published cases the user started and has not finished, most recent first."""
    if not getattr(user, "is_authenticated", False):
        return []
    mine = (
        select(
            Decision.case_id.label("case_id"),
            func.count(Commitment.id).label("committed"),
            func.max(Commitment.created_at).label("last_at"),
        )
        .join(Commitment, Commitment.decision_id == Decision.id)
        .where(Commitment.user_id == user.id)
        .group_by(Decision.case_id)
        .subquery()
    )
    sizes = (
        select(Decision.case_id.label("case_id"), func.count(Decision.id).label("total"))
        .group_by(Decision.case_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Case, mine.c.committed, sizes.c.total, mine.c.last_at)
        .join(mine, mine.c.case_id == Case.id)
        .join(sizes, sizes.c.case_id == Case.id)
        .where(Case.status == "published", mine.c.committed < sizes.c.total)
        .order_by(mine.c.last_at.desc(), Case.id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    next_keys = _next_decision_keys(user, [case.id for case, *_ in rows])
    return [
        CaseInProgress(case, committed, total, next_keys.get(case.id), last_at)
        for case, committed, total, last_at in rows
    ]


def _next_decision_keys(user, case_ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(Decision.case_id, Decision.key)
        .where(
            Decision.case_id.in_(case_ids),
            Decision.id.not_in(
                select(Commitment.decision_id).where(Commitment.user_id == user.id)
            ),
        )
        .order_by(Decision.case_id, Decision.number)
    )
    keys: dict[int, str] = {}
    for case_id, key in rows:
        keys.setdefault(case_id, key)
    return keys
