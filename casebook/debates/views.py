"""The debate page, new top-level posts, permalinks and "continue this thread" pages."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..contract import optional_id, page_number
from ..extensions import db, limiter
from ..security import safe_redirect_target
from . import bp
from .access import ClosedDebate, DebateContext, DebateState, look_up_debate, open_debate, open_post
from .choices import committed_choices, current_revised_views, mind_changes
from .forms import PostForm, ReasonForm, ReplyForm, RevisedViewForm
from .moderation import room_flags
from .permissions import can_post, is_active_member
from .services import PostRejected, create_post, debate_for
from .threads import (
    MAX_VISIBLE_DEPTH,
    SORTS,
    continuation_anchor,
    is_valid_stance,
    load_subtree,
    load_thread_page,
    page_of_top_level,
    stance_counts,
)


def posting_key() -> str:
    """Rate limits count per member (per address for anyone else)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{request.remote_addr}"


def viewer_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def debate_url(ctx: DebateContext, **args) -> str:
    """The debate's page: the public one, or its room's (room_id None is left out)."""
    return url_for(
        "debates.debate_page", slug=ctx.case.slug, key=ctx.decision.key, room_id=ctx.room_id,
        **args,
    )


def flash_posted(post, message: str) -> None:
    """The confirmation, and a word about any @[name] that meant several members."""
    flash(message, "success")
    for name in post.ambiguous_mentions:
        flash(
            f"Nobody was notified of @[{name}]: several members have names that look like it. "
            "Write the name exactly as it is shown on their posts.",
            "warning",
        )


def _page_args() -> dict:
    """sort, stance and page from the query string; 400 for anything malformed."""
    sort = request.args.get("sort", "oldest")
    if sort not in SORTS:
        abort(400)
    return {
        "sort": sort,
        "stance": request.args.get("stance") or None,
        "page": page_number(request.args),
        "highlight": optional_id(request.args, "highlight"),
    }


def common_context(ctx: DebateContext, **extra) -> dict:
    """What every page of a debate shows around its posts."""
    if request.method == "POST":
        return_to = safe_redirect_target(
            request.form.get("next", "").split("#")[0], debate_url(ctx)
        )
    else:
        return_to = request.full_path.rstrip("?")
    context = {
        "case": ctx.case,
        "decision": ctx.decision,
        "options": ctx.options,  # {label: OptionText}: every stance is named with its words
        "case_view": ctx.view,
        "debate": DebateState(ctx.debate.id, ctx.debate.locked) if ctx.debate else None,
        # A room's page says whose room it is; its addresses carry room_id (None: public).
        "room": ctx.room,
        "room_id": ctx.room_id,
        "shows_choices": ctx.shows_choices,
        "may_post": can_post(current_user, ctx.debate),
        "may_moderate": ctx.may_moderate(current_user),
        "sees_hidden": ctx.may_moderate(current_user),
        "reply_form": ReplyForm(formdata=None),
        "max_visible_depth": MAX_VISIBLE_DEPTH,
        "highlight": None,
        # "This changed my mind" on others' posts: for members who committed on it.
        "may_cite": is_active_member(current_user) and ctx.decision.commitment is not None,
        "return_to": return_to,
        # Built once per page for the many posts on it (see debates/_posts.html).
        "post_path": url_for("debates.permalink", post_id=0)[:-1],
        "csrf_value": generate_csrf(),
    }
    context.update(extra)
    return context


