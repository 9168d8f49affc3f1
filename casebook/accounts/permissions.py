"""Who may do what with accounts: named checks for views and templates (Jinja globals).

Each takes the current user (possibly anonymous) and answers False for anyone who is not
signed in, is suspended or is deleted.
"""
from __future__ import annotations


def is_active_member(user) -> bool:
    """Signed in, not suspended, not deleted."""
    return bool(
        getattr(user, "is_authenticated", False)
        and not getattr(user, "is_suspended", False)
        and getattr(user, "deleted_at", None) is None
    )


def has_active_role(user, role: str) -> bool:
    return is_active_member(user) and user.has_role(role)


def can_manage_users(user) -> bool:
    """List, search, grant and revoke roles, suspend and unsuspend accounts."""
    return has_active_role(user, "admin")


def can_read_outbox(user) -> bool:
    """Read the mail kept in development (it holds sign-in links: admins only)."""
    return has_active_role(user, "admin")


def can_manage_own_account(user) -> bool:
    """Profile, password, email, data download and deletion of one's own account."""
    return is_active_member(user)


def can_view_profile(viewer, target) -> bool:
    """A profile is private by default: its owner and admins see it, others once public."""
    if target is None or target.is_deleted:
        return False
    if is_active_member(viewer) and (viewer.id == target.id or viewer.has_role("admin")):
        return True
    return bool(target.profile_public) and not target.is_suspended


def can_change_role(actor, target, role: str) -> bool:
    """Admins change roles of anyone but the deleted; never their own admin role."""
    if not can_manage_users(actor) or target is None or target.is_deleted:
        return False
    return not (role == "admin" and actor.id == target.id)


def can_suspend_account(actor, target) -> bool:
    """Admins suspend anyone but themselves (and a deleted account has nothing to suspend)."""
    return can_manage_users(actor) and target is not None and not target.is_deleted and (
        actor.id != target.id
    )


TEMPLATE_GLOBALS = {
    "is_active_member": is_active_member,
    "can_manage_users": can_manage_users,
    "can_read_outbox": can_read_outbox,
    "can_manage_own_account": can_manage_own_account,
    "can_view_profile": can_view_profile,
    "can_change_role": can_change_role,
    "can_suspend_account": can_suspend_account,
}
