"""A live session: the facilitator puts one assigned decision on screen, may run a timer,
closes commitments and reveals; the projector and every member's page follow.

Plain functions: they flush (through live_version.bump, which raises the version the
followers watch), the request commits once. What each page shows is built here as
frozen data through the reading model, never from the live row alone.

The projector shows a decision's result (the cohort against all leaders, and the real
choice) only once the room may see it: when the facilitator has revealed a held
decision, or closed commitments on one left open. Until then it shows the question,
the options, how many members have committed and the timer: nothing a member has not.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select

from ..cases.models import Case, Decision
from ..clock import as_utc, utcnow
from ..db import read_rows
from ..decisions.models import Commitment
from ..decisions.reading import read_published
from ..domain import Conflict, NotFound
from ..extensions import db
from . import fields
from .access import Seat
from .dashboard import DecisionBoard, decision_board
from .live_version import bump
from .models import (
    CLOSED,
    MEMBER,
    OPEN,
    REVEALED,
    TIMER_MINUTES_MAX,
    CohortDecisionState,
    CohortLive,
    CohortMember,
)


@dataclass(frozen=True)
class OnScreen:
    """The decision on screen, as the person looking may see it."""

    id: int
    number: int
    case_slug: str
    case_key: str  # the decision's id in the case file (its anchor on the case page)
    case_title: str
    question: str | None  # None while hidden from this person
    reveal: str  # the cohort's state: "open" | "held" | "revealed"
    commitments: str  # "open" | "closed"


@dataclass(frozen=True)
class LiveState:
    """What a page following the session shows, and the version it was drawn at."""

    version: int
    on_screen: OnScreen | None
    timer_ends_at: datetime | None
    committed: int  # members who committed on the decision on screen
    members: int
    board: DecisionBoard | None = None  # for facilitators: options, counts, result
    result_open: bool = False  # the room may see the result (projector)
    mine: str | None = None  # a member's part: "to do" | "committed" | "revealed"
    timer_label: str = ""  # when the timer ends, in the cohort's time zone ("14:32")

    @property
    def timer_running(self) -> bool:
        return self.timer_ends_at is not None and self.timer_ends_at > utcnow()


def show_decision(seat: Seat, decision_id: int) -> None:
    """Put an assigned decision on screen (any timer stops)."""
    if db.session.get(CohortDecisionState, (seat.cohort.id, decision_id)) is None:
        raise NotFound()
    bump(seat.cohort.id, decision_id=decision_id, timer_ends_at=None)


def start_timer(seat: Seat, minutes) -> None:
    count = fields.whole_number(minutes, 1, TIMER_MINUTES_MAX, "minutes", "The timer's minutes")
    row = _live_row(seat.cohort.id)
    if row is None or row.decision_id is None:
        raise Conflict("Put a decision on screen before starting the timer.")
    bump(seat.cohort.id, timer_ends_at=utcnow() + timedelta(minutes=count))


def stop_timer(seat: Seat) -> None:
    bump(seat.cohort.id, timer_ends_at=None)


def end_session(seat: Seat) -> None:
    """Take the decision off screen; members' pages stop following the session."""
    bump(seat.cohort.id, decision_id=None, timer_ends_at=None)


def _live_row(cohort_id: int) -> CohortLive | None:
    return db.session.get(CohortLive, cohort_id)


# How many members committed on the decision on screen (facilitators not counted).
_COMMITTED = (
    select(func.count()).select_from(Commitment)
    .join(CohortLive, CohortLive.decision_id == Commitment.decision_id)
    .join(CohortMember, (CohortMember.user_id == Commitment.user_id)
          & (CohortMember.cohort_id == CohortLive.cohort_id) & (CohortMember.role == MEMBER))
    .where(CohortLive.cohort_id == bindparam("cohort_id"))
)


def committed_on_screen(cohort_id: int) -> int:
    """Members of the cohort who committed on the decision it has on screen."""
    return read_rows(_COMMITTED, {"cohort_id": cohort_id}).scalar() or 0


def live_state(seat: Seat, user) -> LiveState:
    """The session as this person may see it: a facilitator gets the board and result."""
    row = _live_row(seat.cohort.id)
    version = row.version if row else 0
    timer = as_utc(row.timer_ends_at) if row and row.timer_ends_at else None
    found = _on_screen(seat, user, row.decision_id if row else None)
    if found is None:
        return LiveState(version, None, None, 0, seat.cohort.members)
    on_screen, case_id, decision = found
    committed = committed_on_screen(seat.cohort.id)
    extra = {"timer_label": _clock(timer, seat.cohort.time_zone)} if timer else {}
    if not seat.facilitating:
        mine = ("to do" if decision is None or decision.commitment is None
                else "revealed" if decision.unlocked else "committed")
        return LiveState(version, on_screen, timer, committed, seat.cohort.members, mine=mine,
                         **extra)
    result_open = on_screen.reveal == REVEALED or (
        on_screen.reveal == OPEN and on_screen.commitments == CLOSED)
    board = decision_board(seat, user, case_id, on_screen.id)
    return LiveState(version, on_screen, timer, committed, seat.cohort.members, board=board,
                     result_open=result_open and board is not None
                     and board.actual_choice is not None, **extra)


def _clock(moment: datetime, zone: str) -> str:
    return f"{moment.astimezone(ZoneInfo(zone)):%H:%M} ({zone})"


def _on_screen(seat: Seat, user, decision_id: int | None):
    if decision_id is None:
        return None
    row = db.session.execute(
        select(Decision.number, Decision.key, Decision.case_id, Case.slug, Case.title,
               CohortDecisionState.reveal, CohortDecisionState.commitments)
        .join(Case, Case.id == Decision.case_id)
        .join(CohortDecisionState, (CohortDecisionState.decision_id == Decision.id)
              & (CohortDecisionState.cohort_id == seat.cohort.id))
        .where(Decision.id == decision_id)
    ).first()
    if row is None:  # no longer assigned
        return None
    # The question only as this person's own view of the case shows it.
    view = read_published(user, [row.case_id], preview=seat.facilitating).get(row.case_id)
    decision = view.decision_by_id(decision_id) if view else None
    return OnScreen(
        id=decision_id, number=row.number, case_slug=row.slug, case_key=row.key,
        case_title=row.title, question=decision.question if decision else None,
        reveal=row.reveal, commitments=row.commitments,
    ), row.case_id, decision
