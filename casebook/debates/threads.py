"""Reading threads in a fixed number of queries, whatever the size of the debate.

A page of top-level posts is one query; all their replies down to the visible depth
are one more (root_id IN ...); authors, their choices, the viewer's reactions and the
"changed N minds" counts are one query each, and the members the posts mention one
more when any post mentions someone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from ..accounts.models import User
from ..extensions import db
from .choices import Choice, committed_choices, current_revised_views, minds_changed_by
from .mentions import mentioned_members, present
from .models import QUESTION, Post, Reaction

PAGE_SIZE = 20
# Replies nest visibly five levels below a top-level post; deeper ones continue on
# their own page ("continue this thread"), anchored every five levels.
MAX_VISIBLE_DEPTH = 5
SORTS = {"oldest": "Oldest first", "newest": "Newest first", "insightful": "Most insightful"}


@dataclass(frozen=True)
class PostText:
    """A post as pages and JSON show it: its row's fields, frozen (no model in templates)."""

    id: int
    author_id: int
    parent_id: int | None
    root_id: int | None
    depth: int
    stance: str | None
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    is_deleted: bool
    is_hidden: bool
    insightful_count: int


def post_text(post: Post, members=None) -> PostText:
    """The frozen post; with `members` (mentions.mentioned_members), its mentions drawn."""
    return PostText(
        id=post.id,
        author_id=post.author_id,
        parent_id=post.parent_id,
        root_id=post.root_id,
        depth=post.depth,
        stance=post.stance,
        body_html=present(post.body_html, members) if members else post.body_html,
        created_at=post.created_at,
        edited_at=post.edited_at,
        is_deleted=post.is_deleted,
        is_hidden=post.is_hidden,
        insightful_count=post.insightful_count,
    )


@dataclass
class PostView:
    post: PostText
    author_name: str
    choice: Choice | None = None  # the author's sealed commitment
    revised: Choice | None = None  # the author's current revised view, if any
    reacted: bool = False  # the viewer marked it insightful
    minds_changed: int = 0
    depth: int = 0  # depth as drawn on this page (0 = outermost)
    children: list[PostView] = field(default_factory=list)
    continues: bool = False  # replies exist below the visible depth


@dataclass
class ThreadPage:
    threads: list[PostView]
    page: int
    pages: int
    total: int


def _top_level(debate_id: int, stance: str | None):
    query = select(Post).where(Post.debate_id == debate_id, Post.parent_id.is_(None))
    if stance:
        query = query.where(Post.stance == stance)
    return query


def _ordered(query, sort: str):
    if sort == "newest":
        return query.order_by(Post.created_at.desc(), Post.id.desc())
    if sort == "insightful":
        return query.order_by(Post.insightful_count.desc(), Post.created_at, Post.id)
    return query.order_by(Post.created_at, Post.id)


def stance_counts(debate_id: int | None) -> dict[str, int]:
    """Top-level posts per stance (an option label or "question"), not counting removed ones."""
    if debate_id is None:
        return {}
    rows = db.session.execute(
        select(Post.stance, func.count())
        .where(
            Post.debate_id == debate_id,
            Post.parent_id.is_(None),
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
        )
        .group_by(Post.stance)
    )
    return dict(rows.all())


