"""Suspending and unsuspending an account: the one service admins and moderators use.

Who may suspend whom is the caller's check (admins: accounts.permissions; moderators:
debates.permissions). This does the rest, in the caller's transaction: the flag, the end
of every session and remember-me cookie of the account, and the audit row.
"""
from __future__ import annotations

from ..extensions import db
from .models import AccountAction, User
from .roles import active_admin_count
from .session_records import end_every_session


class SuspensionError(Exception):
    """A suspension that is not allowed; the message is for the person who asked."""


def set_suspension(actor: User, target: User, *, suspended: bool, reason: str = "") -> bool:
    """Suspend or unsuspend `target`; False (and no audit row) when it already was so."""
    if target.is_suspended == suspended:
        return False
    if target.is_deleted:
        raise SuspensionError("A deleted account cannot be suspended or unsuspended.")
    if suspended and target.has_role("admin") and active_admin_count(excluding=target) == 0:
        raise SuspensionError("This is the only active admin; it cannot be suspended.")
    target.is_suspended = suspended
    if suspended:
        # Sessions opened later, while suspended, cannot exist: sign-in refuses them.
        end_every_session(target)
    db.session.add(AccountAction(
        actor_id=actor.id, action="suspend_user" if suspended else "unsuspend_user",
        target_id=target.id, reason=(reason or "").strip()[:500],
    ))
    db.session.flush()
    return True
