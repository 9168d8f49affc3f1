"""The facilitator's dashboard: per decision of the programme, who committed what (with
rationale and confidence), participation, agreement with the real choice, the cohort's
calibration, the cohort against all leaders and against the facilitator's other cohorts
on the same case; across the programme, each member's first and latest Brier score.

Case text, outcomes and the all-leaders distribution come from the reading model as the
facilitator reading the page may see them (a co-facilitator who is a plain leader sees
no outcome they have not unlocked, so no agreement or score either). A forecast counts
towards a Brier score only once its member has done the hindsight check: until then the
forecast stays sealed, here too.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select

from ..accounts.models import User
from ..cases.models import Decision
from ..decisions.models import Commitment, Reflection
from ..decisions.reading import read_published
from ..decisions.scoring import brier_score, mean, percent
from ..extensions import db
from .access import Seat
from .models import LEAD, MEMBER, CohortAssignment, CohortMember


@dataclass(frozen=True)
class MemberChoice:
    name: str
    option_label: str
    confidence: int
    rationale_html: Markup
    matched: bool | None  # None while the outcome is not open to the facilitator


@dataclass(frozen=True)
class OptionRow:
    label: str
    text_html: Markup
    is_actual: bool
    cohort: int
    cohort_percent: int
    all_percent: int | None  # all leaders, once the distribution is open


@dataclass(frozen=True)
class DecisionBoard:
    id: int
    number: int
    question: str | None  # None while hidden from the facilitator
    committed: int
    members: int
    choices: tuple[MemberChoice, ...]
    options: tuple[OptionRow, ...]
    agreement: int | None  # % of the cohort's choices that were the real one
    mean_confidence: float | None
    other_cohorts: tuple[int, int] | None  # (matched %, choices) of the lead's other cohorts
    actual_choice: str | None = None  # these three only once the outcome is open
    outcome_html: Markup | None = None
    hindsight_html: Markup | None = None


@dataclass(frozen=True)
class CaseBoard:
    title: str
    slug: str
    decisions: tuple[DecisionBoard, ...]


@dataclass(frozen=True)
class MemberScores:
    name: str
    forecasts: int
    first: float | None
    latest: float | None


@dataclass(frozen=True)
class Dashboard:
    cases: tuple[CaseBoard, ...]
    scores: tuple[MemberScores, ...]


def dashboard(seat: Seat, reader) -> Dashboard:
    cohort_id = seat.cohort.id
    case_ids = list(db.session.scalars(
        select(CohortAssignment.case_id).where(CohortAssignment.cohort_id == cohort_id)
        .order_by(CohortAssignment.due_at, CohortAssignment.id)))
    views = read_published(reader, case_ids, preview=True, distributions=True)
    rows = _member_commitments(cohort_id, Decision.case_id.in_(case_ids))
    by_decision = defaultdict(list)
    for row in rows:
        by_decision[row.decision_id].append(row)
    others = _other_cohorts(cohort_id, case_ids)
    actual_of: dict[int, str] = {}
    cases = []
    for case_id in case_ids:
        view = views.get(case_id)
        if view is None:
            continue
        boards = []
        for decision in view.decisions:
            actual = decision.actual_choice
            if actual is not None:
                actual_of[decision.id] = actual
            boards.append(_board(decision, by_decision.get(decision.id, ()), seat.cohort.members,
                                 actual, others.get(decision.id)))
        cases.append(CaseBoard(view.facts.title, view.facts.slug, tuple(boards)))
    return Dashboard(tuple(cases), _scores(rows, actual_of))


def decision_board(seat: Seat, reader, case_id: int, decision_id: int) -> DecisionBoard | None:
    """One decision's board (the live session's projector), or None if it is not in the
    reader's view of the case."""
    view = read_published(reader, [case_id], preview=True, distributions=True).get(case_id)
    decision = view.decision_by_id(decision_id) if view else None
    if decision is None:
        return None
    rows = _member_commitments(seat.cohort.id, Commitment.decision_id == decision_id)
    other = _other_cohorts(seat.cohort.id, [case_id]).get(decision_id)
    return _board(decision, rows, seat.cohort.members, decision.actual_choice, other)


