"""The reader's own records as the reading model reads them: their commitments and
reflections, sealed, as frozen data, and the statements (built once) that read them.

Split from reading.py, which builds the reader's view from these and the snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from ..cases.models import PUBLISHED, Case, Decision
from ..db import read_rows
from .models import Commitment, DecisionTally, Reflection


@dataclass(frozen=True)
class MyCommitment:
    """The reader's own sealed choice. The forecast's probability stays sealed (None)
    until the hindsight check is answered, so no page can print it early."""

    option_label: str
    confidence: int
    rationale_html: str
    created_at: datetime
    leader_level: str | None
    forecast_label: str | None
    forecast_probability: int | None
    knew_outcome: bool = False  # said before committing that they knew how it ended
    case_version_id: int | None = None  # the case version it was made under


@dataclass(frozen=True)
class MyReflection:
    hindsight_rating: int
    would_change: str
    note_html: str
    recalled_probability: int | None
    created_at: datetime


# Columns, not entities, in statements built once: they run on every page a signed-in
# reader opens.
_RECORD_COLUMNS = (
    Commitment.decision_id,
    Commitment.option_label,
    Commitment.confidence,
    Commitment.rationale_html,
    Commitment.created_at,
    Commitment.leader_level,
    Commitment.forecast_label,
    Commitment.forecast_probability,
    Commitment.knew_outcome,
    Commitment.case_version_id,
    Reflection.id.label("reflection_id"),
    Reflection.hindsight_rating,
    Reflection.would_change,
    Reflection.note_html,
    Reflection.recalled_probability,
    Reflection.created_at.label("reflected_at"),
)
_RECORDS = (
    select(*_RECORD_COLUMNS)
    .join(Decision, Decision.id == Commitment.decision_id)
    .outerjoin(Reflection, Reflection.commitment_id == Commitment.id)
    .where(
        Commitment.user_id == bindparam("user_id"),
        Decision.case_id.in_(bindparam("case_ids", expanding=True)),
    )
)
# How many commitments the case's tallies count: it grows by one with each commit (the
# tallies only ever count up), so with the case id it names one state of its tallies.
_TALLY_VERSION = (
    select(func.coalesce(func.sum(DecisionTally.leaders), 0))
    .join(Decision, Decision.id == DecisionTally.decision_id)
    .where(Decision.case_id == Case.id)
    .scalar_subquery()
    .label("tally_version")
)
# One row per decision of the published case: its key, the state of its tallies, and the
# reader's record if any.
CASE_WITH_RECORDS = (
    select(Case.id.label("case_id"), Case.source_sha256, Case.renderer_version,
           _TALLY_VERSION, *_RECORD_COLUMNS)
    .select_from(Case)
    .outerjoin(Decision, Decision.case_id == Case.id)
    .outerjoin(Commitment, (Commitment.decision_id == Decision.id)
               & (Commitment.user_id == bindparam("user_id")))
    .outerjoin(Reflection, Reflection.commitment_id == Commitment.id)
    .where(Case.slug == bindparam("slug"), Case.status == PUBLISHED)
)


def read_records(user, case_ids: list[int]) -> dict[int, tuple[MyCommitment, MyReflection | None]]:
    """{decision id: (commitment, reflection)} of the user in these cases, in one query."""
    if not case_ids:
        return {}
    rows = read_rows(_RECORDS, {"user_id": user.id, "case_ids": list(case_ids)})
    return {row.decision_id: record_of(row) for row in rows}


def record_of(row) -> tuple[MyCommitment, MyReflection | None]:
    return _my_commitment(row), _my_reflection(row)


def _my_commitment(row) -> MyCommitment:
    return MyCommitment(
        option_label=row.option_label,
        confidence=row.confidence,
        rationale_html=row.rationale_html,
        created_at=row.created_at,
        leader_level=row.leader_level,
        forecast_label=row.forecast_label,
        # Sealed until the hindsight check: the reflection exists only after the reveal.
        forecast_probability=row.forecast_probability if row.reflection_id else None,
        knew_outcome=bool(row.knew_outcome),
        case_version_id=row.case_version_id,
    )


def _my_reflection(row) -> MyReflection | None:
    if row.reflection_id is None:
        return None
    return MyReflection(
        hindsight_rating=row.hindsight_rating,
        would_change=row.would_change,
        note_html=row.note_html,
        recalled_probability=row.recalled_probability,
        created_at=row.reflected_at,
    )
