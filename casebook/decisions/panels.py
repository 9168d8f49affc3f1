"""What the decisions feature adds to lower features, through panel slots
(casebook/panels.py), so they never import or include it: the library's progress
badges, "continue where you left off" and the hindsight checks ready (also on the
notifications page), the header's "My decisions" (with that number), and the labels
leaders chose for the importer's guard.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from ..cases.models import PUBLISHED, Case, Decision
from ..extensions import db
from ..panels import Panel, provides
from .models import Commitment, DecisionTally
from .reading import read_published
from .waiting import ready_checks

CONTINUE_LIMIT = 3


@dataclass(frozen=True)
class Progress:
    committed: int
    total: int


@dataclass(frozen=True)
class CaseInProgress:
    slug: str
    title: str
    committed: int
    total: int
    next_key: str | None  # the first visible decision still open to the reader (the anchor)


@provides("nav", order=10)
def my_decisions_link(user, **_) -> Panel:
    """The header's link, with the number of hindsight checks ready for the leader."""
    return Panel("decisions/_nav.html", len(ready_checks(user)))


@provides("library.top", order=5)
@provides("notifications.top", order=5)
def ready_checks_panel(user, **_) -> Panel | None:
    """When a leader comes back (the library, their notifications): the hindsight
    checks that opened meanwhile."""
    ready = ready_checks(user)
    return Panel("decisions/_ready_checks.html", ready) if ready else None


@provides("library.case")
def progress_badges(keys: list[int], user, **_) -> dict[int, Panel]:
    """A "2 of 3 committed" badge per case on the page (one query for the page)."""
    return {
        case_id: Panel("decisions/_progress.html", progress)
        for case_id, progress in progress_for(user, keys).items()
        if progress.committed
    }


@provides("library.top")
def continue_panel(user, **_) -> Panel | None:
    items = in_progress_cases(user)
    return Panel("decisions/_continue.html", tuple(items)) if items else None


def progress_for(user, case_ids: Iterable[int]) -> dict[int, Progress]:
    """{case_id: Progress} in one query; {} when anonymous."""
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
    return {case_id: Progress(committed, total) for case_id, committed, total in rows}


def in_progress_cases(user, limit: int = CONTINUE_LIMIT) -> list[CaseInProgress]:
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
    rows = db.session.execute(
        select(Case.id, mine.c.committed, Case.decision_count)
        .join(mine, mine.c.case_id == Case.id)
        .where(Case.status == PUBLISHED, mine.c.committed < Case.decision_count)
        .order_by(mine.c.last_at.desc(), Case.id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    # The anchor comes from the reader's own view: a decision still hidden from them
    # (held by a facilitator, say) must not show even its id.
    views = read_published(user, [case_id for case_id, _, _ in rows])
    items = []
    for case_id, committed, total in rows:
        view = views.get(case_id)
        if view is None:
            continue
        next_open = next((d for d in view.decisions if d.commitment is None), None)
        last_visible = view.decisions[-1] if view.decisions else None
        anchor = next_open or last_visible
        items.append(
            CaseInProgress(
                slug=view.facts.slug,
                title=view.facts.title,
                committed=committed,
                total=total,
                next_key=anchor.key if anchor else None,
            )
        )
    return items


@provides("cases.chosen_labels")
def chosen_labels(decision_ids: list[int], **_) -> Panel:
    """For the importer's guard: labels leaders committed to, per decision (one query)."""
    rows = db.session.execute(
        select(DecisionTally.decision_id, DecisionTally.option_label)
        .where(DecisionTally.decision_id.in_(decision_ids), DecisionTally.leaders > 0)
        .distinct()
    )
    chosen: dict[int, set[str]] = {}
    for decision_id, label in rows:
        chosen.setdefault(decision_id, set()).add(label)
    return Panel(None, chosen)
