"""A leader's own track record: every commitment, what is known of it, and summaries.

What a row may show follows the gate: whether the choice matched the real one, the
real choice itself and the Brier score appear only once the decision's outcome is
unlocked for this leader (a cohort hold keeps them back). The sealed forecast's
probability opens only after the leader answered the hindsight check.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..cases.models import Case, Decision, DecisionOption
from ..extensions import db
from . import gate
from .gate import ReaderState, unlocked_prefix
from .models import Commitment, Reflection, TrackRecordSharing
from .scoring import CalibrationBin, brier_score, calibration, hindsight_gap, mean


@dataclass(frozen=True)
class TrackEntry:
    commitment: Commitment
    decision: Decision
    case: Case
    reflection: Reflection | None
    revealed: bool  # the outcome is unlocked for this leader

    @property
    def actual_label(self) -> str | None:
        return self.decision.actual_choice if self.revealed else None

    @property
    def actual_option(self) -> DecisionOption | None:
        return self.decision.option(self.decision.actual_choice) if self.revealed else None

    @property
    def chosen_option(self) -> DecisionOption | None:
        return self.decision.option(self.commitment.option_label)

    @property
    def matched(self) -> bool | None:
        """Whether the option equals the organization's real choice; None while hidden."""
        if not self.revealed:
            return None
        return self.commitment.option_label == self.decision.actual_choice

    @property
    def forecast_open(self) -> bool:
        """The sealed forecast probability may show: revealed and hindsight check answered."""
        return (
            self.commitment.forecast_label is not None
            and self.revealed
            and self.reflection is not None
        )

    @property
    def forecast_happened(self) -> bool | None:
        if self.commitment.forecast_label is None or not self.revealed:
            return None
        return self.commitment.forecast_label == self.decision.actual_choice

    @property
    def brier(self) -> float | None:
        if not self.forecast_open:
            return None
        return brier_score(self.commitment.forecast_probability, bool(self.forecast_happened))

    @property
    def hindsight_gap(self) -> int | None:
        if not self.forecast_open or self.reflection.recalled_probability is None:
            return None
        return hindsight_gap(
            self.commitment.forecast_probability,
            self.reflection.recalled_probability,
            bool(self.forecast_happened),
        )


@dataclass(frozen=True)
class Totals:
    name: str
    committed: int
    revealed: int
    matched: int
    mean_confidence: float | None
    scored_forecasts: int
    mean_brier: float | None

    @property
    def match_rate(self) -> float | None:
        return self.matched / self.revealed if self.revealed else None


@dataclass(frozen=True)
class HindsightPeriod:
    month: str  # YYYY-MM of the reflections
    count: int
    mean_gap: float


@dataclass(frozen=True)
class TrackRecord:
    entries: list[TrackEntry]
    overall: Totals
    by_competency: list[Totals]
    by_level: list[Totals]
    calibration: list[CalibrationBin]
    hindsight: list[HindsightPeriod]
    hindsight_mean: float | None
    sharing: bool


def track_record(user) -> TrackRecord:
    """Everything on the user's "My decisions" page, in a fixed number of queries."""
    entries = _entries(user)
    revealed = [e for e in entries if e.revealed]
    gaps = [e for e in entries if e.hindsight_gap is not None]
    sharing = db.session.get(TrackRecordSharing, user.id)
    return TrackRecord(
        entries=entries,
        overall=_totals("All decisions", entries),
        by_competency=_grouped(entries, lambda e: e.case.competency_names),
        by_level=_grouped(entries, lambda e: [e.case.level]),
        calibration=calibration((e.commitment.confidence, bool(e.matched)) for e in revealed),
        hindsight=_hindsight_by_month(gaps),
        hindsight_mean=mean(e.hindsight_gap for e in gaps),
        sharing=bool(sharing and sharing.share_with_cohorts),
    )


def _entries(user) -> list[TrackEntry]:
    rows = db.session.execute(
        select(Commitment, Reflection)
        .outerjoin(Reflection, Reflection.commitment_id == Commitment.id)
        .where(Commitment.user_id == user.id)
        .order_by(Commitment.created_at.desc(), Commitment.id.desc())
    ).all()
    if not rows:
        return []
    decision_ids = {c.decision_id for c, _ in rows}
    case_ids = set(
        db.session.scalars(select(Decision.case_id).where(Decision.id.in_(decision_ids)))
    )
    cases = db.session.scalars(
        select(Case)
        .where(Case.id.in_(case_ids))
        .options(
            selectinload(Case.competencies),
            selectinload(Case.decisions).selectinload(Decision.options),
        )
    ).all()
    # The same rule as the case page: the gate's state per case, with cohort holds.
    held = gate.held_decision_ids(user, case_ids)
    state = ReaderState(committed=frozenset(decision_ids), held=held)
    prefixes = {case.id: unlocked_prefix(case, state) for case in cases}
    decisions = {d.id: (d, case) for case in cases for d in case.decisions}
    entries = []
    for commitment, reflection in rows:
        decision, case = decisions[commitment.decision_id]
        revealed = decision.number <= prefixes[case.id]
        entries.append(TrackEntry(commitment, decision, case, reflection, revealed))
    return entries


def _totals(name: str, entries: Iterable[TrackEntry]) -> Totals:
    entries = list(entries)
    revealed = [e for e in entries if e.revealed]
    scored = [e.brier for e in entries if e.brier is not None]
    return Totals(
        name=name,
        committed=len(entries),
        revealed=len(revealed),
        matched=sum(1 for e in revealed if e.matched),
        mean_confidence=mean(e.commitment.confidence for e in entries),
        scored_forecasts=len(scored),
        mean_brier=mean(scored),
    )


def _grouped(entries: list[TrackEntry], keys: Callable[[TrackEntry], list[str]]) -> list[Totals]:
    groups: dict[str, list[TrackEntry]] = defaultdict(list)
    for entry in entries:
        for key in keys(entry):
            groups[key].append(entry)
    return [_totals(name, groups[name]) for name in sorted(groups)]


def _hindsight_by_month(entries: list[TrackEntry]) -> list[HindsightPeriod]:
    months: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        months[entry.reflection.created_at.strftime("%Y-%m")].append(entry.hindsight_gap)
    return [
        HindsightPeriod(month, len(gaps), sum(gaps) / len(gaps))
        for month, gaps in sorted(months.items())
    ]
