"""What cohort pages show, as frozen data built through the reading model.

A decision's question is shown only where the reader's own view of the case shows it
(a later decision's question is hidden until the earlier ones are unlocked), so the
programme says no more than the case page would. Facilitators who may preview cases
(decisions.reading.can_preview) see every question.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..cases.models import PUBLISHED, Case, Decision
from ..clock import as_utc, utcnow
from ..decisions.models import Commitment
from ..decisions.reading import can_preview, read_published
from ..extensions import db
from .access import Seat
from .holds import holds_for
from .rooms import room_post_counts
from .models import (
    MEMBER,
    Cohort,
    CohortAssignment,
    CohortDecisionState,
    CohortMember,
)

DUE_SOON = timedelta(days=7)


@dataclass(frozen=True)
class DecisionLine:
    id: int
    number: int
    question: str | None  # None while hidden from this reader
    reveal: str  # "open" | "held" | "revealed" (the cohort's state)
    commitments: str  # "open" | "closed"
    mine: str | None = None  # a member's part: "to do", "closed", "waiting", "open"
    committed_members: int = 0  # for facilitators: how many members committed
    key: str = ""
    room_posts: int = 0  # live posts in the cohort's own debate of the decision
    room_open: bool = False  # this reader may read the cohort's debate now (rooms.py)


@dataclass(frozen=True)
class ProgrammeItem:
    assignment_id: int
    case_slug: str
    case_title: str
    case_level: str
    due_iso: str
    due_label: str  # in the cohort's time zone
    due_date: str  # YYYY-MM-DD there, for the edit form
    due_time: str  # HH:MM there
    notes_html: str
    notes_source: str
    decisions: tuple[DecisionLine, ...]
    committed: int  # the reader's commitments on the case
    total: int
    status: str  # "done" | "overdue" | "due soon" | "upcoming"


def local_label(moment: datetime, zone: str) -> str:
    here = as_utc(moment).astimezone(ZoneInfo(zone))
    return f"{here:%a} {here.day} {here:%b %Y, %H:%M} ({zone})"


def _status(done: bool, due_at: datetime, now: datetime) -> str:
    if done:
        return "done"
    if due_at <= now:
        return "overdue"
    return "due soon" if due_at - now <= DUE_SOON else "upcoming"


def programme_for(user, seat: Seat) -> tuple[ProgrammeItem, ...]:
    """The cohort's programme, soonest first, as this person may see it."""
    rows = db.session.execute(
        select(CohortAssignment, Case.slug, Case.title, Case.level, Case.decision_count)
        .join(Case, Case.id == CohortAssignment.case_id)
        .where(CohortAssignment.cohort_id == seat.cohort.id)
        .order_by(CohortAssignment.due_at, CohortAssignment.id)
    ).all()
    if not rows:
        return ()
    case_ids = [a.case_id for a, *_ in rows]
    views = read_published(user, case_ids, preview=seat.facilitating and can_preview(user))
    states = {
        s.decision_id: s for s in db.session.scalars(select(CohortDecisionState).where(
            CohortDecisionState.cohort_id == seat.cohort.id))
    }
    counts = _member_counts(seat.cohort.id, list(states)) if seat.facilitating else {}
    room_posts = room_post_counts(seat.cohort.id, list(states))
    closed = holds_for(user, case_ids).closed
    now = utcnow()
    items = []
    for assignment, slug, title, level, total in rows:
        view = views.get(assignment.case_id)
        if view is None:  # withdrawn from the library since it was assigned
            continue
        visible = {d.number: d for d in view.decisions}
        lines = []
        for number in range(1, total + 1):
            decision = visible.get(number)
            state_id = decision.id if decision else None
            lines.append(_line(number, decision, states.get(state_id), counts, closed,
                               seat.facilitating, room_posts))
        mine = sum(1 for d in view.decisions if d.commitment is not None)
        due_at = as_utc(assignment.due_at)
        here = due_at.astimezone(ZoneInfo(seat.cohort.time_zone))
        items.append(ProgrammeItem(
            assignment_id=assignment.id, case_slug=slug, case_title=title, case_level=level,
            due_iso=due_at.isoformat(), due_label=local_label(due_at, seat.cohort.time_zone),
            due_date=f"{here:%Y-%m-%d}", due_time=f"{here:%H:%M}",
            notes_html=assignment.notes_html,
            notes_source=assignment.notes_source if seat.facilitating else "",
            decisions=tuple(line for line in lines if line is not None),
            committed=mine, total=total,
            status=_status(bool(total) and mine >= total, due_at, now),
        ))
    return tuple(items)