def _member_commitments(cohort_id: int, which):
    """The cohort members' commitments matching `which`, in the order they were sealed."""
    return db.session.execute(
        select(Commitment.user_id, User.display_name, Commitment.decision_id,
               Commitment.option_label, Commitment.confidence, Commitment.rationale_html,
               Commitment.forecast_label, Commitment.forecast_probability,
               Commitment.created_at, Reflection.id.label("reflection_id"))
        .join(CohortMember, CohortMember.user_id == Commitment.user_id)
        .join(User, User.id == Commitment.user_id)
        .join(Decision, Decision.id == Commitment.decision_id)
        .outerjoin(Reflection, Reflection.commitment_id == Commitment.id)
        .where(CohortMember.cohort_id == cohort_id, CohortMember.role == MEMBER, which)
        .order_by(Commitment.created_at, Commitment.id)
    ).all()


def _board(decision, rows, members: int, actual, other) -> DecisionBoard:
    counts = Counter(row.option_label for row in rows)
    shares = {s.label: s.percent for s in decision.distribution.shares} if (
        decision.distribution is not None and not decision.distribution.too_few) else {}
    matched = [row.option_label == actual for row in rows] if actual is not None else []
    other_cohorts = None
    if actual is not None and other:
        other_cohorts = (percent(sum(label == actual for label in other), len(other)), len(other))
    return DecisionBoard(
        id=decision.id, number=decision.number, question=decision.question,
        committed=len(rows), members=members,
        choices=tuple(MemberChoice(row.display_name, row.option_label, row.confidence,
                                   Markup(row.rationale_html),
                                   None if actual is None else row.option_label == actual)
                      for row in sorted(rows, key=lambda r: r.display_name.casefold())),
        options=tuple(OptionRow(o.label, Markup(o.html), o.label == actual, counts[o.label],
                                percent(counts[o.label], len(rows)), shares.get(o.label))
                      for o in decision.options),
        agreement=percent(sum(matched), len(matched)) if matched else None,
        mean_confidence=mean(row.confidence for row in rows),
        other_cohorts=other_cohorts,
        actual_choice=actual,
        outcome_html=Markup(decision.outcome_html) if decision.outcome_html else None,
        hindsight_html=Markup(decision.hindsight_html) if decision.hindsight_html else None,
    )


def _other_cohorts(cohort_id: int, case_ids: list[int]) -> dict[int, list[str]]:
    """{decision id: options chosen by members of the lead's other cohorts on the case}."""
    lead = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id,
                                              CohortMember.role == LEAD).scalar_subquery()
    led = select(CohortMember.cohort_id).where(CohortMember.user_id == lead,
                                               CohortMember.role == LEAD,
                                               CohortMember.cohort_id != cohort_id)
    members = select(CohortMember.user_id).where(CohortMember.cohort_id.in_(led),
                                                 CohortMember.role == MEMBER)
    found: dict[int, list[str]] = defaultdict(list)
    for _, decision_id, label in db.session.execute(
        select(Commitment.id, Commitment.decision_id, Commitment.option_label)
        .join(Decision, Decision.id == Commitment.decision_id)
        .join(CohortAssignment, (CohortAssignment.case_id == Decision.case_id)
              & CohortAssignment.cohort_id.in_(led))
        .where(Decision.case_id.in_(case_ids), Commitment.user_id.in_(members))
        .distinct()  # a member of two such cohorts counts once
    ):
        found[decision_id].append(label)
    return found


def _scores(rows, actual_of: dict[int, str]) -> tuple[MemberScores, ...]:
    scored: dict[str, list[float]] = defaultdict(list)
    names = {}
    for row in rows:  # in the order they were sealed
        names[row.user_id] = row.display_name
        actual = actual_of.get(row.decision_id)
        if (row.forecast_label is None or row.forecast_probability is None
                or row.reflection_id is None or actual is None):
            continue
        scored[row.user_id].append(brier_score(row.forecast_probability, row.forecast_label == actual))
    return tuple(
        MemberScores(names[user], len(scored.get(user, ())),
                     scored[user][0] if scored.get(user) else None,
                     scored[user][-1] if scored.get(user) else None)
        for user in sorted(names, key=lambda u: names[u].casefold())
    )
