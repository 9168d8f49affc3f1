"""Case versions: the text each decision had at one source digest, kept for the leaders
who committed under it.

The importer records a version whenever a case's digest changes; commitments point at
the version they were made under (decisions/models.py). The reveal compares that id
with the snapshot's (`CaseDocument.version_id`, read with the snapshot, so the common
case asks nothing) and reads an older version's text only when they differ
(`version_texts`). What a reader may see of it is decided by the reading model alone.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from ..clock import utcnow
from ..db import read_rows
from ..extensions import db
from ..markdown import RENDERER_VERSION
from .format import ParsedCase
from .models import Case, CaseVersion


@dataclass(frozen=True)
class DecisionText:
    """One decision's text as a version stored it (sanitized HTML, as rendered then)."""

    key: str
    question: str
    prompt_html: str
    options: tuple[tuple[str, str], ...]  # (label, html)
    actual_choice: str
    outcome_html: str
    hindsight_html: str | None


@dataclass(frozen=True)
class VersionText:
    id: int
    published_at: datetime
    decisions: tuple[DecisionText, ...]

    def decision(self, key: str) -> DecisionText | None:
        return next((d for d in self.decisions if d.key == key), None)


def decision_texts(parsed: ParsedCase) -> list[dict]:
    """The stored form of a parsed case's decisions (JSON: a list keeps their order)."""
    return [
        {
            "key": d.key,
            "question": d.question,
            "prompt_html": d.prompt_html,
            "options": [[o.label, o.html] for o in d.options],
            "actual_choice": d.actual_choice,
            "outcome_html": d.outcome_html,
            "hindsight_html": d.hindsight_html,
        }
        for d in parsed.decisions
    ]


def record_version(case: Case, parsed: ParsedCase, digest: str) -> CaseVersion:
    """The case's version for this digest, made now if the digest is new (flushed).

    The same digest again (rendered by a new renderer, or a revert to earlier text)
    keeps its row and its date, with the text as now stored: its words are the same.
    """
    version = db.session.scalar(
        select(CaseVersion).where(CaseVersion.case_id == case.id, CaseVersion.digest == digest)
    )
    if version is None:
        version = CaseVersion(case_id=case.id, digest=digest, published_at=utcnow())
        db.session.add(version)
    version.renderer_version = RENDERER_VERSION
    version.decisions = decision_texts(parsed)
    db.session.flush()
    return version


_TEXTS = select(CaseVersion.id, CaseVersion.published_at, CaseVersion.decisions).where(
    CaseVersion.id.in_(bindparam("ids", expanding=True))
)


def version_texts(version_ids: Iterable[int]) -> dict[int, VersionText]:
    """The stored text of these versions, in one statement (none for no ids)."""
    ids = sorted(set(version_ids))
    if not ids:
        return {}
    return {
        row.id: VersionText(row.id, row.published_at, tuple(_decision(d) for d in row.decisions))
        for row in read_rows(_TEXTS, {"ids": ids})
    }


def _decision(data: dict) -> DecisionText:
    return DecisionText(
        key=data["key"],
        question=data["question"],
        prompt_html=data.get("prompt_html") or "",
        options=tuple((label, html) for label, html in data["options"]),
        actual_choice=data["actual_choice"],
        outcome_html=data["outcome_html"],
        hindsight_html=data.get("hindsight_html"),
    )
