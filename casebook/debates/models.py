"""Debate tables: threads of posts per decision point, reactions, flags, mind changes,
moderation actions and in-app notifications.

Notifications store references only (post id, kind): their text is rendered when they
are read, through the gate, so hidden text never sits in a notification.
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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db

QUESTION = "question"  # the stance of a top-level post that argues for no option
MAX_BODY_CHARS = 20_000
FLAG_REASONS = ("spam", "abuse", "spoiler", "off-topic", "other")
# Nothing writes suspend_user/unsuspend_user here any more: accounts.suspension records
# suspensions (AccountAction), and migration 20261124_02 moved the older rows there. The
# CHECK keeps allowing them: changing it on SQLite rebuilds the table, and dropping the
# old table would null every notification's moderation_action_id.
MODERATION_ACTIONS = (
    "hide_post",
    "restore_post",
    "lock_debate",
    "unlock_debate",
    "suspend_user",
    "unsuspend_user",
    "dismiss_flags",
)
NOTIFICATION_KINDS = ("reply", "mention", "moderation")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Debate(db.Model):
    """A decision point's debate, created with its first post (a GET never creates one).

    The public debate has no room; a room is a private debate of the same decision for a
    group of readers (a cohort's members and facilitators). Debates never ask what a
    room is: a higher feature answers who may enter it (the "debates.room" slot,
    debates/rooms.py). The foreign key names the cohorts table only in the schema, so
    a deleted cohort takes its rooms' debates with it; no cohorts code is imported.
    """

    __tablename__ = "debates"
    __table_args__ = (
        # One public debate per decision, and one per decision in each room.
        Index("uq_debates_public_decision", "decision_id", unique=True,
              sqlite_where=text("room_id IS NULL"), postgresql_where=text("room_id IS NULL")),
        Index("uq_debates_room_decision", "room_id", "decision_id", unique=True,
              sqlite_where=text("room_id IS NOT NULL"),
              postgresql_where=text("room_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="RESTRICT"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    locked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Post(db.Model):
    """A top-level post (depth 0, with a stance) or a reply (parent, root, depth >= 1)."""

    __tablename__ = "debate_posts"
    __table_args__ = (
        # The debate page: top-level posts of a debate in time order (parent_id IS NULL).
        Index(
            "ix_debate_posts_debate_id_parent_id_created_at", "debate_id", "parent_id", "created_at"
        ),
        # The "most insightful" sort over the same top-level posts.
        Index(
            "ix_debate_posts_debate_id_parent_id_insightful",
            "debate_id",
            "parent_id",
            "insightful_count",
        ),
        CheckConstraint(
            "(parent_id IS NULL AND root_id IS NULL AND depth = 0 AND stance IS NOT NULL)"
            " OR (parent_id IS NOT NULL AND root_id IS NOT NULL AND depth > 0 AND stance IS NULL)",
            name="thread_shape",
        ),
        CheckConstraint("insightful_count >= 0", name="insightful_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("debate_posts.id", ondelete="CASCADE"))
    # The top-level post of the thread: one query loads a page of threads (root_id IN ...).
    root_id: Mapped[int | None] = mapped_column(
        ForeignKey("debate_posts.id", ondelete="CASCADE"), index=True
    )
    depth: Mapped[int] = mapped_column(Integer, default=0)
    stance: Mapped[str | None] = mapped_column(String(8))  # an option label or QUESTION
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    renderer_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Kept in step with the reactions table by the one service that toggles them.
    insightful_count: Mapped[int] = mapped_column(Integer, default=0)

    debate: Mapped[Debate] = relationship()

    # Not a column: the @[names] the last save could not tie to one member (several
    # look alike), so the view can tell the author (debates/mentions.py).
    ambiguous_mentions: tuple[str, ...] = ()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Mention(db.Model):
    """A member a post mentions, by id: the @[name] resolved once, when the post was saved.

    The post's stored HTML carries the same id, so the mention keeps pointing to that
    member whatever they are called later (debates/mentions.py)."""

    __tablename__ = "debate_mentions"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("debate_posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    written: Mapped[str] = mapped_column(String(80))  # the name between @[ and ]


class PostRevision(db.Model):
    """A previous version of a post's text, kept when its author edits it."""

    __tablename__ = "debate_post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("debate_posts.id", ondelete="CASCADE"), index=True
    )
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    renderer_version: Mapped[int] = mapped_column(Integer)
    written_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True)
    )  # when this text was posted
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Reaction(db.Model):
    __tablename__ = "debate_reactions"
    __table_args__ = (
        UniqueConstraint("post_id", "user_id", "kind"),
        CheckConstraint("kind IN ('insightful')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("debate_posts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="insightful")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Flag(db.Model):
    """A reader's report of a post; open until a moderator hides the post or dismisses it."""

    __tablename__ = "debate_flags"
    __table_args__ = (
        UniqueConstraint("post_id", "reporter_id"),
        CheckConstraint(f"reason IN ({_in(FLAG_REASONS)})", name="reason_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("debate_posts.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    details: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    post: Mapped[Post] = relationship()


class RevisedView(db.Model):
    """A leader's later view on a decision. The sealed commitment is never touched:
    this row points to it, and the newest row is the leader's current view."""

    __tablename__ = "revised_views"
    __table_args__ = (
        # The same scale as a commitment's confidence (decisions.models: 50-100 %).
        CheckConstraint("confidence >= 50 AND confidence <= 100", name="confidence_range"),
        Index("ix_revised_views_decision_id_user_id", "decision_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="RESTRICT"))
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    option_label: Mapped[str] = mapped_column(String(3))
    confidence: Mapped[int] = mapped_column(Integer)
    cited_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("debate_posts.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ModerationAction(db.Model):
    """The audit log of posts and debates: who did what to which, and why."""

    __tablename__ = "moderation_actions"
    __table_args__ = (
        CheckConstraint(f"action IN ({_in(MODERATION_ACTIONS)})", name="action_known"),
        CheckConstraint("target_type IN ('post', 'debate', 'user')", name="target_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    action: Mapped[str] = mapped_column(String(24))
    target_type: Mapped[str] = mapped_column(String(8))
    target_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class Notification(db.Model):
    """A reference to something that happened to a user: never a copy of its text."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(NOTIFICATION_KINDS)})", name="kind_known"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    post_id: Mapped[int] = mapped_column(
        ForeignKey("debate_posts.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    moderation_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_actions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