def render_debate(ctx: DebateContext, post_form: PostForm | None = None, status: int = 200):
    args = _page_args()
    if args["stance"] and not is_valid_stance(args["stance"], ctx.labels):
        abort(400)
    debate_id = ctx.debate.id if ctx.debate else None
    page = load_thread_page(
        debate_id,
        ctx.decision.id,
        viewer_id(),
        sort=args["sort"],
        stance=args["stance"],
        page=args["page"],
    )
    if args["page"] > page.pages:
        abort(404)
    mine = current_revised = None
    if current_user.is_authenticated:
        mine = committed_choices(ctx.decision.id, [current_user.id]).get(current_user.id)
        current_revised = current_revised_views(ctx.decision.id, [current_user.id]).get(
            current_user.id
        )
    revised_form = None
    if mine is not None:
        revised_form = RevisedViewForm(formdata=None).set_options(ctx.options)
    return render_template(
        "debates/debate.html",
        **common_context(ctx, highlight=args["highlight"]),
        page=page,
        args=args,
        sorts=SORTS,
        counts=stance_counts(debate_id),
        minds=mind_changes(ctx.decision.id) if ctx.shows_choices else None,
        flagged=room_flags(ctx.debate.id) if ctx.room and ctx.debate and ctx.room.moderates else (),
        my_choice=mine,
        my_revised=current_revised,
        post_form=post_form or PostForm(formdata=None).set_options(ctx.options),
        revised_form=revised_form,
        lock_form=ReasonForm(formdata=None),
    ), status


ROOM = "/debate/rooms/<id:room_id>"  # a room's debate of the decision (debates/rooms.py)


@bp.get("/cases/<slug>/decisions/<key>/debate")
@bp.get("/cases/<slug>/decisions/<key>" + ROOM)
def debate_page(slug: str, key: str, room_id: int | None = None):
    found = look_up_debate(current_user, slug, key, room_id)
    if isinstance(found, ClosedDebate):
        return render_closed(found)
    return render_debate(found)


def render_closed(closed: ClosedDebate):
    """A shared link opened before committing: what to do to join (no post, no outcome)."""
    decision_url = url_for(
        "decisions.case_page", slug=closed.case.slug, _anchor=f"decision-{closed.decision.key}"
    )
    return render_template(
        "debates/closed.html",
        case=closed.case,
        decision=closed.decision,
        reason=closed.reason,
        decision_url=decision_url,
        room=closed.room,
    )


@bp.post("/cases/<slug>/decisions/<key>/debate")
@bp.post("/cases/<slug>/decisions/<key>" + ROOM)
@limiter.limit("10/minute", key_func=posting_key)
def new_post(slug: str, key: str, room_id: int | None = None):
    ctx = open_debate(current_user, slug, key, room_id)
    if not can_post(current_user, ctx.debate):
        abort(403)
    form = PostForm().set_options(ctx.options)
    if form.validate():
        try:
            debate = ctx.debate or debate_for(ctx.decision.id, ctx.room_id)
            post = create_post(
                debate, current_user, form.body.data, stance=form.stance.data, labels=ctx.labels
            )
        except PostRejected as problem:
            form.body.errors = [str(problem)]
        else:
            flash_posted(post, "Your post is up.")
            return redirect(url_for("debates.permalink", post_id=post.id))
    return render_debate(ctx, post_form=form, status=422)


@bp.get("/debates/posts/<id:post_id>")
def permalink(post_id: int):
    """Redirect to the page that shows the post, with the post highlighted."""
    ctx, post = open_post(current_user, post_id)
    anchor = continuation_anchor(post)
    if anchor is not None:
        target = url_for("debates.thread_page", post_id=anchor, highlight=post.id)
    else:
        root = post if post.parent_id is None else db.session.get(type(post), post.root_id)
        target = debate_url(ctx, page=page_of_top_level(root), highlight=post.id)
    return redirect(f"{target}#post-{post.id}")


@bp.get("/debates/posts/<id:post_id>/thread")
def thread_page(post_id: int):
    """A post and the replies below it: where threads deeper than the page continue."""
    ctx, post = open_post(current_user, post_id)
    highlight = optional_id(request.args, "highlight")
    tree = load_subtree(post, ctx.decision.id, viewer_id())
    parent_url = url_for("debates.permalink", post_id=post.parent_id) if post.parent_id else None
    return render_template(
        "debates/thread.html",
        **common_context(ctx, highlight=highlight),
        tree=tree,
        parent_url=parent_url,
    )
