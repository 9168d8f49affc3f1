"""The programme: cases assigned to a cohort with a due date and session notes, and per
assigned decision the cohort's state (reveal open, held or revealed; commitments open
or closed). Plain functions: they flush, the request commits once.
"""
from __future__ import annotations

from sqlalchemy import delete, select

from ..cases.models import PUBLISHED, Case, Decision
from ..cases.slugs import is_valid_slug
from ..clock import utcnow
from ..domain import Conflict, Invalid, NotFound
from ..extensions import db
from ..markdown import RENDERER_VERSION, MarkdownRejected, render_markdown
from . import fields
from .access import Seat
from .holds import forget_holds
from .live_version import bump
from .models import (
    CLOSED,
    HELD,
    NOTES_MAX,
    OPEN,
    REVEALED,
    CohortAssignment,
    CohortDecisionState,
)


def _notes(source) -> tuple[str, str]:
    text = fields.clean_text(source or "", "notes", "The text of the session notes", NOTES_MAX,
                             required=False)
    if not text:
        return "", ""
    try:
        return text, render_markdown(text)
    except MarkdownRejected as problem:
        raise Invalid(str(problem) or "These notes cannot be displayed safely.", "notes") from None


def _published_case(slug) -> Case:
    case = None
    if isinstance(slug, str) and is_valid_slug(slug.strip()):
        case = db.session.scalar(
            select(Case).where(Case.slug == slug.strip(), Case.status == PUBLISHED))
    if case is None:
        raise Invalid("Choose a case from the library.", "case")
    return case


def assign_case(seat: Seat, case_slug, due_date, due_time, notes, hold) -> CohortAssignment:
    """Add a case to the programme; `hold` keeps every decision's reveal for the facilitator."""
    problems: list[Invalid] = []
    case = fields.collect(problems, lambda: _published_case(case_slug))
    due_at = fields.collect(problems, lambda: fields.local_moment(
        due_date, due_time, seat.cohort.time_zone))
    notes = fields.collect(problems, lambda: _notes(notes))
    if case is not None and db.session.scalar(select(CohortAssignment.id).where(
            CohortAssignment.cohort_id == seat.cohort.id, CohortAssignment.case_id == case.id)):
        problems.append(Invalid("This case is already in the programme.", "case"))
    if problems:
        raise Invalid.collect(problems)
    assignment = CohortAssignment(
        cohort_id=seat.cohort.id, case_id=case.id, due_at=due_at, notes_source=notes[0],
        notes_html=notes[1], renderer_version=RENDERER_VERSION,
    )
    db.session.add(assignment)
    decision_ids = db.session.scalars(select(Decision.id).where(Decision.case_id == case.id))
    for decision_id in decision_ids:
        db.session.add(CohortDecisionState(
            cohort_id=seat.cohort.id, decision_id=decision_id, reveal=HELD if hold else OPEN,
            commitments=OPEN))
    db.session.flush()
    forget_holds()
    bump(seat.cohort.id)  # pages following the cohort fetch afresh
    return assignment


def _assignment(seat: Seat, assignment_id: int) -> CohortAssignment:
    assignment = db.session.get(CohortAssignment, assignment_id)
    if assignment is None or assignment.cohort_id != seat.cohort.id:
        raise NotFound()
    return assignment


def edit_assignment(seat: Seat, assignment_id: int, due_date, due_time, notes) -> None:
    assignment = _assignment(seat, assignment_id)
    problems: list[Invalid] = []
    due_at = fields.collect(problems, lambda: fields.local_moment(
        due_date, due_time, seat.cohort.time_zone))
    notes = fields.collect(problems, lambda: _notes(notes))
    if problems:
        raise Invalid.collect(problems)
    assignment.due_at = due_at
    assignment.notes_source, assignment.notes_html = notes
    assignment.renderer_version = RENDERER_VERSION
    db.session.flush()


def remove_assignment(seat: Seat, assignment_id: int) -> None:
    """Take the case out of the programme; its holds and closings go with it."""
    assignment = _assignment(seat, assignment_id)
    decision_ids = select(Decision.id).where(Decision.case_id == assignment.case_id)
    db.session.execute(delete(CohortDecisionState).where(
        CohortDecisionState.cohort_id == seat.cohort.id,
        CohortDecisionState.decision_id.in_(decision_ids)))
    db.session.delete(assignment)
    db.session.flush()
    forget_holds()
    bump(seat.cohort.id)  # pages following the cohort fetch afresh


def decision_state(seat: Seat, decision_id: int) -> CohortDecisionState:
    """The state of a decision of an assigned case; NotFound for any other decision."""
    state = db.session.get(CohortDecisionState, (seat.cohort.id, decision_id))
    if state is None:
        raise NotFound()
    return state


def hold_reveal(seat: Seat, decision_id: int) -> None:
    state = decision_state(seat, decision_id)
    if state.reveal == HELD:
        raise Conflict("The reveal of this decision is already held.")
    if state.reveal == REVEALED:
        raise Conflict("This decision was revealed to the cohort; it cannot be hidden again.")
    state.reveal = HELD
    db.session.flush()
    forget_holds()
    bump(seat.cohort.id)  # pages following the cohort fetch afresh


def reveal(seat: Seat, decision_id: int) -> None:
    state = decision_state(seat, decision_id)
    if state.reveal != HELD:
        raise Conflict("This decision is not held: its outcome is already open to members "
                       "who committed.")
    state.reveal, state.revealed_at = REVEALED, utcnow()
    db.session.flush()
    forget_holds()
    bump(seat.cohort.id)  # pages following the cohort fetch afresh


def close_commitments(seat: Seat, decision_id: int) -> None:
    state = decision_state(seat, decision_id)
    if state.commitments == CLOSED:
        raise Conflict("Commitments on this decision are already closed.")
    state.commitments, state.closed_at = CLOSED, utcnow()
    db.session.flush()
    forget_holds()
    bump(seat.cohort.id)  # pages following the cohort fetch afresh


def reopen_commitments(seat: Seat, decision_id: int) -> None:
    state = decision_state(seat, decision_id)
    if state.commitments == OPEN:
        raise Conflict("Commitments on this decision are already open.")
    state.commitments, state.closed_at = OPEN, None
    db.session.flush()
    forget_holds()
    bump(seat.cohort.id)  # pages following the cohort fetch afresh
