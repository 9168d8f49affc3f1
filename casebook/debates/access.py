"""Loading a debate or a post through the gate: 404 unless the reader has the outcome.

A debate discusses a decision's outcome, so it exists for a reader only once that
outcome is unlocked for them (gate.reader_state + unlocked_prefix). Everyone else gets
404 - for the page, every post, permalink, history and JSON answer alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..cases.models import Case, Decision
from ..decisions.gate import (
    ReaderState,
    VisibleDecision,
    reader_state,
    unlocked_prefix,
    visible_case,
)
from ..extensions import db
from .models import Debate, Post
from .permissions import can_moderate

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass
class DebateContext:
    case: Case
    decision: Decision
    visible: VisibleDecision  # what the gate lets this reader see of the decision
    state: ReaderState
    debate: Debate | None  # None until the first post

    @property
    def labels(self) -> list[str]:
        return [o.label for o in self.visible.options]


def debate_reader_state(user, case: Case) -> ReaderState:
    """Moderators read every debate (they preview every case); leaders read what they unlocked."""
    return reader_state(user, case, preview=can_moderate(user))


def outcome_unlocked_for(user, case: Case, decision: Decision) -> ReaderState | None:
    """The reader's state if the decision's outcome is unlocked for them, else None."""
    state = debate_reader_state(user, case)
    return state if decision.number <= unlocked_prefix(case, state) else None


def _load_case(**where) -> Case | None:
    return db.session.scalar(
        select(Case)
        .filter_by(status="published", **where)
        .options(selectinload(Case.decisions).selectinload(Decision.options))
    )


def _context(user, case: Case | None, decision: Decision | None, debate: Debate | None):
    if case is None or decision is None:
        abort(404)
    state = outcome_unlocked_for(user, case, decision)
    if state is None:
        abort(404)
    view = visible_case(case, state)
    visible = next(d for d in view.decisions if d.id == decision.id)
    return DebateContext(case=case, decision=decision, visible=visible, state=state, debate=debate)


def open_debate(user, slug: str, key: str) -> DebateContext:
    """The debate of (case slug, decision key) as this reader may see it, or 404."""
    if len(slug) > 80 or not SLUG_PATTERN.fullmatch(slug) or len(key) > 64:
        abort(404)
    case = _load_case(slug=slug)
    decision = next((d for d in case.decisions if d.key == key), None) if case else None
    debate = None
    if decision is not None:
        debate = db.session.scalar(select(Debate).where(Debate.decision_id == decision.id))
    return _context(user, case, decision, debate)


def open_post(user, post_id: int) -> tuple[DebateContext, Post]:
    """A post and its debate, or 404 when either is missing or locked for this reader."""
    row = db.session.execute(
        select(Post, Debate).join(Debate, Post.debate_id == Debate.id).where(Post.id == post_id)
    ).first()
    if row is None:
        abort(404)
    post, debate = row
    decision = db.session.get(Decision, debate.decision_id)
    case = _load_case(id=decision.case_id)
    decision = (
        next((d for d in case.decisions if d.id == debate.decision_id), None) if case else None
    )
    return _context(user, case, decision, debate), post
