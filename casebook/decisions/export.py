"""The decisions section of a member's data download: their commitments and reflections.

Only the member's own words and figures go out. Case text the gate may still hide
from them (outcomes, hindsight, the real choice) is not part of their data and is
never included. Nor is a sealed forecast's probability before the hindsight check asks
the member to recall it (the track record holds it back the same way): seeing it first
would spoil the check.
"""
from __future__ import annotations

from sqlalchemy import select

from ..cases.models import Case, Decision
from ..extensions import db
from .models import Commitment, Reflection, TrackRecordSharing


def decisions_export(user) -> dict:
    """Every commitment of the user with its reflection, oldest first, and their setting."""
    rows = db.session.execute(
        select(Commitment, Reflection, Decision.key, Decision.question, Case.slug, Case.title)
        .join(Decision, Decision.id == Commitment.decision_id)
        .join(Case, Case.id == Decision.case_id)
        .outerjoin(Reflection, Reflection.commitment_id == Commitment.id)
        .where(Commitment.user_id == user.id)
        .order_by(Commitment.created_at, Commitment.id)
    ).all()
    sharing = db.session.get(TrackRecordSharing, user.id)
    return {
        "share_track_record_with_cohorts": bool(sharing and sharing.share_with_cohorts),
        "commitments": [
            {
                "case": slug,
                "case_title": title,
                "decision": key,
                "question": question,
                "option": c.option_label,
                "rationale": c.rationale_source,
                "confidence_percent": c.confidence,
                "forecast_option": c.forecast_label,
                # Opens with the reflection, whose hindsight check asks for it first.
                "forecast_probability_percent": c.forecast_probability if r else None,
                "forecast_probability_sealed": c.forecast_label is not None and r is None,
                "committed_at": c.created_at,
                "reflection": _reflection(r),
            }
            for c, r, key, question, slug, title in rows
        ],
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


def register_with_accounts_export() -> None:
    """Add the section to the accounts data download, when that feature is installed."""
    try:
        from ..accounts.export import register_export_section
    except ModuleNotFoundError:  # no data download in this build: nothing to join
        return
    register_export_section("decisions")(decisions_export)
