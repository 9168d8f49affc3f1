"""The one gate between a case and its reader (case-format.md section 4).

Every reader-facing path (case page, search, API, debates, notifications, exports)
asks this module what a reader may see. It builds a CaseView that holds only the
visible text, so a template or serializer handed a CaseView cannot leak the rest.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from ..cases.documents import CaseDocument
from ..cases.models import Case, Decision
from ..extensions import db
from .models import Commitment

# Authors preview only their own cases (authoring adds that link); these roles preview all.
PREVIEW_ROLES = ("editor", "facilitator", "admin")


@dataclass(frozen=True)
class ReaderState:
    """What one reader has done on one case."""

    committed: frozenset[int] = frozenset()  # decision ids with a commitment
    held: frozenset[int] = frozenset()  # decision ids a facilitator holds for this reader
    sees_everything: bool = False  # previewing as author, editor, facilitator or admin

    def unlocks(self, decision_id: int) -> bool:
        if self.sees_everything:
            return True
        return decision_id in self.committed and decision_id not in self.held


@dataclass(frozen=True)
class VisibleOption:
    label: str
    html: str
    is_actual: bool = False  # only ever True once the outcome is unlocked


@dataclass(frozen=True)
class VisibleDecision:
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


@dataclass(frozen=True)
class VisibleSection:
    heading: str | None
    html: str


@dataclass
class CaseView:
    case: Case
    parts: list[VisibleSection | VisibleDecision] = field(default_factory=list)
    hidden_parts: int = 0  # parts still locked, counted so the page can say "more follows"

    @property
    def decisions(self) -> list[VisibleDecision]:
        return [p for p in self.parts if isinstance(p, VisibleDecision)]


def unlocked_prefix(case: Case, state: ReaderState) -> int:
    """How many of the case's decisions, from the first, are unlocked for the reader."""
    count = 0
    for decision in case.decisions:
        if not state.unlocks(decision.id):
            break
        count += 1
    return count


def decision_is_visible(decision: Decision, state: ReaderState, prefix: int) -> bool:
    """A decision's prompt and options show once every earlier decision is unlocked."""
    return decision.number - 1 <= prefix


def outcome_is_unlocked(decision: Decision, state: ReaderState, prefix: int) -> bool:
    return decision.number <= prefix


def visible_case(case: Case | CaseDocument, state: ReaderState) -> CaseView:
    """The parts of the case this reader may see, in file order, and nothing else.

    `case` is a Case row or its read-only CaseDocument snapshot: both carry .sections
    and .decisions with the same attributes.
    """
    prefix = unlocked_prefix(case, state)
    entries = [(s.position, False, s) for s in case.sections]
    entries += [(d.position, True, d) for d in case.decisions]
    view = CaseView(case=case)
    for _, is_decision, part in sorted(entries, key=lambda item: item[0]):
        if is_decision:
            if decision_is_visible(part, state, prefix):
                view.parts.append(_visible_decision(part, state, prefix))
            else:
                view.hidden_parts += 1
        elif part.after_decision <= prefix:
            view.parts.append(VisibleSection(heading=part.heading, html=part.html))
        else:
            view.hidden_parts += 1
    return view


def _visible_decision(decision: Decision, state: ReaderState, prefix: int) -> VisibleDecision:
    unlocked = outcome_is_unlocked(decision, state, prefix)
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
        debate_prompts=tuple(decision.debate_prompts or ()),
    )


def can_preview(user, case: Case) -> bool:
    """Editors, facilitators and admins may preview every part of any case."""
    return bool(getattr(user, "is_authenticated", False)) and any(
        user.has_role(role) for role in PREVIEW_ROLES
    )


def committed_decision_ids(user, case: Case) -> frozenset[int]:
    """Ids of the case's decisions on which the user has a commitment (one query)."""
    rows = db.session.scalars(
        select(Commitment.decision_id)
        .join(Decision, Decision.id == Commitment.decision_id)
        .where(Commitment.user_id == user.id, Decision.case_id == case.id)
    )
    return frozenset(rows)


def held_decision_ids(user, case_ids: Iterable[int]) -> frozenset[int]:
    """Decision ids (in these cases) whose reveal a cohort facilitator holds for this user.

    THE plug-in point for cohorts: a held decision stays locked (no outcome, no later
    parts, no distribution, no "matched" in the track record) even after the user
    commits. Until cohorts exist nothing is ever held. Keep it to one query per call.
    """
    return frozenset()


def reader_state(user, case: Case, preview: bool = False) -> ReaderState:
    """The reader's state on a case: their commitments (one query) and cohort holds.

    Previewers read as leaders unless they ask for the preview, so they can take part too.
    """
    if not getattr(user, "is_authenticated", False):
        return ReaderState()
    committed = committed_decision_ids(user, case)
    if preview and can_preview(user, case):
        return ReaderState(committed=committed, sees_everything=True)
    return ReaderState(committed=committed, held=held_decision_ids(user, (case.id,)))
