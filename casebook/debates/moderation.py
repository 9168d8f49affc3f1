"""Moderation: hide and restore posts, lock debates, suspend members, work the flag queue.

Every post and debate action writes one ModerationAction row, in the same transaction as
the change it records. Suspensions go through the accounts service, which writes its own
audit row (AccountAction); the audit log admins read shows both.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal, select, union_all, update

from ..accounts.models import AccountAction, User
from ..accounts.suspension import SuspensionError, set_suspension
from ..clock import utcnow
from ..extensions import db
from . import notifications
from .models import Debate, Flag, ModerationAction, Post
from .permissions import can_moderate, can_suspend
from .services import NotAllowed


def _record(
    actor, action: str, target_type: str, target_id: int, reason: str, moderates: bool | None
) -> ModerationAction:
    # `moderates`: the view's answer for this debate (a room has its own moderators,
    # debates/rooms.py); None asks the site's roles.
    if not (can_moderate(actor) if moderates is None else moderates):
        raise NotAllowed("Only moderators can do this.")
    entry = ModerationAction(
        actor_id=actor.id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=(reason or "").strip()[:500],
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def _resolve_flags(post: Post, actor) -> int:
    return db.session.execute(
        update(Flag)
        .where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount


def hide_post(actor, post: Post, reason: str = "", *, moderates=None) -> ModerationAction:
    """Hide a post from everyone but moderators; resolves its flags and tells its author."""
    entry = _record(actor, "hide_post", "post", post.id, reason, moderates)
    if post.hidden_at is None:
        post.hidden_at = utcnow()
    _resolve_flags(post, actor)
    notifications.notify_moderation(post, entry)
    return entry


def restore_post(actor, post: Post, reason: str = "", *, moderates=None) -> ModerationAction:
    entry = _record(actor, "restore_post", "post", post.id, reason, moderates)
    post.hidden_at = None
    notifications.notify_moderation(post, entry)
    return entry


def dismiss_flags(actor, post: Post, reason: str = "", *, moderates=None) -> ModerationAction:
    """The post stays as it is; its open flags leave the queue."""
    entry = _record(actor, "dismiss_flags", "post", post.id, reason, moderates)
    _resolve_flags(post, actor)
    return entry


def set_debate_locked(
    actor, debate: Debate, locked: bool, reason: str = "", *, moderates=None
) -> ModerationAction:
    """A locked debate takes no new posts, replies or edits; reading goes on."""
    entry = _record(
        actor, "lock_debate" if locked else "unlock_debate", "debate", debate.id, reason,
        moderates,
    )
    debate.locked = locked
    return entry


def set_suspended(actor, target: User, suspended: bool, reason: str = "") -> bool:
    """A suspended member is signed out everywhere and cannot sign in, post or react.

    The accounts service does it, as for an admin; False when nothing changed."""
    if not can_suspend(actor, target):
        raise NotAllowed("You cannot suspend this member.")
    try:
        return set_suspension(actor, target, suspended=suspended, reason=reason)
    except SuspensionError as problem:
        raise NotAllowed(str(problem)) from None


@dataclass
class QueueItem:
    post: Post
    flags: int
    reasons: list[str]
    first_flagged_at: object
    author: User


@dataclass(frozen=True)
class RoomFlag:
    """A flagged post of a room, for the room's own moderators (on the room's page)."""

    post_id: int
    flags: int
    reasons: tuple[str, ...]


def room_flags(debate_id: int) -> tuple[RoomFlag, ...]:
    """The open flags on a room debate's posts: the site's queue never shows a room's
    posts (their text is the room's), so its moderators see them where they moderate."""
    rows = db.session.execute(
        select(Flag.post_id, Flag.reason, Flag.details)
        .join(Post, Post.id == Flag.post_id)
        .where(Post.debate_id == debate_id, Flag.resolved_at.is_(None))
        .order_by(Flag.created_at, Flag.id)
    ).all()
    found: dict[int, list[str]] = {}
    for post_id, reason, details in rows:
        found.setdefault(post_id, []).append(f"{reason}: {details}" if details else reason)
    return tuple(RoomFlag(post_id, len(reasons), tuple(reasons))
                 for post_id, reasons in found.items())


def flag_queue(limit: int = 100) -> list[QueueItem]:
    """Posts of public debates with open flags, most flagged first, oldest first among
    equals (a room's flags are its own moderators': room_flags)."""
    open_flags = (
        select(Flag.post_id, func.count().label("n"), func.min(Flag.created_at).label("first"))
        .where(Flag.resolved_at.is_(None))
        .group_by(Flag.post_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Post, open_flags.c.n, open_flags.c.first)
        .join(open_flags, open_flags.c.post_id == Post.id)
        .join(Debate, Debate.id == Post.debate_id)
        .where(Debate.room_id.is_(None))
        .order_by(open_flags.c.n.desc(), open_flags.c.first)
        .limit(limit)
    ).all()
    reasons: dict[int, list[str]] = {}
    if rows:
        for post_id, reason, details in db.session.execute(
            select(Flag.post_id, Flag.reason, Flag.details)
            .where(Flag.resolved_at.is_(None), Flag.post_id.in_([p.id for p, _, _ in rows]))
            .order_by(Flag.created_at)
        ):
            reasons.setdefault(post_id, []).append(f"{reason}: {details}" if details else reason)
    authors = (
        {
            u.id: u
            for u in db.session.scalars(
                select(User).where(User.id.in_({p.author_id for p, _, _ in rows}))
            )
        }
        if rows
        else {}
    )
    return [
        QueueItem(
            post=p,
            flags=n,
            reasons=reasons.get(p.id, []),
            first_flagged_at=first,
            author=authors[p.author_id],
        )
        for p, n, first in rows
    ]


def _audit_entries():
    """Post and debate actions, and the suspensions the accounts service recorded."""
    moderation = select(
        ModerationAction.id, ModerationAction.created_at, ModerationAction.action,
        ModerationAction.target_type, ModerationAction.target_id, ModerationAction.reason,
        ModerationAction.actor_id,
    )
    accounts = select(
        AccountAction.id, AccountAction.created_at, AccountAction.action,
        literal("user").label("target_type"), AccountAction.target_id, AccountAction.reason,
        AccountAction.actor_id,
    )
    return union_all(moderation, accounts).subquery()


def audit_log(page: int, per_page: int = 50) -> tuple[list[tuple[object, str]], int]:
    """Moderation actions and suspensions, newest first, with the actor's name."""
    entries = _audit_entries()
    total = db.session.scalar(select(func.count()).select_from(entries))
    rows = db.session.execute(
        select(entries, User.display_name)
        .join(User, User.id == entries.c.actor_id)
        .order_by(entries.c.created_at.desc(), entries.c.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [(row, row.display_name) for row in rows], max(1, -(-total // per_page))
