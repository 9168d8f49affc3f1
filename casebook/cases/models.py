"""Published cases as stored: metadata, and every part already rendered to safe HTML."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db


PUBLISHED = "published"


class LibraryState(db.Model):
    """One row: `version` moves on with every change to the cases or their competencies
    (triggers of migration 20261202_14), so counts read for a version stay true."""

    __tablename__ = "library_state"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(
            "level IN ('new-manager', 'experienced-manager', 'senior-manager', 'executive')",
            name="level_known",
        ),
        CheckConstraint("status IN ('published', 'withdrawn')", name="status_known"),
        # The library: status, each filter, then the sort (casebook/cases/library.py).
        # Full-text search lives beside these, made by migration 20261202_11 for each
        # database (casebook/cases/search.py).
        Index("ix_cases_listing_title", "status", "title"),
        Index("ix_cases_listing_level", "status", "level", "title"),
        Index("ix_cases_listing_region", "status", "region", "title"),
        Index("ix_cases_listing_sector", "status", "sector", "title"),
        Index("ix_cases_listing_year", "status", "year", "title"),
        Index("ix_cases_listing_decisions", "status", "decision_count", "title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600))
    level: Mapped[str] = mapped_column(String(32))
    organization: Mapped[str | None] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    region: Mapped[str | None] = mapped_column(String(32))
    sector: Mapped[str] = mapped_column(String(16), default="business", server_default="business")
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="published")
    decision_count: Mapped[int] = mapped_column(Integer, default=0)
    # What a reader sees before committing anything, as plain words (search.search_words):
    # the text the full-text index holds.
    search_text: Mapped[str] = mapped_column(Text, default="")
    source_markdown: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str] = mapped_column(String(64))
    renderer_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    competencies: Mapped[list[CaseCompetency]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseCompetency.position"
    )
    sections: Mapped[list[CaseSection]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseSection.position"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="case", order_by="Decision.number"
    )

    @property
    def competency_names(self) -> list[str]:
        return [c.competency for c in self.competencies]


class CaseVersion(db.Model):
    """The text a case's decisions had at one source digest, kept after later imports.

    Written by the importer whenever a case's digest changes (cases/versions.py);
    commitments point at the version they were made under, so a reveal can show a
    leader the wording they committed to. One row per (case, digest): publishing the
    same source again (a new renderer, a revert) is the same version.
    """

    __tablename__ = "case_versions"
    __table_args__ = (UniqueConstraint("case_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64))
    renderer_version: Mapped[int] = mapped_column(Integer)
    # Per decision, in order: key, question, prompt_html, options ([label, html] pairs),
    # actual_choice, outcome_html, hindsight_html, as stored (sanitized HTML).
    decisions: Mapped[list[dict]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseCompetency(db.Model):
    __tablename__ = "case_competencies"
    __table_args__ = (Index("ix_case_competencies_competency_case", "competency", "case_id"),)

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    competency: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="competencies")


class CaseSection(db.Model):
    """A part that is not a decision point. after_decision = decisions before it (0: open)."""

    __tablename__ = "case_sections"
    __table_args__ = (UniqueConstraint("case_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    after_decision: Mapped[int] = mapped_column(Integer, default=0)
    heading: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="sections")


class Decision(db.Model):
    """A decision point. Its (case, key) never changes once leaders have committed to it."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("case_id", "key"),
        UniqueConstraint("case_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)  # 1-based order among the case's decisions
    position: Mapped[int] = mapped_column(Integer)  # order among all parts of the case
    question: Mapped[str] = mapped_column(Text)
    prompt_html: Mapped[str] = mapped_column(Text, default="")
    actual_choice: Mapped[str] = mapped_column(String(8))
    outcome_html: Mapped[str] = mapped_column(Text)
    hindsight_html: Mapped[str | None] = mapped_column(Text)
    debate_prompts: Mapped[list[str]] = mapped_column(JSON, default=list)

    case: Mapped[Case] = relationship(back_populates="decisions")
    options: Mapped[list[DecisionOption]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="DecisionOption.position"
    )

    def option(self, label: str) -> DecisionOption | None:
        return next((o for o in self.options if o.label == label), None)


class DecisionOption(db.Model):
    __tablename__ = "decision_options"
    __table_args__ = (UniqueConstraint("decision_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(3))
    position: Mapped[int] = mapped_column(Integer)
    html: Mapped[str] = mapped_column(Text)

    decision: Mapped[Decision] = relationship(back_populates="options")
