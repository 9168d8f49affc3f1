"""Factories: build what a test needs through the real models and services.

Each factory needs an app context and commits (inside the test's savepoint), so the
data is there for the requests the test makes next.
"""
from __future__ import annotations

import itertools
from contextlib import nullcontext

from flask import current_app, has_app_context

from werkzeug.security import generate_password_hash

from casebook.accounts.models import User, UserRole
from casebook.extensions import db

DEFAULT_PASSWORD = "correct horse battery"
_sequence = itertools.count(1)
# A fast hash for tests only; production uses Werkzeug's default (scrypt).
_TEST_HASH = generate_password_hash(DEFAULT_PASSWORD, method="pbkdf2:sha256:1000")


def make_user(
    *roles: str, email: str | None = None, display_name: str | None = None, **fields
) -> User:
    n = next(_sequence)
    user = User(
        email=email or f"user{n}@example.com",
        display_name=display_name or f"Leader {n}",
        password_hash=_TEST_HASH,
        **fields,
    )
    user.roles = [UserRole(role=r) for r in roles if r != "leader"]
    db.session.add(user)
    db.session.commit()
    return user


def login_id(user) -> str:
    """What a real sign-in of `user` (a User or its id) stores in the session: a new
    server-side session record's login id."""
    from casebook.accounts.session_records import open_record

    value = open_record(db.session.get(User, getattr(user, "id", user)))
    db.session.commit()
    return value


def sign_in(client, user) -> None:
    """Sign `user` in on this test client: the session cookie a real sign-in sets.

    Works inside or outside an app context. Inside one, the record is committed through
    that context's session: a nested context's commit would be undone when the outer
    context's session rolls back its savepoint."""
    app = client.application
    inside = has_app_context() and current_app._get_current_object() is app
    with nullcontext() if inside else app.app_context():
        value = login_id(user)
    with client.session_transaction() as session:
        session["_user_id"] = value
        session["_fresh"] = True


def make_case(
    slug: str | None = None,
    *,
    decisions: int = 2,
    title: str | None = None,
    level: str = "executive",
    competencies: tuple[str, ...] = ("strategic-direction",),
    sentinel: str | None = None,
):
    """A published case built straight from rows: a preamble, `decisions` decision points
    with options A, B, C (actual choice B), a section after each decision.

    Hidden text carries `sentinel` (default: the slug upper-cased) so leak tests can
    search every response for it: OUTCOME-<sentinel>-<n>, HINDSIGHT-..., AFTER-...
    """
    from casebook.cases.models import Case, CaseCompetency, CaseSection, Decision, DecisionOption

    n = next(_sequence)
    slug = slug or f"case-{n}"
    mark = sentinel or slug.upper()
    title = title or f"Case {n}"
    case = Case(
        slug=slug,
        title=title,
        summary=f"Summary of case {n}.",
        level=level,
        organization="Example Corp",
        year=2001,
        sources=["Example source"],
        decision_count=decisions,
        search_text=f"{title.lower()} summary of case {n}. background of case {n}",
        source_markdown="(made by a test factory)",
        source_sha256=f"{n:064d}",  # unique: pages cache snapshots by digest
        renderer_version=1,
    )
    case.competencies = [
        CaseCompetency(competency=c, position=i) for i, c in enumerate(competencies)
    ]
    sections = [CaseSection(position=0, after_decision=0, heading="Background",
                            html=f"<p>Background of case {n}.</p>")]
    db.session.add(case)
    db.session.flush()
    position = 1
    for number in range(1, decisions + 1):
        decision = Decision(
            case_id=case.id,
            key=f"d{number}",
            number=number,
            position=position,
            question=f"Question {number} of case {n}?",
            prompt_html=f"<p>Prompt {number}.</p>",
            actual_choice="B",
            outcome_html=f"<p>OUTCOME-{mark}-{number}</p>",
            hindsight_html=f"<p>HINDSIGHT-{mark}-{number}</p>",
            debate_prompts=[f"Debate prompt DEBATE-{mark}-{number}?"],
        )
        decision.options = [
            DecisionOption(label=label, position=i, html=f"Option {label} of decision {number}")
            for i, label in enumerate("ABC")
        ]
        db.session.add(decision)
        sections.append(CaseSection(position=position + 1, after_decision=number,
                                    heading=f"After {number}", html=f"<p>AFTER-{mark}-{number}</p>"))
        position += 2
    case.sections = sections
    db.session.commit()
    return case


def commit(user, decision, label: str = "A", confidence: int = 70, *,
           rationale: str = "Because the evidence points that way.",
           forecast_label: str | None = None, forecast_probability: int | None = None,
           knew_outcome: bool = False, committed_at=None):
    """A sealed commitment of `user` on `decision` (a Decision or its id), straight as a row.

    It skips the service's rules (visibility, Markdown) so any state can be built fast;
    tests of those rules call casebook.decisions.services.commit_choice instead.
    """
    from markupsafe import escape

    from casebook.decisions.models import Commitment
    from casebook.decisions.services import count_in_tally

    commitment = Commitment(
        user_id=getattr(user, "id", user),
        decision_id=getattr(decision, "id", decision),
        option_label=label,
        leader_level=getattr(user, "level", None),
        rationale_source=rationale,
        rationale_html=f"<p>{escape(rationale)}</p>",
        renderer_version=1,
        confidence=confidence,
        forecast_label=forecast_label,
        forecast_probability=forecast_probability,
        knew_outcome=knew_outcome,
    )
    if committed_at is not None:
        commitment.created_at = committed_at
    db.session.add(commitment)
    db.session.flush()
    # as the service does
    count_in_tally(commitment.decision_id, commitment.leader_level, label, knew_outcome)
    db.session.commit()
    return commitment


def pending_registration(email: str = "pending@example.com"):
    """A registration waiting for its link to be confirmed."""
    from casebook.accounts.models import PendingRegistration

    pending = PendingRegistration(email=email, display_name="P", password_hash="x")
    db.session.add(pending)
    db.session.commit()
    return pending


def reset_token(user) -> str:
    """The link a password reset of `user` would mail."""
    from casebook.accounts import tokens

    secret = current_app.config["SECRET_KEY"]
    return tokens.make_token(secret, tokens.RESET_SALT, {
        "u": user.id,
        "f": tokens.account_fingerprint(secret, user.password_hash, user.session_version)})


def registration_token(pending) -> str:
    from casebook.accounts import tokens

    return tokens.make_token(current_app.config["SECRET_KEY"], tokens.REGISTRATION_SALT,
                             {"p": pending.id, "e": pending.email})


def email_change_token(user, new: str = "moved@example.com") -> str:
    from casebook.accounts import tokens

    return tokens.make_token(current_app.config["SECRET_KEY"], tokens.EMAIL_CHANGE_SALT,
                             {"u": user.id, "old": user.email, "new": new})
