"""Who may do what with submissions: named checks on the signed-in person.

A submission exists only for its author and the editors: anyone else, signed in or
not, gets 404 from every page of it, exactly as for a submission that does not exist.
"""
from __future__ import annotations

from ..accounts.permissions import is_active_member

SUBMITTING_ROLES = ("author", "editor", "admin")
REVIEWING_ROLES = ("editor", "admin")


def can_submit(user) -> bool:
    """Authors, editors and admins send cases to the site."""
    return is_active_member(user) and any(user.has_role(role) for role in SUBMITTING_ROLES)


def can_review(user) -> bool:
    """Editors and admins see every submission."""
    return is_active_member(user) and any(user.has_role(role) for role in REVIEWING_ROLES)


def can_see_submission(user, author_id: int) -> bool:
    """Its author and the editors; nobody else learns it exists."""
    if not is_active_member(user):
        return False
    return user.id == author_id or can_review(user)


def can_revise(user, author_id: int) -> bool:
    """Only the author sends a new version of their submission."""
    return is_active_member(user) and user.id == author_id and can_submit(user)
