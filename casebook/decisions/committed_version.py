"""What a decision read under the case version a leader committed under, when an
editor has changed it since (cases/versions.py).

The reading model asks this only for decisions the gate has unlocked for the reader
and on which they committed under a version other than the snapshot's: a comparison of
two ids already at hand, so the common case (committed under the current text) asks
no statement, and one statement serves every older version a page needs. Only the
entry of that one decision is taken from the version: its other decisions' text (a
later one still hidden from the reader, say) never enters the reader's view.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..cases.unfolding import VisibleDecision, VisibleOption
from ..cases.versions import DecisionText, version_texts


@dataclass(frozen=True)
class DecisionThen:
    """A decision as it read when the reader committed, differing from the current text."""

    published_at: datetime  # when that version was published
    question: str
    prompt_html: str
    options: tuple[VisibleOption, ...]
    actual_choice: str
    outcome_html: str
    hindsight_html: str | None

    def option_html(self, label: str | None) -> str | None:
        return next((o.html for o in self.options if o.label == label), None)


def committed_under_another(committed_version: int | None, current_version: int | None) -> bool:
    """Whether a commitment points at a version other than the snapshot's. Unknown on
    either side (a case never imported) counts as the same: there is nothing to show."""
    return (committed_version is not None and current_version is not None
            and committed_version != current_version)


def decisions_then(wanted: list[tuple[VisibleDecision, int]]) -> dict[int, DecisionThen]:
    """{decision id: its text then} for (unlocked decision, version committed under)
    pairs, leaving out decisions whose text has not changed. No pairs, no statement."""
    if not wanted:
        return {}
    versions = version_texts(version_id for _, version_id in wanted)
    then = {}
    for decision, version_id in wanted:
        version = versions.get(version_id)
        text = version.decision(decision.key) if version else None
        if text is not None and _differs(text, decision):
            then[decision.id] = _then(text, version.published_at)
    return then


def _differs(text: DecisionText, decision: VisibleDecision) -> bool:
    # Another decision of the case may be all that changed: then this one's reveal
    # has nothing to say.
    now = (decision.question, decision.prompt_html, tuple((o.label, o.html) for o in decision.options),
           decision.actual_choice, decision.outcome_html, decision.hindsight_html)
    then = (text.question, text.prompt_html, text.options, text.actual_choice,
            text.outcome_html, text.hindsight_html)
    return now != then


def _then(text: DecisionText, published_at: datetime) -> DecisionThen:
    return DecisionThen(
        published_at=published_at,
        question=text.question,
        prompt_html=text.prompt_html,
        options=tuple(VisibleOption(label, html, is_actual=label == text.actual_choice)
                      for label, html in text.options),
        actual_choice=text.actual_choice,
        outcome_html=text.outcome_html,
        hindsight_html=text.hindsight_html,
    )
