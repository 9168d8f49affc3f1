"""Acting on one post: reply, edit, delete, history, insightful, flag; and "changed my mind".

Every form works without JavaScript (POST, then redirect). Replies and reactions sent by
htmx (HX-Request) get a fragment back instead, swapped in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db, limiter
from ..security import safe_redirect_target
from . import bp
from .access import open_debate, open_post
from .choices import current_revised_views
from .forms import ActionForm, ChangedMindForm, EditForm, FlagForm, ReplyForm, RevisedViewForm
from .mentions import mentioned_members, present
from .models import Post, PostRevision
from .permissions import (
    can_cite,
    can_delete_post,
    can_edit_post,
    can_flag,
    can_post,
    can_react,
    can_read_history,
    is_active_member,
)
from .services import (
    AlreadyFlagged,
    NotAllowed,
    PostRejected,
    create_post,
    delete_post,
    edit_post,
    flag_post,
    record_revised_view,
    toggle_insightful,
)
from .threads import MAX_VISIBLE_DEPTH, annotate, post_text
from .views import common_context, debate_url, flash_posted, posting_key, viewer_id


@dataclass(frozen=True)
class RevisionText:
    """An earlier version of a post, as its history page shows it."""

    id: int
    written_at: datetime
    body_html: str


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def fragment(html: str, status: int = 200):
    """An htmx fragment; pages and fragments share URLs, so caches must keep them apart."""
    response = make_response(html, status)
    response.headers["Vary"] = "HX-Request"
    return response


def back_to(post: Post) -> str:
    return safe_redirect_target(
        request.form.get("next"), url_for("debates.permalink", post_id=post.id)
    )


@bp.route("/debates/posts/<id:post_id>/reply", methods=["GET", "POST"])
@limiter.limit("10/minute", key_func=posting_key, methods=["POST"])
def reply(post_id: int):
    ctx, parent = open_post(current_user, post_id)
    if not can_post(current_user, ctx.debate) or parent.is_deleted or parent.is_hidden:
        abort(403)
    form = ReplyForm()
    if request.method == "POST" and form.validate():
        try:
            post = create_post(ctx.debate, current_user, form.body.data, parent=parent)
        except PostRejected as problem:
            form.body.errors = [str(problem)]
        else:
            if is_htmx():
                view = annotate([post], ctx.decision.id, viewer_id())[post.id]
                view.depth = min(post.depth, MAX_VISIBLE_DEPTH)
                return fragment(
                    render_template(
                        "debates/_reply_result.html",
                        **common_context(ctx),
                        parent=post_text(parent),
                        view=view,
                    )
                )
            flash_posted(post, "Your reply is up.")
            return redirect(url_for("debates.permalink", post_id=post.id))
    status = 422 if request.method == "POST" else 200
    if is_htmx():
        return fragment(
            render_template(
                "debates/_reply_form.html",
                **common_context(ctx, reply_form=form),
                parent=post_text(parent),
                htmx_reply=True,
            ),
            status,
        )
    parent_view = annotate([parent], ctx.decision.id, viewer_id())[parent.id]
    return render_template(
        "debates/reply.html", **common_context(ctx, reply_form=form), parent=parent_view, form=form
    ), status


@bp.route("/debates/posts/<id:post_id>/edit", methods=["GET", "POST"])
@limiter.limit("10/minute", key_func=posting_key, methods=["POST"])
def edit(post_id: int):
    ctx, post = open_post(current_user, post_id)
    if not can_edit_post(current_user, post, ctx.debate):
        abort(403)
    form = EditForm(data={"body": post.body_source} if request.method == "GET" else None)
    if request.method == "POST" and form.validate():
        try:
            edit_post(post, current_user, form.body.data)
        except PostRejected as problem:
            form.body.errors = [str(problem)]
        else:
            flash_posted(post, "Your post is updated.")
            return redirect(url_for("debates.permalink", post_id=post.id))
    status = 422 if request.method == "POST" else 200
    return render_template("debates/edit.html", **common_context(ctx), post=post_text(post), form=form), status


@bp.route("/debates/posts/<id:post_id>/delete", methods=["GET", "POST"])
def delete(post_id: int):
    ctx, post = open_post(current_user, post_id)
    if not can_delete_post(current_user, post):
        abort(403)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate():
            abort(400)
        delete_post(post, current_user)
        flash("Your post is deleted. Replies to it stay.", "success")
        return redirect(url_for("debates.permalink", post_id=post.id))
    return render_template("debates/delete.html", **common_context(ctx), post=post_text(post), form=form)


@bp.get("/debates/posts/<id:post_id>/history")
def history(post_id: int):
    ctx, post = open_post(current_user, post_id)
    if not can_read_history(current_user, post, ctx.may_moderate(current_user)):
        abort(404)
    rows = list(
        db.session.scalars(
            select(PostRevision)
            .where(PostRevision.post_id == post.id)
            .order_by(PostRevision.replaced_at.desc(), PostRevision.id.desc())
        )
    )
    members = mentioned_members(r.body_html for r in rows)
    revisions = [
        RevisionText(r.id, r.written_at, present(r.body_html, members)) for r in rows
    ]
    view = annotate([post], ctx.decision.id, viewer_id())[post.id]
    return render_template(
        "debates/history.html", **common_context(ctx), view=view, revisions=revisions
    )


@bp.post("/debates/posts/<id:post_id>/insightful")
@limiter.limit("60/minute", key_func=posting_key)
def insightful(post_id: int):
    ctx, post = open_post(current_user, post_id)
    if not can_react(current_user, post):
        abort(403)
    if not ActionForm().validate():
        abort(400)
    toggle_insightful(post, current_user)  # NotAllowed answers 403 (casebook/contract.py)
    if is_htmx():
        view = annotate([post], ctx.decision.id, viewer_id())[post.id]
        return fragment(render_template("debates/_reaction.html", **common_context(ctx), view=view))
    return redirect(back_to(post))


@bp.route("/debates/posts/<id:post_id>/flag", methods=["GET", "POST"])
@limiter.limit("10/minute", key_func=posting_key, methods=["POST"])
def flag(post_id: int):
    ctx, post = open_post(current_user, post_id)
    if not can_flag(current_user, post):
        abort(403)
    form = FlagForm()
    if request.method == "POST" and form.validate():
        try:
            flag_post(post, current_user, form.reason.data, form.details.data or "")
        except AlreadyFlagged:
            flash("You have already flagged this post; moderators will look at it.", "warning")
        else:
            flash("Thank you. Moderators will look at this post.", "success")
        return redirect(url_for("debates.permalink", post_id=post.id))
    status = 422 if request.method == "POST" else 200
    view = annotate([post], ctx.decision.id, viewer_id())[post.id]
    return render_template("debates/flag.html", **common_context(ctx), view=view, form=form), status


@bp.post("/debates/posts/<id:post_id>/changed-my-mind")
@limiter.limit("10/minute", key_func=posting_key)
def changed_my_mind(post_id: int):
    """The button on a post sends the post; the page it answers asks for the view now
    (prefilled), and sending that records a revised view citing the post."""
    ctx, post = open_post(current_user, post_id)
    if not can_cite(current_user, post, ctx.decision.commitment is not None):
        abort(403)
    form = ChangedMindForm().set_options(ctx.options)
    if form.step.data != "record":  # the button: nothing to record yet
        form = ChangedMindForm(formdata=None, data=_view_now(ctx, post)).set_options(ctx.options)
        return _changed_mind_page(ctx, post, form)
    if form.validate():
        try:
            record_revised_view(
                current_user,
                ctx.decision.id,
                form.option.data,
                form.confidence.data,
                labels=ctx.labels,
                cited_post=post,
            )
        except (NotAllowed, PostRejected) as problem:
            form.option.errors = [str(problem)]
        else:
            flash(
                "Your revised view is recorded, citing this post. "
                "Your original commitment stays as it was.",
                "success",
            )
            return redirect(url_for("debates.permalink", post_id=post.id), code=303)
    return _changed_mind_page(ctx, post, form, status=422)


def _view_now(ctx, post) -> dict:
    """The form's first guess: the option the post argues for, else the leader's current
    view; the confidence of the leader's current view."""
    mine = ctx.decision.commitment
    current = current_revised_views(ctx.decision.id, [current_user.id]).get(current_user.id)
    label, confidence = (
        (current.label, current.confidence) if current else (mine.option_label, mine.confidence)
    )
    if post.stance in ctx.labels:
        label = post.stance
    return {"option": label, "confidence": confidence, "step": "record"}


