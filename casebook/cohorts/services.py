"""Cohorts and their rosters. Plain functions: they flush, the request commits once.

Every field is checked before anything is written, and every problem is reported at
once (Invalid with one message per field).
"""
from __future__ import annotations

from sqlalchemy import delete, select

from ..domain import Conflict, Invalid, NotAllowed, NotFound
from ..extensions import db
from . import fields
from .access import Seat
from .holds import forget_holds
from .models import (
    CO_FACILITATOR,
    DESCRIPTION_MAX,
    LEAD,
    MEMBER,
    NAME_MAX,
    Cohort,
    CohortMember,
)
from .permissions import (
    can_create_cohort,
    can_edit_cohort,
    can_leave,
    can_make_co_facilitator,
    can_make_member,
    can_remove_member,
)


def _details(name, description, time_zone, level) -> dict:
    problems: list[Invalid] = []
    values = {
        "name": fields.collect(problems, lambda: fields.clean_text(
            name, "name", "The cohort's name", NAME_MAX, required=True)),
        "description": fields.collect(problems, lambda: fields.clean_text(
            description or "", "description", "The description", DESCRIPTION_MAX,
            required=False)),
        "time_zone": fields.collect(problems, lambda: fields.time_zone(time_zone)),
        "level": fields.collect(problems, lambda: fields.level(level)),
    }
    if problems:
        raise Invalid.collect(problems)
    return values


def create_cohort(user, name, description, time_zone, level) -> Cohort:
    """A new cohort led by `user` (a facilitator or an admin)."""
    if not can_create_cohort(user):
        raise NotAllowed("Only facilitators and admins can start a cohort.")
    values = _details(name, description, time_zone, level)
    cohort = Cohort(created_by_id=user.id, **values)
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role=LEAD))
    db.session.flush()
    return cohort


def edit_cohort(seat: Seat, name, description, time_zone, level) -> None:
    if not can_edit_cohort(seat.role):
        raise NotAllowed("Only the cohort's lead facilitator can change its details.")
    values = _details(name, description, time_zone, level)
    cohort = db.session.get(Cohort, seat.cohort.id)
    for key, value in values.items():
        setattr(cohort, key, value)
    db.session.flush()


def _member(cohort_id: int, user_id: int) -> CohortMember:
    row = db.session.get(CohortMember, (cohort_id, user_id))
    if row is None:
        raise NotFound()
    return row


def remove_member(seat: Seat, user_id: int) -> None:
    target = _member(seat.cohort.id, user_id)
    if not can_remove_member(seat.role, target.role):
        raise NotAllowed("You cannot remove this person from the cohort.")
    db.session.delete(target)
    db.session.flush()
    forget_holds()


def make_co_facilitator(seat: Seat, user_id: int) -> None:
    target = _member(seat.cohort.id, user_id)
    if target.role == CO_FACILITATOR:
        raise Conflict("They already co-facilitate this cohort.")
    if not can_make_co_facilitator(seat.role, target.role):
        raise NotAllowed("You cannot make this person a co-facilitator.")
    target.role = CO_FACILITATOR
    db.session.flush()
    forget_holds()


def make_member(seat: Seat, user_id: int) -> None:
    target = _member(seat.cohort.id, user_id)
    if target.role == MEMBER:
        raise Conflict("They are already a member, not a facilitator.")
    if not can_make_member(seat.role, target.role):
        raise NotAllowed("Only the lead facilitator can do that.")
    target.role = MEMBER
    db.session.flush()
    forget_holds()


def leave_cohort(user, seat: Seat) -> None:
    if not can_leave(seat.role):
        raise Conflict("The lead facilitator cannot leave the cohort they lead.")
    db.session.execute(delete(CohortMember).where(
        CohortMember.cohort_id == seat.cohort.id, CohortMember.user_id == user.id))
    db.session.flush()
    forget_holds()


def cohort_ids_of(user) -> list[int]:
    return list(db.session.scalars(select(CohortMember.cohort_id).where(
        CohortMember.user_id == user.id)))
