"""The decisions section of a member's data download: their commitments and reflections.

The member's own words and figures come from their rows; every piece of case text (the
case's slug and title, the decision's key and question) comes from the reading model,
so the download shows exactly what the member's case page would. A decision hidden
from them again (a held reveal) keeps their words but not its text, and a case no
longer published none of its own. Outcomes, hindsight and the real choice are case
text, not the member's data, and are never included. Nor is a sealed forecast's
probability: the reading model keeps it back until the hindsight check asks the member
to recall it (the track record and the case page the same way).

A commitment made under an earlier version of the case whose decision has changed
since carries that version's date, question and the wording of the option chosen, as
the reveal shows them (and only where it would): the member's words answered that text.
"""
from __future__ import annotations

from sqlalchemy import select

from ..accounts.export import export_section
from ..extensions import db
from ..panels import Panel, provides
from .models import Commitment, Reflection, TrackRecordSharing
from .reading import ReadDecision, read_decisions


@provides("account.export")
def decisions_section(user, **_) -> Panel:
    return export_section("decisions", decisions_export(user))


def decisions_export(user) -> dict:
    """Every commitment of the user with its reflection, oldest first, and their setting."""
    rows = db.session.execute(
        select(Commitment, Reflection)
        .select_from(Commitment)
        .outerjoin(Reflection, Reflection.commitment_id == Commitment.id)
        .where(Commitment.user_id == user.id)
        .order_by(Commitment.created_at, Commitment.id)
    ).all()
    seen = read_decisions(user, {c.decision_id for c, _ in rows})
    sharing = db.session.get(TrackRecordSharing, user.id)
    return {
        "share_track_record_with_cohorts": bool(sharing and sharing.share_with_cohorts),
        "commitments": [_commitment(c, r, seen.get(c.decision_id)) for c, r in rows],
    }


def _commitment(c: Commitment, r: Reflection | None, seen: ReadDecision | None) -> dict:
    decision = seen.decision if seen else None
    # Opens with the reflection, whose hindsight check asks for it first.
    probability = decision.commitment.forecast_probability if decision and decision.commitment else None
    return {
        "case": seen.case.slug if seen else None,
        "case_title": seen.case.title if seen else None,
        "decision": decision.key if decision else None,
        "question": decision.question if decision else None,
        "option": c.option_label,
        "rationale": c.rationale_source,
        "confidence_percent": c.confidence,
        "forecast_option": c.forecast_label,
        "forecast_probability_percent": probability,
        "forecast_probability_sealed": c.forecast_label is not None and probability is None,
        "committed_at": c.created_at,
        "committed_under_earlier_version": _then(decision),
        "reflection": _reflection(r),
    }


def _then(decision) -> dict | None:
    then = decision.then if decision else None
    if then is None:
        return None
    return {
        "version_published_at": then.published_at,
        "question": then.question,
        "option_html": then.option_html(decision.commitment.option_label),
    }


def _reflection(reflection: Reflection | None) -> dict | None:
    if reflection is None:
        return None
    return {
        "real_choice_was_right_1_to_5": reflection.hindsight_rating,
        "would_change_choice": reflection.would_change,
        "note": reflection.note_source,
        "recalled_forecast_probability_percent": reflection.recalled_probability,
        "reflected_at": reflection.created_at,
    }
