"""Invitations: codes and links that expire, can be revoked and have a number of uses;
email invitations (one use, bound to the address); and joining with one.

A join spends one use with a single conditional UPDATE (uses < max_uses, not revoked,
not expired), so parallel joins on any number of workers never pass the limit; a CHECK
constraint backs it in the database.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import render_template, url_for
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..clock import as_utc, utcnow
from ..domain import Conflict, DomainError, Invalid, NotAllowed, NotFound
from ..extensions import db
from ..mail import send_mail
from . import fields
from .access import Seat
from .holds import forget_holds
from .models import (
    INVITATION_DAYS_LIMIT,
    MAX_USES_LIMIT,
    MEMBER,
    Cohort,
    CohortInvitation,
    CohortMember,
)

# No 0/O, 1/I/L: a code read aloud in a room is typed right the first time.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # about 59 bits: guessing one is hopeless at any rate limit
_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


class InvitationGone(DomainError):
    """Expired, revoked or used up: it existed, and no longer opens the cohort."""

    status = 410


@dataclass(frozen=True)
class InvitationView:
    id: int
    code: str
    shown_code: str  # grouped for reading aloud: ABCD-EFGH-JKMN
    email: str | None
    uses: int
    max_uses: int
    expires_at: datetime
    status: str  # "active" | "expired" | "revoked" | "used up"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalize_code(raw) -> str | None:
    """The code as stored, from what someone typed (any case, dashes, spaces); or None."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    code = re.sub(r"[\s-]+", "", raw).upper()
    return code if _CODE.fullmatch(code) else None


def status_of(invitation: CohortInvitation, now: datetime | None = None) -> str:
    now = now or utcnow()
    if invitation.revoked_at is not None:
        return "revoked"
    if as_utc(invitation.expires_at) <= now:
        return "expired"
    if invitation.uses >= invitation.max_uses:
        return "used up"
    return "active"


def _limits(days, max_uses, *, uses_field: bool = True) -> tuple[int, int]:
    problems: list[Invalid] = []
    days = fields.collect(problems, lambda: fields.whole_number(
        days, 1, INVITATION_DAYS_LIMIT, "days", "The number of days"))
    uses = 1
    if uses_field:
        uses = fields.collect(problems, lambda: fields.whole_number(
            max_uses, 1, MAX_USES_LIMIT, "max_uses", "The number of uses"))
    if problems:
        raise Invalid.collect(problems)
    return days, uses


def _invitation(seat: Seat, user, days: int, uses: int, email: str | None) -> CohortInvitation:
    invitation = CohortInvitation(
        cohort_id=seat.cohort.id, code=new_code(), email=email, max_uses=uses,
        expires_at=utcnow() + timedelta(days=days), created_by_id=user.id,
    )
    db.session.add(invitation)
    return invitation


def create_link(seat: Seat, user, days, max_uses) -> CohortInvitation:
    """A code (and its link) any number of people up to `max_uses` can join with."""
    days, uses = _limits(days, max_uses)
    invitation = _invitation(seat, user, days, uses, None)
    db.session.flush()
    return invitation


def invite_by_email(seat: Seat, user, emails, days) -> list[str]:
    """One single-use invitation mailed to each address; every address is checked first."""
    problems: list[Invalid] = []
    addresses = fields.collect(problems, lambda: fields.email_list(emails))
    limits = fields.collect(problems, lambda: _limits(days, 1, uses_field=False))
    if problems:
        raise Invalid.collect(problems)
    invitations = [_invitation(seat, user, limits[0], 1, address) for address in addresses]
    db.session.flush()
    for invitation in invitations:
        link = url_for("cohorts.invitation", code=invitation.code, _external=True)
        send_mail(invitation.email, f"You are invited to join {seat.cohort.name} on Casebook",
                  render_template("cohorts/mail/invitation.txt", cohort=seat.cohort,
                                  inviter=user.display_name, link=link,
                                  code=shown(invitation.code), days=limits[0]))
    return addresses


def revoke(seat: Seat, invitation_id: int) -> None:
    invitation = _of_cohort(seat, invitation_id)
    if invitation.revoked_at is not None:
        raise Conflict("This invitation was already revoked.")
    invitation.revoked_at = utcnow()
    db.session.flush()


def _of_cohort(seat: Seat, invitation_id: int) -> CohortInvitation:
    invitation = db.session.get(CohortInvitation, invitation_id)
    if invitation is None or invitation.cohort_id != seat.cohort.id:
        raise NotFound()
    return invitation


def invitations_of(seat: Seat) -> list[InvitationView]:
    rows = db.session.scalars(
        select(CohortInvitation).where(CohortInvitation.cohort_id == seat.cohort.id)
        .order_by(CohortInvitation.created_at.desc(), CohortInvitation.id.desc())
    )
    now = utcnow()
    return [
        InvitationView(id=i.id, code=i.code, shown_code=shown(i.code), email=i.email,
                       uses=i.uses, max_uses=i.max_uses, expires_at=as_utc(i.expires_at),
                       status=status_of(i, now))
        for i in rows
    ]


@dataclass(frozen=True)
class Invited:
    """What an invitation's landing page shows: the cohort it opens, and for whom."""

    code: str
    cohort_id: int
    cohort_name: str
    cohort_description: str
    email: str | None
    expires_at: datetime


def open_invitation(raw_code) -> Invited:
    """The invitation a code names; NotFound if none, InvitationGone if no longer usable."""
    code = normalize_code(raw_code)
    invitation = db.session.scalar(
        select(CohortInvitation).where(CohortInvitation.code == code)) if code else None
    if invitation is None:
        raise NotFound()
    state = status_of(invitation)
    if state != "active":
        raise InvitationGone(_GONE[state])
    cohort = db.session.get(Cohort, invitation.cohort_id)
    return Invited(code=invitation.code, cohort_id=cohort.id, cohort_name=cohort.name,
                   cohort_description=cohort.description, email=invitation.email,
                   expires_at=as_utc(invitation.expires_at))


_GONE = {
    "expired": "This invitation has expired. Ask your facilitator for a new one.",
    "revoked": "This invitation was withdrawn by the cohort's facilitator. Ask them for a new one.",
    "used up": "This invitation has been used as many times as it allows. "
               "Ask your facilitator for a new one.",
}


def join(user, raw_code) -> tuple[int, bool]:
    """Join the cohort the code opens: (cohort id, True) or (cohort id, False) if already in.

    An email invitation opens only for the account with that address.
    """
    invited = open_invitation(raw_code)
    if db.session.get(CohortMember, (invited.cohort_id, user.id)) is not None:
        return invited.cohort_id, False
    if invited.email is not None and invited.email != (user.email or "").lower():
        raise NotAllowed("This invitation was sent to another email address. Sign in with "
                         "that address, or ask your facilitator for an invitation link.")
    spent = db.session.execute(
        update(CohortInvitation)
        .where(CohortInvitation.code == invited.code,
               CohortInvitation.uses < CohortInvitation.max_uses,
               CohortInvitation.revoked_at.is_(None),
               CohortInvitation.expires_at > utcnow())
        .values(uses=CohortInvitation.uses + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if spent != 1:  # the last use went to a parallel join a moment ago
        raise InvitationGone(_GONE["used up"])
    try:
        with db.session.begin_nested():
            db.session.add(CohortMember(cohort_id=invited.cohort_id, user_id=user.id,
                                        role=MEMBER))
    except IntegrityError:  # the same person joining twice at once: keep the first
        raise Conflict("You joined this cohort a moment ago.") from None
    forget_holds()
    return invited.cohort_id, True
