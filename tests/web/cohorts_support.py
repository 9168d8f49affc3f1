"""Helpers shared by the cohorts tests: cohorts, members, invitations and programme rows
built through the real services (inside an app context), and a few readers of pages."""
from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

from casebook.accounts.models import User
from casebook.clock import utcnow
from casebook.cohorts import invitations, programme, services
from casebook.cohorts.access import open_cohort
from casebook.cohorts.models import (
    CO_FACILITATOR,
    MEMBER,
    CohortInvitation,
    CohortMember,
)
from casebook.decisions.models import TrackRecordSharing
from casebook.extensions import db


def user_row(user) -> User:
    return db.session.get(User, getattr(user, "id", user))


def make_cohort(lead, name: str = "Spring cohort", *, members=(), co=(), time_zone="UTC",
                level=None, description="A test cohort.") -> int:
    """A cohort led by `lead` (a facilitator or admin), with members and co-facilitators."""
    cohort = services.create_cohort(user_row(lead), name, description, time_zone, level)
    for person in members:
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=person.id, role=MEMBER))
    for person in co:
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=person.id, role=CO_FACILITATOR))
    db.session.commit()
    return cohort.id


def seat_of(user, cohort_id: int):
    return open_cohort(user_row(user), cohort_id)


def assign(lead, cohort_id: int, case_slug: str, *, hold: bool = True, due: str = "2030-06-01",
           notes: str = "Read it before the session.") -> int:
    assignment = programme.assign_case(seat_of(lead, cohort_id), case_slug, due, "09:00",
                                       notes, hold)
    db.session.commit()
    return assignment.id


def reveal(lead, cohort_id: int, decision_id: int) -> None:
    programme.reveal(seat_of(lead, cohort_id), decision_id)
    db.session.commit()


def close(lead, cohort_id: int, decision_id: int) -> None:
    programme.close_commitments(seat_of(lead, cohort_id), decision_id)
    db.session.commit()


def link_invitation(lead, cohort_id: int, *, days=14, uses=10) -> SimpleNamespace:
    invitation = invitations.create_link(seat_of(lead, cohort_id), user_row(lead), days, uses)
    db.session.commit()
    return SimpleNamespace(id=invitation.id, code=invitation.code)


def expire(invitation_id: int) -> None:
    row = db.session.get(CohortInvitation, invitation_id)
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()


def share_track_record(user) -> None:
    db.session.merge(TrackRecordSharing(user_id=user.id, share_with_cohorts=True))
    db.session.commit()


def members_of(cohort_id: int) -> dict[int, str]:
    return dict(db.session.execute(select(CohortMember.user_id, CohortMember.role).where(
        CohortMember.cohort_id == cohort_id)).all())


def count_rows(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def flashes(html: str) -> list[str]:
    return re.findall(r'<p class="flash flash-\w+">([^<]*)</p>', html)
