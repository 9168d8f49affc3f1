"""A leader's own track record: every commitment, what is known of it, and summaries.

Built from the reading model (reading.read_published), so a row shows exactly what the
case page would: whether the choice matched the real one, the real choice itself and
the Brier score appear only once the decision's outcome is unlocked for this leader (a
cohort hold keeps them back), and the sealed forecast's probability only after the
hindsight check.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select

from ..cases.models import Decision
from ..cases.unfolding import CaseFacts
from ..extensions import db
from .models import Commitment, TrackRecordSharing
from .reading import DecisionView, MyCommitment, MyReflection, read_published
from .scoring import CalibrationBin, calibration, mean


@dataclass(frozen=True)
class TrackEntry:
    """One sealed choice as the reading model shows it to its leader."""

    case: CaseFacts
    decision: DecisionView  # commitment, reflection and (once unlocked) the real choice

    @property
    def commitment(self) -> MyCommitment:
        return self.decision.commitment

    @property
    def reflection(self) -> MyReflection | None:
        return self.decision.reflection

    @property
    def revealed(self) -> bool:
        return self.decision.unlocked

    @property
    def actual_label(self) -> str | None:
        return self.decision.actual_choice

    @property
    def actual_html(self) -> str | None:
        return self.decision.option_html(self.decision.actual_choice)

    @property
    def chosen_html(self) -> str | None:
        return self.decision.option_html(self.commitment.option_label)

    @property
    def matched(self) -> bool | None:
        return self.decision.matched

    @property
    def forecast_open(self) -> bool:
        return self.decision.forecast_open

    @property
    def brier(self) -> float | None:
        return self.decision.brier

    @property
    def hindsight_gap(self) -> int | None:
        return self.decision.hindsight_gap

    @property
    def check_ready(self) -> bool:
        """The hindsight check (with the reflection) can be answered now."""
        return self.commitment.forecast_label is not None and self.decision.reflection_open

    @property
    def check_opens_at(self):
        """When the hindsight check opens, while it waits (hindsight.py); else None."""
        return self.decision.reflection_waits_until

    @property
    def waiting(self) -> bool:
        """Something of this entry is still to come: its outcome, or its hindsight check."""
        return not self.revealed or self.check_ready or self.check_opens_at is not None


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
    known_included: bool  # choices made knowing the outcome count in the figures
    known_count: int  # how many choices the leader made knowing the outcome

    @property
    def waiting(self) -> list[TrackEntry]:
        """What the record is waiting for: hindsight checks ready first, then those that
        open later (soonest first), then outcomes a facilitator still holds."""
        ready = [e for e in self.entries if e.check_ready]
        later = sorted((e for e in self.entries if e.check_opens_at is not None),
                       key=lambda e: e.check_opens_at)
        held = [e for e in self.entries if not e.revealed]
        return [*ready, *later, *held]


def track_record(user, include_known: bool = False) -> TrackRecord:
    """Everything on the user's "My decisions" page, in a fixed number of queries.

    Choices made by a leader who said they already knew the outcome are listed, but
    left out of every figure (match rate, confidence, Brier score, calibration) unless
    `include_known`: a famous case should not inflate anyone's record.
    """
    entries = _entries(user)
    scored = [e for e in entries if include_known or not e.commitment.knew_outcome]
    revealed = [e for e in scored if e.revealed]
    gaps = [e for e in scored if e.hindsight_gap is not None]
    sharing = db.session.get(TrackRecordSharing, user.id)
    return TrackRecord(
        entries=entries,
        overall=_totals("All decisions", scored),
        by_competency=_grouped(scored, lambda e: list(e.case.competency_names)),
        by_level=_grouped(scored, lambda e: [e.case.level]),
        calibration=calibration((e.commitment.confidence, bool(e.matched)) for e in revealed),
        hindsight=_hindsight_by_month(gaps),
        hindsight_mean=mean(e.hindsight_gap for e in gaps),
        sharing=bool(sharing and sharing.share_with_cohorts),
        known_included=include_known,
        known_count=sum(1 for e in entries if e.commitment.knew_outcome),
    )


def _entries(user) -> list[TrackEntry]:
    """Every commitment of the user, newest first, each from their view of its case."""
    rows = db.session.execute(
        select(Decision.case_id, Commitment.decision_id)
        .join(Decision, Decision.id == Commitment.decision_id)
        .where(Commitment.user_id == user.id)
        .order_by(Commitment.created_at.desc(), Commitment.id.desc())
    ).all()
    if not rows:
        return []
    views = read_published(user, {case_id for case_id, _ in rows})
    entries = []
    for case_id, decision_id in rows:
        view = views.get(case_id)
        decision = view.decision_by_id(decision_id) if view else None
        if decision is not None and decision.commitment is not None:
            entries.append(TrackEntry(view.facts, decision))
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
