"""In-app notifications: replies to my posts, @mentions, and moderation of my posts.

A notification stores references only (kind, post id, actor id). Its words are made
when it is read, through the gate: a reader who has not unlocked the decision is told
only that something happened, in a case whose title is public, never the post's text.

Mentions (@[Display Name]) are resolved to members when the post is saved
(debates/mentions.py); this module is told their ids and notifies each once.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import bindparam, func, select, update

from ..accounts.models import User
from ..accounts.signed_in import account_fact, known_fact
from ..cases.models import Case, Decision
from ..clock import utcnow
from ..db import read_rows
from ..extensions import db
from .mentions import mentioned_members, present
from .models import Debate, ModerationAction, Notification, Post

SNIPPET_CHARS = 160


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


def notify_new_post(post: Post, parent: Post | None, author, mentioned=()) -> None:
    """A reply notifies the parent's author; mentions notify the mentioned (once each)."""
    told = {author.id}
    if parent is not None and parent.author_id not in told:
        _notify(parent.author_id, "reply", post, author.id)
        told.add(parent.author_id)
    for user_id in dict.fromkeys(mentioned):
        if user_id not in told:
            _notify(user_id, "mention", post, author.id)
            told.add(user_id)
    db.session.flush()


def notify_new_mentions(post: Post, author, mentioned) -> None:
    """After an edit: notify the members mentioned now who were not told of this post."""
    already = set(
        db.session.scalars(select(Notification.user_id).where(Notification.post_id == post.id))
    )
    for user_id in dict.fromkeys(mentioned):
        if user_id not in already and user_id != author.id:
            _notify(user_id, "mention", post, author.id)
            already.add(user_id)
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


@account_fact("unread_notifications")
def _unread_of_account():
    # The header's number on every page, asked with the signed-in account (signed_in.py).
    return (
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == User.id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    known = known_fact(user, "unread_notifications")
    if known is not None:
        return known
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
        select(Notification, Post, Debate.decision_id, Debate.room_id)
        .join(Post, Notification.post_id == Post.id)
        .join(Debate, Post.debate_id == Debate.id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    # A room's post opens only to those the room lets in now (they may have left it).
    in_rooms = {note.id for note, post, _, room_id in rows
                if room_id is not None and post_is_readable(user, post.id)}
    decision_ids = {decision_id for _, _, decision_id, _ in rows}
    decisions = {
        d.id: d for d in db.session.scalars(select(Decision).where(Decision.id.in_(decision_ids)))
    }
    cases = {
        c.id: c
        for c in db.session.scalars(
            select(Case).where(Case.id.in_({d.case_id for d in decisions.values()}))
        )
    }
    actor_ids = {n.actor_id for n, *_ in rows if n.actor_id}
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
    action_ids = {n.moderation_action_id for n, *_ in rows if n.moderation_action_id}
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

    def opens(note, decision_id, room_id) -> bool:
        return note.id in in_rooms if room_id is not None else decision_id in readable

    members = mentioned_members(
        post.body_html for note, post, decision_id, room_id in rows
        if opens(note, decision_id, room_id)
    )
    views = []
    for note, post, decision_id, room_id in rows:
        case = cases[decisions[decision_id].case_id]
        unlocked = opens(note, decision_id, room_id)
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
            view.snippet = post_snippet(post, members)
            action = actions.get(note.moderation_action_id)
            if action is not None:
                view.action, view.reason = action.action, action.reason
        views.append(view)
    return views, max(1, -(-total // per_page))


def post_is_readable(user, post_id: int) -> bool:
    """The reading model's answer for one post: its decision's outcome is unlocked for the
    reader (or, in a room, the room's rule lets them in: debates/rooms.py)."""
    from .access import post_is_readable as readable

    return readable(user, post_id)


def post_snippet(post: Post, members=None) -> str:
    """A short plain-text excerpt; never the text of a removed post. Mentions read as
    the members are called now (`members`: mentions.mentioned_members)."""
    if post.is_deleted:
        return "[deleted]"
    if post.is_hidden:
        return "[hidden by a moderator]"
    text = " ".join(Markup(present(post.body_html, members or {})).striptags().split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1].rstrip() + "…"
