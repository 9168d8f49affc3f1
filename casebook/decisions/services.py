"""Writing commitments and reflections. Plain functions: they flush, the view commits.

Both records are write-once. A double submit (two tabs, a double click, two workers)
is settled by the database's unique constraint inside a savepoint, so the loser gets
AlreadyCommitted / AlreadyReflected instead of a second row or a 500.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..config import LEVELS
from ..db import upsert_insert
from ..domain import Conflict
from ..extensions import db
from ..markdown import RENDERER_VERSION, MarkdownRejected, render_markdown
from ..text_policy import is_plain_text
from .errors import (
    AlreadyCommitted,
    AlreadyReflected,
    DecisionLocked,
    InvalidChoice,
    ReflectionNotOpen,
)
from .models import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    FORECAST_MAX,
    FORECAST_MIN,
    RATIONALE_MAX,
    REFLECTION_NOTE_MAX,
    WOULD_CHANGE,
    Commitment,
    DecisionTally,
    Reflection,
    TrackRecordSharing,
)
from .reading import DecisionView

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,6}")


def commit_choice(
    user,
    decision: DecisionView,
    option_label: str,
    rationale: str,
    confidence: int | str,
    forecast_label: str | None = None,
    forecast_probability: int | str | None = None,
    knew_outcome: bool = False,
) -> Commitment:
    """Seal the user's choice on a decision, as the reading model shows it to them.

    `decision` comes from read_case(user, ...) read as a leader (never as a previewer):
    its mode says whether this leader may commit. Every field problem is reported at once.
    """
    _require_mode(decision, "commit")
    labels = [option.label for option in decision.options]
    problems: list[InvalidChoice] = []
    if option_label not in labels:
        problems.append(InvalidChoice("Choose one of the options.", "option"))
    source = _collect(problems, lambda: clean_text(
        rationale, "rationale", "Your rationale", RATIONALE_MAX, required=True
    ))
    if _blank(confidence):
        problems.append(InvalidChoice(
            f"Say how sure you are that it is the best course ({CONFIDENCE_MIN}-{CONFIDENCE_MAX} %).",
            "confidence",
        ))
    else:
        confidence = _collect(problems, lambda: whole_number(
            confidence, CONFIDENCE_MIN, CONFIDENCE_MAX, "confidence", "Confidence"
        ))
    forecast = _collect(problems, lambda: _forecast(labels, forecast_label, forecast_probability))
    if problems:
        raise InvalidChoice.collect(problems)
    rationale_html = render_user_markdown(source, "rationale")
    level = user.level if user.level in LEVELS else None
    commitment = Commitment(
        user_id=user.id,
        decision_id=decision.id,
        # The version whose text this view was read from, fixed with the rest.
        case_version_id=decision.case_version_id,
        option_label=option_label,
        leader_level=level,
        rationale_source=source,
        rationale_html=rationale_html,
        renderer_version=RENDERER_VERSION,
        confidence=confidence,
        forecast_label=forecast[0],
        forecast_probability=forecast[1],
        knew_outcome=bool(knew_outcome),
    )
    _insert_once(
        commitment,
        lambda: find_commitment(user.id, decision.id) is not None,
        AlreadyCommitted("You already committed a choice on this decision."),
    )
    count_in_tally(decision.id, level, option_label, bool(knew_outcome))
    return commitment


def add_reflection(
    user,
    decision: DecisionView,
    hindsight_rating: int | str,
    would_change: str,
    note: str = "",
    recalled_probability: int | str | None = None,
) -> Reflection:
    """Add the one reflection beside the reader's sealed commitment, once it is revealed."""
    if decision.commitment is None:
        raise DecisionLocked("There is nothing to reflect on here.")
    if decision.reflection is not None:
        raise AlreadyReflected("You already added your reflection on this decision.")
    _require_mode(decision, "revealed")
    if decision.reflection_waits_until is not None:
        opens = decision.reflection_waits_until
        raise ReflectionNotOpen(
            f"Your hindsight check opens on {opens.day} {opens:%B %Y at %H:%M} UTC, "
            "a day after you committed, so that it tests your memory."
        )
    problems: list[InvalidChoice] = []
    if _blank(hindsight_rating):
        problems.append(InvalidChoice("Say whether, with hindsight, the real choice was right.",
                                      "hindsight_rating"))
        rating = None
    else:
        rating = _collect(problems, lambda: whole_number(
            hindsight_rating, 1, 5, "hindsight_rating", "Your hindsight rating"
        ))
    if would_change not in WOULD_CHANGE:
        problems.append(InvalidChoice("Say whether you would change your choice.", "would_change"))
    source = _collect(problems, lambda: clean_text(
        note or "", "note", "Your reflection", REFLECTION_NOTE_MAX, required=False
    ))
    recalled = None
    if decision.commitment.forecast_label is not None:
        # The hindsight check: asked of everyone who forecast, before the sealed figure shows.
        if _blank(recalled_probability):
            problems.append(InvalidChoice(
                "Choose how likely you thought it was when you committed, from memory.",
                "recalled_probability",
            ))
        else:
            recalled = _collect(problems, lambda: whole_number(
                recalled_probability, 0, 100, "recalled_probability", "Your recollection"
            ))
    if problems:
        raise InvalidChoice.collect(problems)
    commitment = find_commitment(user.id, decision.id)
    reflection = Reflection(
        commitment_id=commitment.id,
        hindsight_rating=rating,
        would_change=would_change,
        note_source=source,
        note_html=render_user_markdown(source, "note") if source else "",
        renderer_version=RENDERER_VERSION,
        recalled_probability=recalled,
    )
    _insert_once(
        reflection,
        lambda: find_reflection(commitment.id) is not None,
        AlreadyReflected("You already added your reflection on this decision."),
    )
    return reflection


