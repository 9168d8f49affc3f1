"""The debrief: a printable page for the session after a case, per decision whose
outcome the facilitator may read: how this cohort chose against all leaders, what really
happened and what followed, and the debate's most insightful posts.

Built on the dashboard's figures (cohorts/dashboard.py), so it says nothing the
dashboard would not; posts come from the decision's debate, never a hidden or deleted
one, and only for a decision whose outcome (and so whose debate) is open to the reader.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import or_, select

from ..accounts.models import User
from ..debates.models import Debate, Post
from ..extensions import db
from .access import Seat
from .dashboard import CaseBoard, dashboard

POSTS_PER_DECISION = 3


@dataclass(frozen=True)
class DebriefPost:
    author: str
    stance: str | None
    body_html: Markup
    insightful: int


@dataclass(frozen=True)
class Debrief:
    cases: tuple[CaseBoard, ...]
    posts: dict[int, tuple[DebriefPost, ...]]  # by decision id


def debrief(seat: Seat, reader) -> Debrief:
    board = dashboard(seat, reader)
    open_ids = [d.id for case in board.cases for d in case.decisions if d.actual_choice]
    posts: dict[int, list[DebriefPost]] = {}
    if open_ids:
        rows = db.session.execute(
            select(Debate.decision_id, User.display_name, User.deleted_at, Post.stance,
                   Post.body_html, Post.insightful_count)
            .join(Post, Post.debate_id == Debate.id)
            .join(User, User.id == Post.author_id)
            # The public debate's and this cohort's own room's; never another room's.
            .where(Debate.decision_id.in_(open_ids),
                   or_(Debate.room_id.is_(None), Debate.room_id == seat.cohort.id),
                   Post.insightful_count > 0,
                   Post.hidden_at.is_(None), Post.deleted_at.is_(None))
            .order_by(Debate.decision_id, Post.insightful_count.desc(), Post.created_at, Post.id)
        ).all()
        for decision_id, name, deleted_at, stance, body_html, insightful in rows:
            kept = posts.setdefault(decision_id, [])
            if len(kept) < POSTS_PER_DECISION:
                kept.append(DebriefPost("former member" if deleted_at else name, stance,
                                        Markup(body_html), insightful))
    return Debrief(board.cases, {key: tuple(value) for key, value in posts.items()})
