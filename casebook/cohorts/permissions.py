"""Who may do what in a cohort: named checks on a person's part in it (their role).

A cohort exists only for its people: anyone else, admins included, gets 404 from every
cohort page (access.open_cohort), exactly as for a cohort that does not exist. Inside,
the lead facilitator may do everything; co-facilitators run the programme, the
invitations, the reveal and the roster of members; members take part.
"""
from __future__ import annotations

from ..accounts.permissions import is_active_member
from .models import CO_FACILITATOR, FACILITATING, LEAD, MEMBER

CREATOR_ROLES = ("facilitator", "admin")


def can_create_cohort(user) -> bool:
    """Facilitators and admins start cohorts (and lead the ones they start)."""
    return is_active_member(user) and any(user.has_role(role) for role in CREATOR_ROLES)


def facilitates(role: str | None) -> bool:
    """Lead or co-facilitator: runs the programme, invitations, reveal and roster."""
    return role in FACILITATING


def can_edit_cohort(role: str | None) -> bool:
    """The cohort's name, description, time zone and level belong to its lead."""
    return role == LEAD


def can_remove_member(actor_role: str | None, target_role: str | None) -> bool:
    """The lead removes anyone but themselves; co-facilitators remove members."""
    if actor_role == LEAD:
        return target_role in (CO_FACILITATOR, MEMBER)
    return actor_role == CO_FACILITATOR and target_role == MEMBER


def can_make_co_facilitator(actor_role: str | None, target_role: str | None) -> bool:
    return facilitates(actor_role) and target_role == MEMBER


def can_make_member(actor_role: str | None, target_role: str | None) -> bool:
    """Only the lead turns a co-facilitator back into a member."""
    return actor_role == LEAD and target_role == CO_FACILITATOR


def can_leave(role: str | None) -> bool:
    """Anyone but the lead may leave (a cohort always has its lead)."""
    return role in (CO_FACILITATOR, MEMBER)


def can_view_track_record(actor_role: str | None, shares: bool) -> bool:
    """A cohort's facilitators see a member's track record once the member shares it."""
    return facilitates(actor_role) and shares