def _line(number, decision, state, counts, closed, facilitating, room_posts) -> DecisionLine | None:
    if decision is None:
        # Hidden from this reader: its number only (the case page says as much).
        return DecisionLine(id=0, number=number, question=None, reveal="", commitments="")
    if state is None:  # added to the case after it was assigned: not the cohort's
        return None
    mine = None
    if not facilitating:
        if decision.commitment is None:
            mine = "closed" if decision.id in closed else "to do"
        else:
            mine = "waiting" if decision.held else "open"
    return DecisionLine(
        id=decision.id, number=number, question=decision.question, reveal=state.reveal,
        commitments=state.commitments, mine=mine,
        committed_members=counts.get(decision.id, 0),
        key=decision.key, room_posts=room_posts.get(decision.id, 0),
        # The room's rule (debates/rooms.py): facilitators always; members once committed.
        room_open=facilitating or decision.commitment is not None,
    )


def _member_counts(cohort_id: int, decision_ids: list[int]) -> dict[int, int]:
    if not decision_ids:
        return {}
    return dict(db.session.execute(
        select(Commitment.decision_id, func.count())
        .join(CohortMember, CohortMember.user_id == Commitment.user_id)
        .where(CohortMember.cohort_id == cohort_id, CohortMember.role == MEMBER,
               Commitment.decision_id.in_(decision_ids))
        .group_by(Commitment.decision_id)
    ).all())


@dataclass(frozen=True)
class CohortCard:
    """A cohort on the reader's list: their part in it and what comes next."""

    id: int
    name: str
    role: str
    next_title: str | None = None
    next_due: str | None = None
    next_status: str | None = None
    done: int = 0  # assignments this member has finished
    assigned: int = 0


def my_cohorts(user) -> tuple[CohortCard, ...]:
    """The reader's cohorts, by name, each with the next assignment still to do."""
    if not getattr(user, "is_authenticated", False):
        return ()
    seats = db.session.execute(
        select(Cohort.id, Cohort.name, Cohort.time_zone, CohortMember.role)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user.id)
        .order_by(Cohort.name, Cohort.id)
    ).all()
    if not seats:
        return ()
    due = _assignments_with_progress(user, [s.id for s in seats])
    now = utcnow()
    cards = []
    for cohort_id, name, zone, role in seats:
        items = due.get(cohort_id, [])
        pending = [(at, title) for at, title, done in items if not done]
        card = CohortCard(id=cohort_id, name=name, role=role, assigned=len(items),
                          done=sum(1 for *_, done in items if done))
        if pending and role == MEMBER:
            at, title = min(pending)
            card = replace(card, next_title=title, next_due=local_label(at, zone),
                           next_status=_status(False, at, now))
        cards.append(card)
    return tuple(cards)


def _assignments_with_progress(user, cohort_ids) -> dict[int, list[tuple[datetime, str, bool]]]:
    """{cohort id: [(due at, case title, all decisions committed by the reader)]}."""
    mine = (
        select(Commitment.decision_id).where(Commitment.user_id == user.id).subquery()
    )
    rows = db.session.execute(
        select(CohortAssignment.cohort_id, CohortAssignment.due_at, Case.title,
               Case.decision_count, func.count(mine.c.decision_id))
        .join(Case, Case.id == CohortAssignment.case_id)
        .outerjoin(Decision, Decision.case_id == Case.id)
        .outerjoin(mine, mine.c.decision_id == Decision.id)
        .where(CohortAssignment.cohort_id.in_(cohort_ids))
        .group_by(CohortAssignment.id, CohortAssignment.cohort_id, CohortAssignment.due_at,
                  Case.title, Case.decision_count)
    ).all()
    found: dict[int, list] = {}
    for cohort_id, due_at, title, total, committed in rows:
        found.setdefault(cohort_id, []).append((as_utc(due_at), title, committed >= total))
    return found


@dataclass(frozen=True)
class Reminder:
    cohort_id: int
    cohort_name: str
    case_title: str
    due_label: str
    status: str  # "overdue" | "due soon"


def reminders(user) -> tuple[Reminder, ...]:
    """Assignments of the reader's cohorts due within a week or overdue, not yet done."""
    found = []
    for card in my_cohorts(user):
        if card.next_status in ("overdue", "due soon"):
            found.append(Reminder(card.id, card.name, card.next_title, card.next_due,
                                  card.next_status))
    return tuple(found)


@dataclass(frozen=True)
class CaseChoice:
    slug: str
    title: str
    level: str


def assignable_cases(seat: Seat) -> tuple[CaseChoice, ...]:
    """Published cases not yet in the programme; the cohort's own level first."""
    assigned = select(CohortAssignment.case_id).where(CohortAssignment.cohort_id == seat.cohort.id)
    rows = db.session.execute(
        select(Case.slug, Case.title, Case.level)
        .where(Case.status == PUBLISHED, Case.id.not_in(assigned))
        .order_by(Case.title)
    ).all()
    choices = [CaseChoice(*row) for row in rows]
    return tuple(sorted(choices, key=lambda c: c.level != seat.cohort.level))
