"""When each part of a draft appears to a reader, for the preview that shows them all.

Read off the snapshot by the same rule the reading model follows (case-format.md
section 4): what precedes the first decision shows from the start; a decision's prompt
once the decision before it is unlocked; its outcome, and what follows it, once the
reader commits on it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..cases.documents import CaseDocument, DecisionDocument

FROM_THE_START = "Shown from the start"


def _after(number: int) -> str:
    return f"Appears once the reader commits on decision {number}"


@dataclass(frozen=True)
class Appearance:
    """For one part in file order: when it appears (and for a decision, its outcome)."""

    shown: str
    outcome: str | None = None


def appearances(document: CaseDocument) -> tuple[Appearance, ...]:
    """One Appearance per part of the case, in file order (the order of view.parts)."""
    entries = [(s.position, s) for s in document.sections]
    entries += [(d.position, d) for d in document.decisions]
    marks = []
    for _, part in sorted(entries, key=lambda item: item[0]):
        if isinstance(part, DecisionDocument):
            shown = FROM_THE_START if part.number == 1 else _after(part.number - 1)
            marks.append(Appearance(shown, _after(part.number)))
        else:
            marks.append(Appearance(
                FROM_THE_START if part.after_decision == 0 else _after(part.after_decision)))
    return tuple(marks)
