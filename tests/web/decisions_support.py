"""Helpers shared by the decisions tests: sign-in, posting a commitment or a reflection."""
from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import func, select

from casebook.cases.models import Decision
from casebook.decisions.models import Commitment, Reflection
from casebook.extensions import db


def ref(user) -> SimpleNamespace:
    """What a test keeps of a user past its app context."""
    return SimpleNamespace(id=user.id, session_version=user.session_version)


def sign_in(client, user) -> None:
    """Sign `user` in on this test client (the session cookie a real sign-in sets)."""
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{user.session_version}"
        session["_fresh"] = True


def decision_of(case_id: int, number: int = 1) -> Decision:
    return db.session.scalar(
        select(Decision).where(Decision.case_id == case_id, Decision.number == number)
    )


def commit_form(**fields) -> dict:
    data = {"option": "A", "rationale": "The cash runs out before the market turns.",
            "confidence": "70"}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def post_commit(client, slug: str, key: str = "d1", **fields):
    return client.post(f"/cases/{slug}/decisions/{key}/commit", data=commit_form(**fields))


def reflection_form(**fields) -> dict:
    data = {"hindsight_rating": "4", "would_change": "no", "note": ""}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def post_reflection(client, slug: str, key: str = "d1", **fields):
    return client.post(f"/cases/{slug}/decisions/{key}/reflection", data=reflection_form(**fields))


def commitments_of(user_id: int) -> list[Commitment]:
    return list(db.session.scalars(select(Commitment).where(Commitment.user_id == user_id)))


def count_commitments() -> int:
    return db.session.scalar(select(func.count()).select_from(Commitment))


def count_reflections() -> int:
    return db.session.scalar(select(func.count()).select_from(Reflection))
