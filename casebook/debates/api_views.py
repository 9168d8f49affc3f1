"""JSON answers for debates: the same gate and loaders as the pages (404 when locked)."""

from __future__ import annotations

from flask import abort, jsonify, request, url_for
from flask_login import current_user

from ..contract import page_number
from . import bp
from .access import open_debate, open_post
from .choices import MindChanges, mind_changes
from .threads import SORTS, PostView, annotate, is_valid_stance, load_thread_page, stance_counts
from .views import viewer_id


def post_json(view: PostView, sees_hidden: bool, shows_choices: bool = True) -> dict:
    post = view.post
    # In a room while the reveal is held, others' choices wait for it (debates/rooms.py).
    choice = view.choice if shows_choices else None
    shown = not post.is_deleted and (not post.is_hidden or sees_hidden)
    return {
        "id": post.id,
        "url": url_for("debates.permalink", post_id=post.id),
        "parent_id": post.parent_id,
        "depth": post.depth,
        "stance": post.stance,
        "author": view.author_name,
        "author_choice": {"label": choice.label, "confidence": choice.confidence}
        if choice
        else None,
        "created_at": post.created_at.isoformat(),
        "edited": post.edited_at is not None,
        "deleted": post.is_deleted,
        "hidden": post.is_hidden,
        "html": post.body_html if shown else None,
        "insightful": post.insightful_count,
        "minds_changed": view.minds_changed if shows_choices else 0,
        "replies": [post_json(child, sees_hidden, shows_choices) for child in view.children],
        "continues": view.continues,
    }


@bp.get("/api/v1/cases/<slug>/decisions/<key>/debate")
@bp.get("/api/v1/cases/<slug>/decisions/<key>/debate/rooms/<id:room_id>")
def api_debate(slug: str, key: str, room_id: int | None = None):
    ctx = open_debate(current_user, slug, key, room_id)
    sort = request.args.get("sort", "oldest")
    stance = request.args.get("stance") or None
    page = page_number(request.args)
    if sort not in SORTS:
        abort(400)
    if stance and not is_valid_stance(stance, ctx.labels):
        abort(400)
    debate_id = ctx.debate.id if ctx.debate else None
    result = load_thread_page(
        debate_id, ctx.decision.id, viewer_id(), sort=sort, stance=stance, page=page
    )
    minds = mind_changes(ctx.decision.id) if ctx.shows_choices else MindChanges(0, [])
    sees_hidden = ctx.may_moderate(current_user)
    return jsonify(
        case=ctx.case.slug,
        decision=ctx.decision.key,
        room=ctx.room_id,
        locked=bool(ctx.debate and ctx.debate.locked),
        prompts=list(ctx.decision.debate_prompts),
        options=[{"label": o.label, "text": o.text} for o in ctx.options.values()],
        stance_counts=stance_counts(debate_id),
        mind_changes={
            "leaders": minds.leaders,
            "moves": [{"from": a, "to": b, "leaders": n} for a, b, n in minds.moves],
        },
        page=result.page,
        pages=result.pages,
        total=result.total,
        threads=[post_json(thread, sees_hidden, ctx.shows_choices) for thread in result.threads],
    )


@bp.get("/api/v1/debates/posts/<id:post_id>")
def api_post(post_id: int):
    ctx, post = open_post(current_user, post_id)
    view = annotate([post], ctx.decision.id, viewer_id())[post.id]
    return jsonify(post_json(view, ctx.may_moderate(current_user), ctx.shows_choices))