def _require_mode(decision: DecisionView, wanted: str) -> None:
    if decision.mode == wanted:
        return
    if wanted == "commit" and decision.commitment is not None:
        raise AlreadyCommitted("You already committed a choice on this decision.")
    # Previewing, signed out, or the outcome still held: not open to this reader.
    raise DecisionLocked("This decision is not open to you.")


def _blank(value) -> bool:
    """Nothing given: a step or a choice left unpicked (a plain message, not a range)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _collect(problems: list[InvalidChoice], check):
    """Run one field's check; keep its problem and go on, so every field is reported."""
    try:
        return check()
    except InvalidChoice as problem:
        problems.append(problem)
        return None


def count_in_tally(decision_id: int, level: str | None, label: str, knew: bool = False) -> None:
    """One more leader in the decision's tally, in the commit's own transaction.

    An upsert, so two first commitments racing on the same option both count.
    """
    statement = upsert_insert(DecisionTally).values(
        decision_id=decision_id, leader_level=level or "", option_label=label,
        knew_outcome=knew, leaders=1,
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["decision_id", "leader_level", "option_label", "knew_outcome"],
            set_={"leaders": DecisionTally.leaders + 1},
        )
    )


def find_commitment(user_id: int, decision_id: int) -> Commitment | None:
    return db.session.scalar(
        select(Commitment).where(
            Commitment.user_id == user_id, Commitment.decision_id == decision_id
        )
    )


def find_reflection(commitment_id: int) -> Reflection | None:
    return db.session.scalar(select(Reflection).where(Reflection.commitment_id == commitment_id))


def clean_text(value, field: str, label: str, max_length: int, *, required: bool) -> str:
    """User text as stored: line endings normalized, trimmed, bounded, plain text (forms
    have refused anything else already: this guards other callers)."""
    if not isinstance(value, str):
        raise InvalidChoice(f"{label} must be text.", field)
    if not is_plain_text(value):
        raise InvalidChoice(f"{label} contains a character that is not allowed.", field)
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise InvalidChoice(f"{label} is required.", field)
    if len(text) > max_length:
        raise InvalidChoice(
            f"{label} is limited to {max_length:,} characters (it has {len(text):,}).", field
        )
    return text


def whole_number(value, low: int, high: int, field: str, label: str) -> int:
    """A whole number from a form or a caller, within [low, high]; else InvalidChoice."""
    if isinstance(value, bool):
        raise InvalidChoice(f"{label} must be a whole number from {low} to {high}.", field)
    if isinstance(value, str):
        value = value.strip().removesuffix("%").strip()
        if not _WHOLE_NUMBER.fullmatch(value):
            raise InvalidChoice(f"{label} must be a whole number from {low} to {high}.", field)
        value = int(value)
    if not isinstance(value, int) or not low <= value <= high:
        raise InvalidChoice(f"{label} must be a whole number from {low} to {high}.", field)
    return value


def render_user_markdown(source: str, field: str) -> str:
    """Markdown -> safe HTML through the project's one renderer; refusals become form errors."""
    try:
        return render_markdown(source)
    except MarkdownRejected as problem:
        message = str(problem) or "This text cannot be displayed safely."
        raise InvalidChoice(message, field) from None


def _forecast(labels: list[str], label, probability) -> tuple[str | None, int | None]:
    label = label or None
    blank = _blank(probability)
    if label is None and blank:
        return None, None
    if label is None:
        raise InvalidChoice(
            "Pick the option you forecast, or clear the probability.", "forecast_label"
        )
    if label not in labels:
        raise InvalidChoice("Forecast one of the options.", "forecast_label")
    if blank:
        raise InvalidChoice("Give the probability of your forecast.", "forecast_probability")
    number = whole_number(
        probability, FORECAST_MIN, FORECAST_MAX, "forecast_probability", "The forecast probability"
    )
    return label, number


def _insert_once(row, exists: Callable[[], bool], duplicate: Conflict) -> None:
    """Insert in a savepoint so a unique-constraint race rolls back only this row."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        if exists():  # the other request won the race
            raise duplicate from None
        raise


def set_track_record_sharing(user, share: bool) -> None:
    """Record whether the user shares their track record with their cohorts."""
    setting = db.session.get(TrackRecordSharing, user.id)
    if setting is None:
        try:
            with db.session.begin_nested():
                db.session.add(TrackRecordSharing(user_id=user.id, share_with_cohorts=share))
                db.session.flush()
            return
        except IntegrityError:  # created by a parallel request: update that row instead
            setting = db.session.get(TrackRecordSharing, user.id, populate_existing=True)
    setting.share_with_cohorts = share
    db.session.flush()
