"""The cohort's commitments as a CSV file, for its facilitators: one row per member's
commitment on a decision of the programme, with the rationale they sealed.

The case text in it comes from the reading model, as the facilitator reading it sees
it: a decision still hidden from them is named by its number only, and whether a choice
matched the real one is left empty until the facilitator may see the outcome.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some read a leading
tab or carriage return the same way) as a formula, so such a cell is written with a
leading apostrophe: members write the rationales, and a facilitator opens the file.
"""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from ..accounts.models import User
from ..cases.models import Decision
from ..decisions.models import Commitment
from ..decisions.reading import read_published
from ..extensions import db
from .access import Seat
from .models import MEMBER, CohortAssignment, CohortMember

HEADER = ("Member", "Case", "Decision", "Question", "Option", "Confidence (%)",
          "Rationale", "Committed at (UTC)", "Same as the real choice")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: object) -> str:
    """The cell as text a spreadsheet shows as text, never runs."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def cohort_csv(seat: Seat, reader) -> str:
    case_ids = db.session.scalars(
        select(CohortAssignment.case_id).where(CohortAssignment.cohort_id == seat.cohort.id)
    ).all()
    views = read_published(reader, case_ids, preview=True)
    rows = db.session.execute(
        select(User.display_name, User.deleted_at, Decision.case_id, Decision.id,
               Decision.number, Commitment.option_label, Commitment.confidence,
               Commitment.rationale_source, Commitment.created_at)
        .join(CohortMember, CohortMember.user_id == Commitment.user_id)
        .join(User, User.id == Commitment.user_id)
        .join(Decision, Decision.id == Commitment.decision_id)
        .where(CohortMember.cohort_id == seat.cohort.id, CohortMember.role == MEMBER,
               Decision.case_id.in_(case_ids))
        .order_by(Decision.case_id, Decision.number, User.display_name, Commitment.id)
    ).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for name, deleted_at, case_id, decision_id, number, label, confidence, rationale, at in rows:
        view = views.get(case_id)
        if view is None:  # no longer published
            continue
        decision = view.decision_by_id(decision_id)
        question = decision.question if decision else "(hidden until you commit on the decisions before it)"
        actual = decision.actual_choice if decision is not None else None
        matched = "" if actual is None else ("yes" if label == actual else "no")
        writer.writerow([neutralised(cell) for cell in (
            "former member" if deleted_at else name, view.facts.title, number, question, label,
            confidence, rationale, at.strftime("%Y-%m-%d %H:%M"), matched,
        )])
    return out.getvalue()
