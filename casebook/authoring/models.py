"""Submissions: a case an author sends to the site, and every version they sent.

A version keeps the bytes exactly as sent (a file may not even be UTF-8), their digest,
the validator's errors and warnings, and, when it has no error, its parts rendered once
at submit time (the preview reads them; page views never render).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db

DRAFT, IN_REVIEW, CHANGES_REQUESTED, REJECTED, PUBLISHED = (
    "draft", "in_review", "changes_requested", "rejected", "published")
STATUSES = (DRAFT, IN_REVIEW, CHANGES_REQUESTED, REJECTED, PUBLISHED)
FILENAME_MAX = 200
# What a review entry is: a comment (by the author or an editor, on the whole or on a
# line of a version), or an editor's decision.
COMMENT, REQUEST_CHANGES, REJECT, PUBLISH = "comment", "request_changes", "reject", "publish"
REVIEW_ACTIONS = (COMMENT, REQUEST_CHANGES, REJECT, PUBLISH)
REVIEW_BODY_MAX = 5_000


class Submission(db.Model):
    __tablename__ = "submissions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'in_review', 'changes_requested', 'rejected', 'published')",
            name="status_known",
        ),
        Index("ix_submissions_status_updated", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str | None] = mapped_column(String(80))  # proposed, from the last good version
    title: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    version_count: Mapped[int] = mapped_column(Integer, default=0)
    # The library's case this submission was published as (kept for republishing).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    versions: Mapped[list[SubmissionVersion]] = relationship(
        back_populates="submission", cascade="all, delete-orphan",
        order_by="SubmissionVersion.number",
    )
    reviews: Mapped[list[SubmissionReview]] = relationship(
        back_populates="submission", cascade="all, delete-orphan",
        order_by="SubmissionReview.id",
    )


class SubmissionVersion(db.Model):
    __tablename__ = "submission_versions"
    __table_args__ = (
        UniqueConstraint("submission_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("error_count >= 0 AND warning_count >= 0", name="counts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    source: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # exactly as sent
    source_sha256: Mapped[str] = mapped_column(String(64))
    # [{"line": 12, "message": "...", "warning": false}, ...] in line order
    problems: Mapped[list[dict]] = mapped_column(JSON, default=list)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    warning_count: Mapped[int] = mapped_column(Integer, default=0)
    # The parts rendered at submit time (drafts.document_data), None with any error.
    document: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    renderer_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="versions")


class SubmissionReview(db.Model):
    """One entry of a submission's review: a comment or an editor's decision."""

    __tablename__ = "submission_reviews"
    __table_args__ = (
        CheckConstraint(
            "action IN ('comment', 'request_changes', 'reject', 'publish')", name="action_known"),
        CheckConstraint("line IS NULL OR line > 0", name="line_positive"),
        CheckConstraint("version_number > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)  # the version it is about
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text, default="")  # plain text, shown escaped
    line: Mapped[int | None] = mapped_column(Integer)  # a line comment's line
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="reviews")
