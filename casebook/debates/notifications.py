"""In-app notifications: replies to my posts, @mentions, and moderation of my posts.

A notification stores references only (kind, post id, actor id). Its words are made
when it is read, through the gate: a reader who has not unlocked the decision is told
only that something happened, in a case whose title is public, never the post's text.

Mention syntax: @[Display Name] (brackets, so names with spaces and punctuation work).
Matching is case-insensitive on the whole display name. When several members share the
name, those who have posted in the same debate are notified; if none has, nobody is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import bindparam, func, select, update

from ..accounts.models import User
from ..cases.models import Case, Decision
from ..clock import utcnow
from ..db import read_rows
from ..extensions import db
from .models import Debate, ModerationAction, Notification, Post

MENTION_PATTERN = re.compile(r"@\[([^\[\]\n]{1,80})\]")
MAX_MENTIONS_PER_POST = 10
SNIPPET_CHARS = 160


def mentioned_names(text: str) -> list[str]:
    """Distinct mentioned display names in order, at most MAX_MENTIONS_PER_POST."""
    seen: dict[str, str] = {}
    for match in MENTION_PATTERN.finditer(text or ""):
        name = " ".join(match.group(1).split())
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())[:MAX_MENTIONS_PER_POST]


def _resolve_mentions(names: list[str], debate_id: int) -> set[int]:
    if not names:
        return set()
    rows = db.session.execute(
        select(User.id, func.lower(User.display_name)).where(
            func.lower(User.display_name).in_([n.lower() for n in names]), User.deleted_at.is_(None)
        )
    ).all()
    by_name: dict[str, list[int]] = {}
    for user_id, name in rows:
        by_name.setdefault(name, []).append(user_id)
    ambiguous = {uid for ids in by_name.values() if len(ids) > 1 for uid in ids}
    participants = set()
    if ambiguous:
        participants = set(
            db.session.scalars(
                select(Post.author_id)
                .where(Post.debate_id == debate_id, Post.author_id.in_(ambiguous))
                .distinct()
            )
        )
    chosen = set()
    for ids in by_name.values():
        chosen.update(ids if len(ids) == 1 else [i for i in ids if i in participants])
    return chosen


def _notify(
    user_id: int, kind: str, post: Post, actor_id: int | None, action_id: int | None = None
):
    db.session.add(
        Notification(
            user_id=user_id,
            kind=kind,
            post_id=post.id,
            actor_id=actor_id,
            moderation_action_id=action_id,
        )
    )


def notify_new_post(post: Post, parent: Post | None, author) -> None:
    """A reply notifies the parent's author; mentions notify the mentioned (once each)."""
    told = {author.id}
    if parent is not None and parent.author_id not in told:
        _notify(parent.author_id, "reply", post, author.id)
        told.add(parent.author_id)
    for user_id in _resolve_mentions(mentioned_names(post.body_source), post.debate_id) - told:
        _notify(user_id, "mention", post, author.id)
    db.session.flush()


def notify_new_mentions(post: Post, author, previous_text: str) -> None:
    """After an edit: notify names mentioned now and not before."""
    before = {n.lower() for n in mentioned_names(previous_text)}
    names = [n for n in mentioned_names(post.body_source) if n.lower() not in before]
    already = set(
        db.session.scalars(select(Notification.user_id).where(Notification.post_id == post.id))
    )
    for user_id in _resolve_mentions(names, post.debate_id) - already - {author.id}:
        _notify(user_id, "mention", post, author.id)
    db.session.flush()


def notify_moderation(post: Post, action: ModerationAction) -> None:
    _notify(post.author_id, "moderation", post, None, action.id)
    db.session.flush()


# Built once: the header asks on every page a member opens.
_UNREAD = (
    select(func.count())
    .select_from(Notification)
    .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))
)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return read_rows(_UNREAD, {"user_id": user.id}).scalar() or 0


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one notification (or all of the user's) read; returns how many changed."""
    query = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    return db.session.execute(
        query.values(read_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount


@dataclass
class NotificationView:
    id: int
    kind: str
    unread: bool
    created_at: object
    unlocked: bool
    case_title: str
    case_slug: str
    post_id: int | None = None  # set only when the reader may open the post
    actor_name: str | None = None
    snippet: str | None = None
    reason: str | None = None  # a moderator's reason, for moderation of my post
    action: str | None = None


def notifications_page(user, page: int, per_page: int = 30) -> tuple[list[NotificationView], int]:
    """The user's notifications, newest first, each worded from the reader's view."""
    from .access import readable_debates

    total = db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id)
    )
    rows = db.session.execute(
        select(Notification, Post, Debate.decision_id)
        .join(Post, Notification.post_id == Post.id)
        .join(Debate, Post.debate_id == Debate.id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    decision_ids = {decision_id for _, _, decision_id in rows}
    decisions = {
        d.id: d for d in db.session.scalars(select(Decision).where(Decision.id.in_(decision_ids)))
    }
    cases = {
        c.id: c
        for c in db.session.scalars(
            select(Case).where(Case.id.in_({d.case_id for d in decisions.values()}))
        )
    }
    actor_ids = {n.actor_id for n, _, _ in rows if n.actor_id}
    actors = (
        dict(
            db.session.execute(
                select(User.id, User.display_name).where(
                    User.id.in_(actor_ids), User.deleted_at.is_(None)
                )
            ).all()
        )
        if actor_ids
        else {}
    )
    action_ids = {n.moderation_action_id for n, _, _ in rows if n.moderation_action_id}
    actions = (
        {
            a.id: a
            for a in db.session.scalars(
                select(ModerationAction).where(ModerationAction.id.in_(action_ids))
            )
        }
        if action_ids
        else {}
    )
    readable = readable_debates(user, cases)
    views = []
    for note, post, decision_id in rows:
        case = cases[decisions[decision_id].case_id]
        unlocked = decision_id in readable
        view = NotificationView(
            id=note.id,
            kind=note.kind,
            unread=note.read_at is None,
            created_at=note.created_at,
            unlocked=unlocked,
            case_title=case.title,
            case_slug=case.slug,
        )
        if unlocked:
            view.post_id = post.id
            view.actor_name = actors.get(note.actor_id, "former member") if note.actor_id else None
            view.snippet = post_snippet(post)
            action = actions.get(note.moderation_action_id)
            if action is not None:
                view.action, view.reason = action.action, action.reason
        views.append(view)
    return views, max(1, -(-total // per_page))


def post_is_readable(user, post_id: int) -> bool:
    """The reading model's answer for one post: is its decision's outcome unlocked?"""
    from .access import readable_debates

    row = db.session.execute(
        select(Decision.id, Decision.case_id)
        .join(Debate, Debate.decision_id == Decision.id)
        .join(Post, Post.debate_id == Debate.id)
        .where(Post.id == post_id)
    ).first()
    return row is not None and row.id in readable_debates(user, [row.case_id])


def post_snippet(post: Post) -> str:
    """A short plain-text excerpt; never the text of a removed post."""
    if post.is_deleted:
        return "[deleted]"
    if post.is_hidden:
        return "[hidden by a moderator]"
    text = " ".join(Markup(post.body_html).striptags().split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1].rstrip() + "…"