def load_thread_page(
    debate_id: int | None,
    decision_id: int,
    viewer_id: int | None,
    *,
    sort: str = "oldest",
    stance: str | None = None,
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> ThreadPage:
    """A page of top-level posts with every reply down to the visible depth."""
    if debate_id is None:
        return ThreadPage(threads=[], page=1, pages=1, total=0)
    total = db.session.scalar(
        _top_level(debate_id, stance).with_only_columns(func.count()).order_by(None)
    )
    pages = max(1, -(-total // per_page))
    roots = list(
        db.session.scalars(
            _ordered(_top_level(debate_id, stance), sort)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    replies = []
    if roots:
        # One level deeper than drawn, so a "continue this thread" link knows it is needed.
        replies = list(
            db.session.scalars(
                select(Post)
                .where(Post.root_id.in_([r.id for r in roots]), Post.depth <= MAX_VISIBLE_DEPTH + 1)
                .order_by(Post.created_at, Post.id)
            )
        )
    views = annotate(roots + replies, decision_id, viewer_id)
    children = _children_index(views)
    threads = [_build_tree(views, root.id, 0, children) for root in roots]
    return ThreadPage(threads=threads, page=page, pages=pages, total=total)


def load_subtree(post: Post, decision_id: int, viewer_id: int | None) -> PostView:
    """A post and its replies down to MAX_VISIBLE_DEPTH levels below it (the continue view)."""
    root_id = post.root_id or post.id
    candidates = list(
        db.session.scalars(
            select(Post)
            .where(
                Post.root_id == root_id,
                Post.depth > post.depth,
                Post.depth <= post.depth + MAX_VISIBLE_DEPTH + 1,
            )
            .order_by(Post.created_at, Post.id)
        )
    )
    views = annotate([post] + candidates, decision_id, viewer_id)
    return _build_tree(views, post.id, 0)


def annotate(posts: list[Post], decision_id: int, viewer_id: int | None) -> dict[int, PostView]:
    """PostViews for these posts, with author names, choices, reactions and mind changes."""
    if not posts:
        return {}
    author_ids = {p.author_id for p in posts}
    post_ids = [p.id for p in posts]
    names = {
        uid: ("former member" if deleted else name)
        for uid, name, deleted in db.session.execute(
            select(User.id, User.display_name, User.deleted_at).where(User.id.in_(author_ids))
        )
    }
    choices = committed_choices(decision_id, author_ids)
    revised = current_revised_views(decision_id, author_ids)
    minds = minds_changed_by(post_ids)
    members = mentioned_members(p.body_html for p in posts)  # no query without mentions
    reacted: set[int] = set()
    if viewer_id is not None:
        reacted = set(
            db.session.scalars(
                select(Reaction.post_id).where(
                    Reaction.user_id == viewer_id, Reaction.post_id.in_(post_ids)
                )
            )
        )
    return {
        p.id: PostView(
            post=post_text(p, members),
            author_name=names.get(p.author_id, "former member"),
            choice=choices.get(p.author_id),
            revised=revised.get(p.author_id),
            reacted=p.id in reacted,
            minds_changed=minds.get(p.id, 0),
        )
        for p in posts
    }


def _children_index(views: dict[int, PostView]) -> dict[int, list[PostView]]:
    children: dict[int, list[PostView]] = {}
    for view in sorted(views.values(), key=lambda v: (v.post.created_at, v.post.id)):
        if view.post.parent_id is not None:
            children.setdefault(view.post.parent_id, []).append(view)
    return children


def _build_tree(
    views: dict[int, PostView],
    top_id: int,
    top_depth: int,
    children: dict[int, list[PostView]] | None = None,
) -> PostView:
    """Attach replies below `top_id`, down to MAX_VISIBLE_DEPTH levels as drawn."""
    children = _children_index(views) if children is None else children

    def attach(view: PostView, depth: int) -> PostView:
        view.depth = depth
        below = children.get(view.post.id, [])
        if depth >= MAX_VISIBLE_DEPTH:
            view.continues = bool(below)
            view.children = []
        else:
            view.children = [attach(child, depth + 1) for child in below]
        return view

    return attach(views[top_id], top_depth)


def continuation_anchor(post: Post) -> int | None:
    """The ancestor whose "continue this thread" page shows `post`, or None for the debate page."""
    if post.depth <= MAX_VISIBLE_DEPTH:
        return None
    anchor_depth = MAX_VISIBLE_DEPTH * ((post.depth - 1) // MAX_VISIBLE_DEPTH)
    parents = dict(
        db.session.execute(
            select(Post.id, Post.parent_id).where(
                Post.root_id == post.root_id, Post.depth < post.depth
            )
        ).all()
    )
    current, depth = post.parent_id, post.depth - 1
    while depth > anchor_depth:
        current, depth = parents[current], depth - 1
    return current


def page_of_top_level(post: Post, per_page: int = PAGE_SIZE) -> int:
    """The page (oldest first, unfiltered) on which this top-level post appears."""
    before = db.session.scalar(
        _top_level(post.debate_id, None)
        .with_only_columns(func.count())
        .where(
            or_(
                Post.created_at < post.created_at,
                and_(Post.created_at == post.created_at, Post.id < post.id),
            )
        )
    )
    return before // per_page + 1


def is_valid_stance(stance: str, labels: list[str]) -> bool:
    return stance == QUESTION or stance in labels
