"""Sealed commitments and the reflections added beside them after the reveal.

A commitment is immutable (architecture invariant 3): the service offers no update,
no route edits it, and the migration adds a database trigger that refuses UPDATEs.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db

CONFIDENCE_MIN, CONFIDENCE_MAX = 50, 100
# A forecast is a probability strictly between 0 and 100 %: certainty is not on offer,
# and it keeps every Brier score below 1.
FORECAST_MIN, FORECAST_MAX = 1, 99
RATIONALE_MAX = 10_000
REFLECTION_NOTE_MAX = 10_000
WOULD_CHANGE = ("yes", "no", "unsure")


class Commitment(db.Model):
    """One leader's sealed choice on one decision point."""

    __tablename__ = "commitments"
    __table_args__ = (
        UniqueConstraint("user_id", "decision_id"),
        CheckConstraint(
            f"confidence >= {CONFIDENCE_MIN} AND confidence <= {CONFIDENCE_MAX}",
            name="confidence_range",
        ),
        CheckConstraint(
            "forecast_probability IS NULL OR "
            f"(forecast_probability >= {FORECAST_MIN} AND forecast_probability <= {FORECAST_MAX})",
            name="forecast_range",
        ),
        CheckConstraint(
            "(forecast_label IS NULL AND forecast_probability IS NULL) OR "
            "(forecast_label IS NOT NULL AND forecast_probability IS NOT NULL)",
            name="forecast_complete",
        ),
        # The reveal's distribution is a GROUP BY over this index alone (no join to users).
        Index("ix_commitments_decision_tally", "decision_id", "leader_level", "option_label"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Account deletion anonymizes the user row, so commitments keep their owner row.
    # (No separate index on user_id: the unique (user_id, decision_id) index serves it.)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # A decision with commitments cannot be deleted: its key is fixed once leaders commit.
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="RESTRICT"))
    option_label: Mapped[str] = mapped_column(String(3))
    # The case's version (its text) the leader read when committing, so a reveal after a
    # later edit can show them the wording they chose under. Set once, like every
    # column here; None only for commitments made before versions were kept (the
    # migration gave those their case's version of the day) and for cases never imported.
    # A version with commitments cannot be deleted (the default NO ACTION: SQLite keeps
    # a foreign key added by ADD COLUMN without its options, so none are given).
    case_version_id: Mapped[int | None] = mapped_column(ForeignKey("case_versions.id"))
    # The leader's profile level when they committed (None if not given): the choice is
    # counted in the group the leader belonged to when making it, and a later profile
    # change does not rewrite past distributions.
    leader_level: Mapped[str | None] = mapped_column(String(32))
    rationale_source: Mapped[str] = mapped_column(Text)
    rationale_html: Mapped[str] = mapped_column(Text)
    renderer_version: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[int] = mapped_column(Integer)
    # "The organization chose <forecast_label>, with probability forecast_probability %."
    forecast_label: Mapped[str | None] = mapped_column(String(3))
    forecast_probability: Mapped[int | None] = mapped_column(Integer)
    # "I already knew how this ended", said before committing: counted in the
    # distribution (shown apart), left out of the leader's scores unless they ask.
    knew_outcome: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    reflection: Mapped[Reflection | None] = relationship(
        back_populates="commitment", uselist=False, cascade="all, delete-orphan"
    )


class Reflection(db.Model):
    """Added after the reveal, stored beside (never over) the sealed commitment."""

    __tablename__ = "reflections"
    __table_args__ = (
        CheckConstraint("hindsight_rating >= 1 AND hindsight_rating <= 5", name="rating_range"),
        CheckConstraint(
            "would_change IN ('yes', 'no', 'unsure')", name="would_change_known"
        ),
        CheckConstraint(
            "recalled_probability IS NULL OR "
            "(recalled_probability >= 0 AND recalled_probability <= 100)",
            name="recalled_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), unique=True
    )
    # "With hindsight, was the real choice right?" 1 (clearly wrong) .. 5 (clearly right).
    hindsight_rating: Mapped[int] = mapped_column(Integer)
    would_change: Mapped[str] = mapped_column(String(8))
    note_source: Mapped[str] = mapped_column(Text, default="")
    note_html: Mapped[str] = mapped_column(Text, default="")
    renderer_version: Mapped[int] = mapped_column(Integer)
    # The hindsight check: what the leader recalls having forecast, asked before the
    # sealed forecast is shown. None when the commitment carried no forecast.
    recalled_probability: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="reflection")


class TrackRecordSharing(db.Model):
    """A leader's choice to share their track record with their cohorts (private by default).

    Stored here rather than on users so the decisions feature owns its own settings;
    no page reads it yet (cohorts will).
    """

    __tablename__ = "track_record_sharing"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    share_with_cohorts: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class DecisionTally(db.Model):
    """How many leaders of a level chose an option: the reveal's distribution, kept in
    step with `commitments` inside the commit's own transaction (services.commit_choice),
    so a reveal reads a handful of rows however many leaders committed."""

    __tablename__ = "decision_tallies"
    __table_args__ = (CheckConstraint("leaders >= 0", name="leaders_not_negative"),)

    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True
    )
    # The level the leaders had when committing; "" for leaders who gave none (a key
    # column cannot be NULL).
    leader_level: Mapped[str] = mapped_column(String(32), primary_key=True)
    option_label: Mapped[str] = mapped_column(String(3), primary_key=True)
    knew_outcome: Mapped[bool] = mapped_column(primary_key=True, default=False)
    leaders: Mapped[int] = mapped_column(Integer, default=0)
