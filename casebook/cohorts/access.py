"""Loading a cohort for one person: the cohort as frozen facts and their part in it, or
NotFound. A cohort is private to its people: to anyone else it answers exactly like a
cohort that does not exist.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..accounts.models import User
from ..accounts.permissions import is_active_member
from ..domain import NotAllowed, NotFound
from ..extensions import db
from .models import FACILITATING, Cohort, CohortMember
from .permissions import facilitates


@dataclass(frozen=True)
class CohortFacts:
    """What the cohort's people see of it."""

    id: int
    name: str
    description: str
    time_zone: str
    level: str | None
    members: int  # participants, facilitators not counted
    facilitators: tuple[str, ...]  # display names, lead first


@dataclass(frozen=True)
class Seat:
    """A person's place in a cohort: the cohort and their role in it."""

    cohort: CohortFacts
    role: str

    @property
    def facilitating(self) -> bool:
        return facilitates(self.role)


def role_in(user, cohort_id: int) -> str | None:
    if not is_active_member(user):
        return None
    return db.session.scalar(
        select(CohortMember.role).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == user.id
        )
    )


def open_cohort(user, cohort_id: int) -> Seat:
    """The cohort as this person may see it; NotFound unless they are in it."""
    role = role_in(user, cohort_id)
    cohort = db.session.get(Cohort, cohort_id) if role else None
    if cohort is None:
        raise NotFound()
    return Seat(cohort_facts(cohort), role)


def open_as_facilitator(user, cohort_id: int) -> Seat:
    """The cohort for running it; members get 403 (they see the cohort, not its controls)."""
    seat = open_cohort(user, cohort_id)
    if not seat.facilitating:
        raise NotAllowed("Only the cohort's facilitators can do that.")
    return seat


def cohort_facts(cohort: Cohort) -> CohortFacts:
    rows = db.session.execute(
        select(CohortMember.role, User.display_name)
        .join(User, User.id == CohortMember.user_id)
        .where(CohortMember.cohort_id == cohort.id, CohortMember.role.in_(FACILITATING))
        .order_by(CohortMember.role.desc(), CohortMember.joined_at)  # "lead" sorts after "co-"
    ).all()
    members = db.session.scalar(
        select(func.count()).select_from(CohortMember)
        .where(CohortMember.cohort_id == cohort.id, CohortMember.role.not_in(FACILITATING))
    )
    return CohortFacts(
        id=cohort.id,
        name=cohort.name,
        description=cohort.description,
        time_zone=cohort.time_zone,
        level=cohort.level,
        members=members or 0,
        facilitators=tuple(name for _, name in rows),
    )
