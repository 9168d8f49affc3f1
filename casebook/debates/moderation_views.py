"""Moderation pages: the flag queue, hide/restore, lock/unlock, suspend, the audit log.

Moderators (editors, facilitators, admins) act; admins read the audit log. Members who
are not moderators get 403; anyone not signed in is sent to sign in (or 401).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..accounts.models import User
from ..contract import page_number
from ..extensions import db
from ..security import safe_redirect_target
from . import bp
from .access import open_debate, open_post
from .forms import ReasonForm
from .moderation import (
    audit_log,
    dismiss_flags,
    flag_queue,
    hide_post,
    restore_post,
    set_debate_locked,
    set_suspended,
)
from .permissions import can_moderate, can_read_audit_log, can_suspend
from .services import NotAllowed, debate_for


def _require_moderator() -> ReasonForm:
    if not can_moderate(current_user):
        abort(403)
    form = ReasonForm()
    if not form.validate():
        abort(400)
    return form


@bp.get("/moderation/flags")
@login_required
def flag_queue_page():
    if not can_moderate(current_user):
        abort(403)
    return render_template(
        "debates/flag_queue.html",
        items=flag_queue(),
        form=ReasonForm(formdata=None),
        may_read_log=can_read_audit_log(current_user),
    )


def _require_moderator_of(ctx) -> ReasonForm:
    """Load first (a post or debate the reader may not read is 404), then ask whether
    they moderate it: the site's moderators, or a room's own (debates/rooms.py)."""
    if not ctx.may_moderate(current_user):
        abort(403)
    form = ReasonForm()
    if not form.validate():
        abort(400)
    return form


@bp.post("/debates/posts/<id:post_id>/<any(hide, restore, dismiss):action>")
@login_required
def moderate_post(post_id: int, action: str):
    ctx, post = open_post(current_user, post_id)
    form = _require_moderator_of(ctx)
    operation = {"hide": hide_post, "restore": restore_post, "dismiss": dismiss_flags}[action]
    operation(current_user, post, form.reason.data or "", moderates=ctx.may_moderate(current_user))
    flash(
        {
            "hide": "The post is hidden.",
            "restore": "The post is restored.",
            "dismiss": "The flags are dismissed.",
        }[action],
        "success",
    )
    return redirect(
        safe_redirect_target(
            request.form.get("next"), url_for("debates.permalink", post_id=post.id)
        )
    )


@bp.post("/cases/<slug>/decisions/<key>/debate/<any(lock, unlock):action>")
@bp.post("/cases/<slug>/decisions/<key>/debate/rooms/<id:room_id>/<any(lock, unlock):action>")
@login_required
def lock_debate(slug: str, key: str, action: str, room_id: int | None = None):
    ctx = open_debate(current_user, slug, key, room_id)
    form = _require_moderator_of(ctx)
    debate = ctx.debate or debate_for(ctx.decision.id, ctx.room_id)
    set_debate_locked(current_user, debate, action == "lock", form.reason.data or "",
                      moderates=ctx.may_moderate(current_user))
    flash("The debate is locked." if action == "lock" else "The debate is open again.", "success")
    return redirect(url_for("debates.debate_page", slug=slug, key=key, room_id=room_id))


@bp.post("/moderation/users/<id:user_id>/<any(suspend, unsuspend):action>")
@login_required
def suspend_user(user_id: int, action: str):
    if not can_moderate(current_user):
        abort(403)
    target = db.session.get(User, user_id)
    if target is None:
        abort(404)
    form = _require_moderator()
    if not can_suspend(current_user, target):
        abort(403)
    try:
        set_suspended(current_user, target, action == "suspend", form.reason.data or "")
    except NotAllowed:
        abort(403)
    state = "suspended" if action == "suspend" else "no longer suspended"
    flash(
        f"{target.display_name} is {state}.",
        "success",
    )
    return redirect(
        safe_redirect_target(request.form.get("next"), url_for("debates.flag_queue_page"))
    )


@bp.get("/moderation/log")
@login_required
def audit_log_page():
    if not can_read_audit_log(current_user):
        abort(403)
    page = page_number(request.args)
    entries, pages = audit_log(page)
    if page > pages:
        abort(404)
    return render_template("debates/audit_log.html", entries=entries, page=page, pages=pages)
