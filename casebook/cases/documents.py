"""Read-only snapshots of published cases for the pages that show them.

A case's stored HTML changes only when it is re-imported, which changes its source
digest. Pages therefore ask the database for (id, digest, renderer version), one
indexed row, and reuse a snapshot built for exactly that key. The snapshot is a cache,
not state: every request checks it against the database, so every worker on every host
shows the same version, and a re-import shows at once.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import selectinload

from ..db import read_rows
from ..extensions import db
from .models import PUBLISHED, Case, CaseVersion, Decision

CACHED_CASES = 256


@dataclass(frozen=True)
class OptionDocument:
    label: str
    html: str


@dataclass(frozen=True)
class DecisionDocument:
    id: int
    key: str
    number: int
    position: int
    question: str
    prompt_html: str
    actual_choice: str
    outcome_html: str
    hindsight_html: str | None
    debate_prompts: tuple[str, ...]
    options: tuple[OptionDocument, ...]


@dataclass(frozen=True)
class SectionDocument:
    position: int
    after_decision: int
    heading: str | None
    html: str


@dataclass(frozen=True)
class CaseDocument:
    """The attributes of a Case that pages read, with its parts, frozen."""

    id: int
    slug: str
    title: str
    summary: str
    level: str
    organization: str | None
    industry: str | None
    year: int | None
    region: str | None
    sector: str
    authors: tuple[str, ...]
    sources: tuple[str, ...]
    decision_count: int
    competency_names: tuple[str, ...]
    sections: tuple[SectionDocument, ...]
    decisions: tuple[DecisionDocument, ...]
    # Source digest and renderer version: what makes this snapshot, and every page
    # drawn only from it, the same for every reader until the next import.
    version: str
    # The case_versions row of this digest (cases/versions.py): what a commitment made
    # now points at. None for a draft, or a case never imported (test factories).
    version_id: int | None = None


# Built once: on the hot path, building a statement costs more than running it.
_KEY_BY_SLUG = select(Case.id, Case.source_sha256, Case.renderer_version).where(
    Case.slug == bindparam("slug"), Case.status == PUBLISHED
)


def published_case_document(slug: str) -> CaseDocument | None:
    """The published case with this slug as a snapshot, or None."""
    row = read_rows(_KEY_BY_SLUG, {"slug": slug}).first()
    if row is None:
        return None
    return snapshot(row.id, row.source_sha256, row.renderer_version)


def published_documents(case_ids: Iterable[int]) -> list[CaseDocument]:
    """Snapshots of the published cases among these ids, in id order (one query)."""
    ids = sorted(set(case_ids))
    if not ids:
        return []
    rows = db.session.execute(
        select(Case.id, Case.source_sha256, Case.renderer_version).where(
            Case.id.in_(ids), Case.status == PUBLISHED
        ).order_by(Case.id)
    ).all()
    return [snapshot(row.id, row.source_sha256, row.renderer_version) for row in rows]


@lru_cache(maxsize=CACHED_CASES)
def snapshot(case_id: int, digest: str, renderer_version: int) -> CaseDocument:
    """The snapshot of a case, given its key as read in the same request (id, source
    digest, renderer version). The digest and version are part of the cache key only:
    a new import is a new key."""
    # The version's id comes with the case's row (a join, not a statement of its own).
    case, version_id = db.session.execute(
        select(Case, CaseVersion.id)
        .outerjoin(CaseVersion, and_(CaseVersion.case_id == Case.id,
                                     CaseVersion.digest == Case.source_sha256))
        .where(Case.id == case_id)
        .options(
            selectinload(Case.sections),
            selectinload(Case.competencies),
            selectinload(Case.decisions).selectinload(Decision.options),
        )
    ).one()
    return document_of(case, version_id)


def document_of(case: Case, version_id: int | None = None) -> CaseDocument:
    """The snapshot of a Case row whose parts are loaded (the importer's, or a cached one)."""
    return CaseDocument(
        id=case.id,
        slug=case.slug,
        title=case.title,
        summary=case.summary,
        level=case.level,
        organization=case.organization,
        industry=case.industry,
        year=case.year,
        region=case.region,
        sector=case.sector,
        authors=tuple(case.authors or ()),
        sources=tuple(case.sources or ()),
        decision_count=case.decision_count,
        competency_names=tuple(case.competency_names),
        sections=tuple(
            SectionDocument(s.position, s.after_decision, s.heading, s.html) for s in case.sections
        ),
        decisions=tuple(_decision_document(d) for d in case.decisions),
        version=f"{case.source_sha256}.{case.renderer_version}",
        version_id=version_id,
    )


def _decision_document(decision: Decision) -> DecisionDocument:
    return DecisionDocument(
        id=decision.id,
        key=decision.key,
        number=decision.number,
        position=decision.position,
        question=decision.question,
        prompt_html=decision.prompt_html,
        actual_choice=decision.actual_choice,
        outcome_html=decision.outcome_html,
        hindsight_html=decision.hindsight_html,
        debate_prompts=tuple(decision.debate_prompts or ()),
        options=tuple(OptionDocument(o.label, o.html) for o in decision.options),
    )
