"""Who may do what in a debate: named checks, usable from views and templates.

Reading is decided by the gate (access.py); these checks come after it, for readers
who already see the debate.

Moderators are editors, facilitators and admins. Cohorts do not exist yet, so a
facilitator moderates every debate (as they may preview every case); once cohorts land
this narrows to the debates of their cohorts' cases.
"""

from __future__ import annotations

MODERATOR_ROLES = ("editor", "facilitator", "admin")
STAFF_ROLES = ("facilitator", "author", "editor", "admin")


def is_active_member(user) -> bool:
    """Signed in, not suspended, not deleted."""
    return bool(
        getattr(user, "is_authenticated", False)
        and not getattr(user, "is_suspended", False)
        and getattr(user, "deleted_at", None) is None
    )


def can_moderate(user) -> bool:
    return is_active_member(user) and any(user.has_role(r) for r in MODERATOR_ROLES)


def can_read_audit_log(user) -> bool:
    return is_active_member(user) and user.has_role("admin")


def can_post(user, debate) -> bool:
    """New posts and replies; `debate` may be None before the first post."""
    return is_active_member(user) and not (debate is not None and debate.locked)


def can_edit_post(user, post, debate) -> bool:
    return (
        is_active_member(user)
        and post.author_id == user.id
        and not post.is_deleted
        and not post.is_hidden
        and not debate.locked
    )


def can_delete_post(user, post) -> bool:
    return is_active_member(user) and post.author_id == user.id and not post.is_deleted


def can_react(user, post) -> bool:
    return (
        is_active_member(user)
        and post.author_id != user.id
        and not post.is_deleted
        and not post.is_hidden
    )


def can_flag(user, post) -> bool:
    return is_active_member(user) and post.author_id != user.id and not post.is_deleted


def can_see_hidden_text(user) -> bool:
    """Moderators read hidden posts so that they can restore them."""
    return can_moderate(user)


def can_read_history(user, post, moderates: bool | None = None) -> bool:
    """Earlier versions of a live post are public to its readers; of a hidden one, to
    moderators (`moderates`: the debate's own answer, for a room; None: the site's)."""
    if post.is_deleted:
        return False
    return not post.is_hidden or (can_see_hidden_text(user) if moderates is None else moderates)


def can_suspend(actor, target) -> bool:
    """Moderators suspend members; only admins suspend staff; nobody suspends themselves."""
    if not can_moderate(actor) or target.id == actor.id or target.deleted_at is not None:
        return False
    if any(target.has_role(r) for r in STAFF_ROLES):
        return actor.has_role("admin")
    return True


def can_cite(user, post, committed: bool) -> bool:
    """"This changed my mind" on a post: a member who committed on the decision, about a
    live post of someone else's."""
    return (
        is_active_member(user)
        and committed
        and post.author_id != user.id
        and not post.is_deleted
        and not post.is_hidden
    )