def _changed_mind_page(ctx, post, form, status: int = 200):
    view = annotate([post], ctx.decision.id, viewer_id())[post.id]
    return render_template(
        "debates/changed_mind.html", **common_context(ctx), view=view, form=form
    ), status


@bp.post("/cases/<slug>/decisions/<key>/revised-view")
@bp.post("/cases/<slug>/decisions/<key>/debate/rooms/<id:room_id>/revised-view")
@limiter.limit("10/minute", key_func=posting_key)
def revised_view(slug: str, key: str, room_id: int | None = None):
    """Record that a leader changed their mind, optionally citing the post that did it."""
    ctx = open_debate(current_user, slug, key, room_id)
    if not is_active_member(current_user):
        abort(403)
    form = RevisedViewForm().set_options(ctx.options)
    if not form.validate():
        flash("Choose an option and a confidence from 50 to 100 %.", "error")
        return redirect(debate_url(ctx) + "#changed-my-mind")
    cited = None
    if form.cited_post.data:
        cited = db.session.get(Post, form.cited_post.data)
        if (
            cited is None
            or ctx.debate is None
            or cited.debate_id != ctx.debate.id
            or cited.is_deleted
        ):
            flash("That post is not in this debate.", "error")
            return redirect(debate_url(ctx) + "#changed-my-mind")
    try:
        record_revised_view(
            current_user,
            ctx.decision.id,
            form.option.data,
            form.confidence.data,
            labels=ctx.labels,
            cited_post=cited,
        )
    except (NotAllowed, PostRejected) as problem:
        flash(str(problem), "error")
        return redirect(debate_url(ctx) + "#changed-my-mind")
    flash("Your revised view is recorded. Your original commitment stays as it was.", "success")
    return redirect(debate_url(ctx) + "#changed-my-mind")
