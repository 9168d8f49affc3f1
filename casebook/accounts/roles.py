"""Roles: granting, revoking, counting active admins, and the site's first admin."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import GRANTABLE_ROLES, FirstAdminClaim, User, UserRole


class RoleError(Exception):
    """A role change that is not allowed; the message is for the person who asked."""


def check_role_name(role: str) -> str:
    role = (role or "").strip().lower()
    if role == "leader":
        raise RoleError("Every account is a leader; that role cannot be granted or revoked.")
    if role not in GRANTABLE_ROLES:
        raise RoleError(f"Unknown role {role!r}; choose one of: {', '.join(GRANTABLE_ROLES)}.")
    return role


def grant_role(user: User, role: str) -> bool:
    """Give `user` the role; False when they already hold it."""
    role = check_role_name(role)
    if user.is_deleted:
        raise RoleError("A deleted account cannot hold roles.")
    if user.has_role(role):
        return False
    user.roles.append(UserRole(role=role))
    db.session.flush()
    return True


def revoke_role(user: User, role: str) -> bool:
    """Take the role away; False when they did not hold it. The last admin stays."""
    role = check_role_name(role)
    if not user.has_role(role):
        return False
    if role == "admin" and active_admin_count(excluding=user) == 0:
        raise RoleError("This is the only active admin; grant admin to someone else first.")
    user.roles = [r for r in user.roles if r.role != role]
    db.session.flush()
    return True


def active_admin_count(excluding: User | None = None) -> int:
    query = (
        select(func.count())
        .select_from(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "admin", User.is_suspended.is_(False), User.deleted_at.is_(None))
    )
    if excluding is not None:
        query = query.where(User.id != excluding.id)
    return db.session.scalar(query) or 0


def claim_first_admin(user: User) -> bool:
    """Make `user` admin if it is the first account of a new site; race-safe.

    Two first accounts created at once both see no other user; both then insert the
    single claim row, and the primary key lets only one of them succeed.
    """
    others = db.session.scalar(select(func.count()).select_from(User).where(User.id != user.id))
    if others:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(FirstAdminClaim(id=1, user_id=user.id))
    except IntegrityError:
        return False
    if not user.has_role("admin"):
        user.roles.append(UserRole(role="admin"))
    db.session.flush()
    return True
