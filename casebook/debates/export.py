"""The debates section of a member's data download: their own words and actions only.

Posts (with their earlier versions), revised views, flags they raised and posts they
marked insightful. Other members' posts and any case text are not the member's data and
are left out; a deleted post has no text left to export. Where a post stands (the
case's slug, the decision's key) comes from the reading model, like every piece of
case text: a decision hidden from the member again keeps their words, not its key.
"""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.export import export_section
from ..decisions.reading import ReadDecision, read_decisions
from ..extensions import db
from ..panels import Panel, provides
from .models import Debate, Flag, Post, PostRevision, Reaction, RevisedView


@provides("account.export")
def debates_section(user, **_) -> Panel:
    return export_section("debates", debates_export(user))


def _where(seen: ReadDecision | None) -> dict:
    decision = seen.decision if seen else None
    return {
        "case": seen.case.slug if seen else None,
        "decision": decision.key if decision else None,
    }


def debates_export(user) -> dict:
    """Everything the member wrote or did in debates, oldest first."""
    posts = db.session.execute(
        select(Post, Debate.decision_id, Debate.room_id)
        .join(Debate, Debate.id == Post.debate_id)
        .where(Post.author_id == user.id)
        .order_by(Post.created_at, Post.id)
    ).all()
    revisions: dict[int, list[PostRevision]] = {}
    for revision in db.session.scalars(
        select(PostRevision)
        .join(Post, Post.id == PostRevision.post_id)
        .where(Post.author_id == user.id)
        .order_by(PostRevision.replaced_at)
    ):
        revisions.setdefault(revision.post_id, []).append(revision)
    views = db.session.scalars(
        select(RevisedView).where(RevisedView.user_id == user.id).order_by(RevisedView.id)
    ).all()
    seen = read_decisions(user, {d for _, d, _ in posts} | {v.decision_id for v in views})
    return {
        "posts": [
            {
                "id": post.id,
                **_where(seen.get(decision_id)),
                # A room's debate (a cohort's): the member's own words, kept with its id.
                "room": room_id,
                "reply_to": post.parent_id,
                "stance": post.stance,
                "text": post.body_source,
                "posted_at": post.created_at,
                "edited_at": post.edited_at,
                "deleted_at": post.deleted_at,
                "hidden_by_moderator": post.hidden_at is not None,
                "earlier_versions": [
                    {"text": r.body_source, "written_at": r.written_at}
                    for r in revisions.get(post.id, [])
                ],
            }
            for post, decision_id, room_id in posts
        ],
        "revised_views": [
            {
                **_where(seen.get(v.decision_id)),
                "option": v.option_label,
                "confidence_percent": v.confidence,
                "cited_post": v.cited_post_id,
                "recorded_at": v.created_at,
            }
            for v in views
        ],
        "flags_raised": [
            {
                "post": f.post_id,
                "reason": f.reason,
                "details": f.details,
                "flagged_at": f.created_at,
            }
            for f in db.session.scalars(
                select(Flag).where(Flag.reporter_id == user.id).order_by(Flag.id)
            )
        ],
        "marked_insightful": list(
            db.session.scalars(
                select(Reaction.post_id).where(Reaction.user_id == user.id).order_by(Reaction.id)
            )
        ),
    }
