"""Debate operations: plain functions that flush and never commit (the view commits once).

Domain errors (PostRejected, NotAllowed, AlreadyFlagged) become form errors or 4xx.
"""

from __future__ import annotations


from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from .. import domain
from ..clock import utcnow
from ..domain import Conflict, Invalid
from ..decisions.models import CONFIDENCE_MAX, CONFIDENCE_MIN
from ..extensions import db
from ..text_policy import is_plain_text
from . import mentions, notifications, rooms
from .choices import committed_choices
from .models import (
    FLAG_REASONS,
    MAX_BODY_CHARS,
    Debate,
    Flag,
    Mention,
    Post,
    PostRevision,
    Reaction,
    RevisedView,
)


class PostRejected(Invalid):
    """The text cannot be posted; the message is shown to its author."""


class NotAllowed(domain.NotAllowed):
    """The user may not do this (a 403 or a form error)."""


class AlreadyFlagged(Conflict):
    pass


def clean_body(text: str | None) -> str:
    """The text as it will be stored, or PostRejected with a reason its author can act on."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_BODY_CHARS:
        raise PostRejected(
            f"A post can be at most {MAX_BODY_CHARS:,} characters (this one has {len(text):,})."
        )
    if not is_plain_text(text):  # forms have refused it already: this guards other callers
        raise PostRejected(
            "The text contains characters that cannot be posted "
            "(control characters or invalid UTF-8)."
        )
    if not text.strip():
        raise PostRejected("Write something first.")
    return text


def render_body(text: str) -> tuple[str, int]:
    """Safe HTML and the renderer version, rendered once at save time."""
    from .. import markdown as markdown_module

    try:
        html = markdown_module.render_markdown(text)
    except markdown_module.MarkdownRejected as problem:
        raise PostRejected(str(problem) or "This text cannot be rendered; simplify it.") from None
    if not html.strip():
        raise PostRejected("This text renders to nothing; write some words.")
    return html, _renderer_version(markdown_module)


def _renderer_version(markdown_module) -> int:
    from .. import RENDERER_VERSION

    return int(getattr(markdown_module, "RENDERER_VERSION", RENDERER_VERSION))


def find_debate(decision_id: int, room_id: int | None = None) -> Debate | None:
    """The decision's public debate (room None) or its room's, once it has one."""
    in_room = Debate.room_id.is_(None) if room_id is None else Debate.room_id == room_id
    return db.session.scalar(select(Debate).where(Debate.decision_id == decision_id, in_room))


def debate_for(decision_id: int, room_id: int | None = None) -> Debate:
    """The decision's debate (in a room, or public), created on first use (safe against a
    concurrent first post: the partial unique indexes keep one of each)."""
    debate = find_debate(decision_id, room_id)
    if debate is not None:
        return debate
    try:
        with db.session.begin_nested():
            debate = Debate(decision_id=decision_id, room_id=room_id)
            db.session.add(debate)
    except IntegrityError:
        debate = find_debate(decision_id, room_id)
    return debate


def _within_room(debate: Debate, user_ids) -> list[int]:
    """Whom a post may notify: anyone for the public debate; in a room, its people only
    (a reply to someone who left, or a mention of an outsider, tells nobody outside)."""
    ids = list(dict.fromkeys(user_ids))
    if debate.room_id is None:
        return ids
    allowed = rooms.room_people(debate.room_id, ids)
    return [user_id for user_id in ids if user_id in allowed]


def _keep_room_mentions(debate: Debate, mentioned: mentions.Resolution) -> None:
    """In a room, a name that means someone outside it stays plain text: no link, no
    mention row, no notification, and nothing that says who outside was meant."""
    if debate.room_id is None or not mentioned.members:
        return
    allowed = set(_within_room(debate, mentioned.members.values()))
    mentioned.members = {n: i for n, i in mentioned.members.items() if i in allowed}


def create_post(
    debate: Debate,
    author,
    body: str,
    *,
    stance: str | None = None,
    parent: Post | None = None,
    labels=(),
) -> Post:
    """A top-level post (with a stance) or a reply to `parent`; notifies who it concerns."""
    if debate.locked:
        raise NotAllowed("This debate is locked.")
    text = clean_body(body)
    if parent is None and not (stance == "question" or stance in labels):
        raise PostRejected("Choose the option your post argues for, or mark it as a question.")
    if parent is not None and (
        parent.debate_id != debate.id or parent.is_deleted or parent.is_hidden
    ):
        raise PostRejected("That post can no longer be replied to.")
    html, version = render_body(text)
    mentioned = mentions.resolve(mentions.mentioned_names(text))
    _keep_room_mentions(debate, mentioned)
    html = mentions.mark_in_html(html, mentioned)
    post = Post(
        debate_id=debate.id,
        author_id=author.id,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        stance=None if parent else stance,
        body_source=text,
        body_html=html,
        renderer_version=version,
        created_at=utcnow(),
    )
    db.session.add(post)
    db.session.flush()
    mentions.store(post.id, mentioned)
    told = set(_within_room(debate, [parent.author_id] if parent else []))
    notifications.notify_new_post(
        post, parent if parent is not None and parent.author_id in told else None,
        author, mentioned.member_ids,
    )
    post.ambiguous_mentions = tuple(mentioned.ambiguous)
    return post


def edit_post(post: Post, editor, body: str) -> Post:
    """New text for a post; the previous version is kept for its history page."""
    if post.author_id != editor.id or post.is_deleted or post.is_hidden:
        raise NotAllowed("Only the author can edit this post.")
    text = clean_body(body)
    if text == post.body_source:
        return post
    html, version = render_body(text)
    # A name that was there before keeps the member it meant, whoever holds it now.
    mentioned = mentions.resolve(mentions.mentioned_names(text), mentions.kept_members(post.id))
    _keep_room_mentions(post.debate, mentioned)
    html = mentions.mark_in_html(html, mentioned)
    now = utcnow()
    db.session.add(
        PostRevision(
            post_id=post.id,
            body_source=post.body_source,
            body_html=post.body_html,
            renderer_version=post.renderer_version,
            written_at=post.edited_at or post.created_at,
            replaced_at=now,
        )
    )
    post.body_source, post.body_html, post.renderer_version, post.edited_at = (
        text,
        html,
        version,
        now,
    )
    db.session.flush()
    mentions.store(post.id, mentioned)
    notifications.notify_new_mentions(post, editor, mentioned.member_ids)
    post.ambiguous_mentions = tuple(mentioned.ambiguous)
    return post


def delete_post(post: Post, user) -> Post:
    """The post becomes "[deleted]": its text and history are erased, its replies stay."""
    if post.author_id != user.id:
        raise NotAllowed("Only the author can delete this post.")
    if post.is_deleted:
        return post
    post.deleted_at = utcnow()
    post.body_source = ""
    post.body_html = ""
    db.session.execute(delete(PostRevision).where(PostRevision.post_id == post.id))
    db.session.execute(delete(Mention).where(Mention.post_id == post.id))
    db.session.flush()
    return post


def toggle_insightful(post: Post, user) -> bool:
    """Mark the post insightful, or unmark it; True when it is now marked."""
    if post.author_id == user.id:
        raise NotAllowed("You cannot react to your own post.")
    removed = db.session.execute(
        delete(Reaction).where(
            Reaction.post_id == post.id, Reaction.user_id == user.id, Reaction.kind == "insightful"
        )
    ).rowcount
    if removed:
        _bump(post, -removed)
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Reaction(post_id=post.id, user_id=user.id, kind="insightful"))
    except IntegrityError:
        return True  # a concurrent request marked it first: the count is already right
    _bump(post, 1)
    return True


def _bump(post: Post, delta: int) -> None:
    # An UPDATE ... SET n = n + delta, so concurrent reactions never lose a count.
    db.session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(insightful_count=Post.insightful_count + delta)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(post, ["insightful_count"])


def flag_post(post: Post, user, reason: str, details: str = "") -> Flag:
    if reason not in FLAG_REASONS:
        raise PostRejected("Choose a reason.")
    if post.author_id == user.id:
        raise NotAllowed("You cannot flag your own post.")
    existing = db.session.scalar(
        select(Flag).where(Flag.post_id == post.id, Flag.reporter_id == user.id)
    )
    if existing is not None:
        raise AlreadyFlagged()
    flag = Flag(post_id=post.id, reporter_id=user.id, reason=reason, details=(details or "")[:500])
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:
        raise AlreadyFlagged() from None
    return flag


def record_revised_view(
    user,
    decision_id: int,
    option_label: str,
    confidence: int,
    *,
    labels,
    cited_post: Post | None = None,
) -> RevisedView:
    """A new view on a decision, pointing to (never changing) the sealed commitment."""
    if option_label not in labels:
        raise PostRejected("Choose one of the options.")
    if not CONFIDENCE_MIN <= confidence <= CONFIDENCE_MAX:
        raise PostRejected(f"Confidence is a percentage from {CONFIDENCE_MIN} to {CONFIDENCE_MAX}.")
    commitment = committed_choices(decision_id, [user.id]).get(user.id)
    if commitment is None:
        raise NotAllowed("Only leaders who committed a choice can revise it.")
    view = RevisedView(
        user_id=user.id,
        decision_id=decision_id,
        commitment_id=commitment.commitment_id,
        option_label=option_label,
        confidence=confidence,
        cited_post_id=cited_post.id if cited_post else None,
    )
    db.session.add(view)
    db.session.flush()
    return view
