"""Cohorts: a facilitator's group of leaders, its invitations, its programme of cases,
and per assigned decision the cohort's state (is the reveal held, are commitments open).

The state row is the one input the reading model takes from cohorts ("reader.holds"):
a member sees a decision's outcome only when no cohort of theirs holds it. Later live
sessions add their own columns to the same row (the timer, the projector's step).
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
)
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db

# The lead facilitator made the cohort; co-facilitators help run it; members take part.
LEAD, CO_FACILITATOR, MEMBER = "lead", "co-facilitator", "member"
MEMBER_ROLES = (LEAD, CO_FACILITATOR, MEMBER)
FACILITATING = (LEAD, CO_FACILITATOR)

# "open": the outcome opens on commit, as outside any cohort; "held": it waits for the
# facilitator; "revealed": the facilitator has opened it (kept apart from "open" so a
# live session can say when).
OPEN, HELD, REVEALED = "open", "held", "revealed"
REVEAL_STATES = (OPEN, HELD, REVEALED)
CLOSED = "closed"
COMMITMENT_STATES = (OPEN, CLOSED)

NAME_MAX = 120
DESCRIPTION_MAX = 2_000
NOTES_MAX = 5_000
MAX_USES_LIMIT = 500
INVITATION_DAYS_LIMIT = 90


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Cohort(db.Model):
    __tablename__ = "cohorts"
    __table_args__ = (
        CheckConstraint(
            "level IS NULL OR level IN "
            "('new-manager', 'experienced-manager', 'senior-manager', 'executive')",
            name="level_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    # An IANA name (Europe/Paris): the programme's dates are the cohort's local dates.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    level: Mapped[str | None] = mapped_column(String(32))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CohortMember(db.Model):
    """One person in one cohort, with their part in it."""

    __tablename__ = "cohort_members"
    __table_args__ = (
        CheckConstraint(f"role IN ({_in(MEMBER_ROLES)})", name="role_known"),
        # The reading model asks "which cohorts is this reader in?" on every page.
        Index("ix_cohort_members_user_id", "user_id", "role"),
    )

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), default=MEMBER)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CohortInvitation(db.Model):
    """A code that lets its holders join, until it expires, is revoked or is used up.

    An email invitation is the same with one use, bound to the address it was sent to.
    The code is kept as written so facilitators can share the link again; it opens
    nothing but a seat in this cohort.
    """

    __tablename__ = "cohort_invitations"
    __table_args__ = (
        CheckConstraint(f"max_uses >= 1 AND max_uses <= {MAX_USES_LIMIT}", name="max_uses_range"),
        # The database, not Python, keeps parallel joins within the limit.
        CheckConstraint("uses >= 0 AND uses <= max_uses", name="uses_within_limit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    max_uses: Mapped[int] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CohortAssignment(db.Model):
    """A case in the cohort's programme: when it is due, and the facilitator's notes."""

    __tablename__ = "cohort_assignments"
    __table_args__ = (UniqueConstraint("cohort_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    notes_source: Mapped[str] = mapped_column(Text, default="")
    notes_html: Mapped[str] = mapped_column(Text, default="")
    renderer_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CohortDecisionState(db.Model):
    """One assigned decision in one cohort: is its reveal held, may members still commit."""

    __tablename__ = "cohort_decision_states"
    __table_args__ = (
        CheckConstraint(f"reveal IN ({_in(REVEAL_STATES)})", name="reveal_known"),
        CheckConstraint(f"commitments IN ({_in(COMMITMENT_STATES)})", name="commitments_known"),
    )

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    reveal: Mapped[str] = mapped_column(String(8), default=OPEN)
    commitments: Mapped[str] = mapped_column(String(8), default=OPEN)
    revealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class CohortCall(db.Model):
    """A cold call: the facilitator drew this member, who had committed to a minority
    option, to open the discussion. Calls go in rounds: nobody is drawn twice in a round,
    and a round ends once everyone who could be drawn has been."""

    __tablename__ = "cohort_calls"
    __table_args__ = (Index("ix_cohort_calls_decision", "cohort_id", "decision_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    called_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


TIMER_MINUTES_MAX = 60


class CohortLive(db.Model):
    """A cohort's live session: the decision on the projector, the timer, and a version
    every page following the session watches.

    The version goes up with every facilitator action that changes what members see
    (a decision put on screen, a timer, a hold, a reveal, commitments closed or opened),
    and with nothing else: members' pages fetch afresh only when it moves. The row is
    the truth; Redis, when configured, only repeats its version (cohorts/live_version.py).
    """

    __tablename__ = "cohort_live"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    # The decision on screen; None before the session starts and after it ends.
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), index=True
    )
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
