"""What is hidden until when (case-format.md section 4), as one pure function.

`unfold(document, state)` takes a case snapshot and what one reader has done, and
returns frozen data holding only the text this reader may see: no ORM object, no
snapshot, nothing hidden. Everything reader-facing starts here: the decisions feature
adds the reader's own records to it (decisions/reading.py), and the search index is
the text of the anonymous reader's unfolding (`visible_text`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..markdown import html_to_text
from .documents import CaseDocument, DecisionDocument


@dataclass(frozen=True)
class ReaderState:
    """What one reader has done on one case, and what holds it back."""

    committed: frozenset[int] = frozenset()  # decision ids with a commitment
    held: frozenset[int] = frozenset()  # decision ids whose reveal is held for this reader
    sees_everything: bool = False  # previewing as author, editor, facilitator or admin

    def unlocks(self, decision_id: int) -> bool:
        if self.sees_everything:
            return True
        return decision_id in self.committed and decision_id not in self.held


@dataclass(frozen=True)
class CaseFacts:
    """What every reader sees of a case: the library card and the page header."""

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


@dataclass(frozen=True)
class VisibleOption:
    label: str
    html: str  # inline HTML, sanitized at import
    is_actual: bool = False  # only ever True once the outcome is unlocked


@dataclass(frozen=True)
class VisibleSection:
    heading: str | None
    html: str


@dataclass(frozen=True)
class VisibleDecision:
    """A decision's prompt and options; its outcome only once unlocked for the reader."""

    id: int
    key: str
    number: int
    question: str
    prompt_html: str
    options: tuple[VisibleOption, ...]
    committed: bool
    held: bool
    unlocked: bool
    # The fields below stay None/empty unless the outcome is unlocked for this reader.
    actual_choice: str | None = None
    outcome_html: str | None = None
    hindsight_html: str | None = None
    debate_prompts: tuple[str, ...] = ()

    def option_html(self, label: str | None) -> str | None:
        return next((o.html for o in self.options if o.label == label), None)


@dataclass(frozen=True)
class Unfolding:
    facts: CaseFacts
    parts: tuple[VisibleSection | VisibleDecision, ...] = ()
    hidden_parts: int = 0  # parts still locked, counted so the page can say "more follows"
    previewing: bool = False

    @property
    def decisions(self) -> tuple[VisibleDecision, ...]:
        return tuple(p for p in self.parts if isinstance(p, VisibleDecision))

    def decision(self, key: str) -> VisibleDecision | None:
        return next((d for d in self.decisions if d.key == key), None)


def unlocked_count(document: CaseDocument, state: ReaderState) -> int:
    """How many of the case's decisions, from the first, are unlocked for the reader."""
    count = 0
    for decision in document.decisions:
        if not state.unlocks(decision.id):
            break
        count += 1
    return count


def unfold(document: CaseDocument, state: ReaderState) -> Unfolding:
    """The parts of the case this reader may see, in file order, and nothing else."""
    prefix = unlocked_count(document, state)
    entries: list[tuple[int, object]] = [(s.position, s) for s in document.sections]
    entries += [(d.position, d) for d in document.decisions]
    parts: list[VisibleSection | VisibleDecision] = []
    hidden = 0
    for _, part in sorted(entries, key=lambda item: item[0]):
        if isinstance(part, DecisionDocument):
            # A prompt shows once every earlier decision is unlocked.
            if part.number - 1 <= prefix:
                parts.append(_visible_decision(part, state, unlocked=part.number <= prefix))
            else:
                hidden += 1
        elif part.after_decision <= prefix:
            parts.append(VisibleSection(heading=part.heading, html=part.html))
        else:
            hidden += 1
    return Unfolding(
        facts=facts_of(document),
        parts=tuple(parts),
        hidden_parts=hidden,
        previewing=state.sees_everything,
    )


def facts_of(document: CaseDocument) -> CaseFacts:
    return CaseFacts(
        id=document.id,
        slug=document.slug,
        title=document.title,
        summary=document.summary,
        level=document.level,
        organization=document.organization,
        industry=document.industry,
        year=document.year,
        region=document.region,
        sector=document.sector,
        authors=document.authors,
        sources=document.sources,
        decision_count=document.decision_count,
        competency_names=document.competency_names,
    )


def visible_text(unfolding: Unfolding) -> str:
    """The lower-cased text of an unfolding: for the anonymous reader, the search index."""
    facts = unfolding.facts
    pieces = [facts.title, facts.summary, facts.organization or "", facts.industry or ""]
    for part in unfolding.parts:
        if isinstance(part, VisibleSection):
            pieces += [part.heading or "", html_to_text(part.html)]
            continue
        pieces += [part.question, html_to_text(part.prompt_html)]
        pieces += [html_to_text(o.html) for o in part.options]
        if part.unlocked:
            pieces += [html_to_text(part.outcome_html or ""), html_to_text(part.hindsight_html or "")]
    return " ".join(" ".join(pieces).lower().split())


def _visible_decision(decision: DecisionDocument, state: ReaderState, unlocked: bool) -> VisibleDecision:
    actual = decision.actual_choice if unlocked else None
    options = tuple(
        VisibleOption(label=o.label, html=o.html, is_actual=unlocked and o.label == actual)
        for o in decision.options
    )
    base = dict(
        id=decision.id,
        key=decision.key,
        number=decision.number,
        question=decision.question,
        prompt_html=decision.prompt_html,
        options=options,
        committed=decision.id in state.committed,
        held=decision.id in state.held,
        unlocked=unlocked,
    )
    if not unlocked:
        return VisibleDecision(**base)
    return VisibleDecision(
        **base,
        actual_choice=actual,
        outcome_html=decision.outcome_html,
        hindsight_html=decision.hindsight_html,
        debate_prompts=decision.debate_prompts,
    )


__all__ = [
    "CaseFacts", "ReaderState", "Unfolding", "VisibleDecision", "VisibleOption",
    "VisibleSection", "facts_of", "unfold", "unlocked_count", "visible_text",
]
