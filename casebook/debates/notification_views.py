"""Notifications: the list, opening one (marks it read), marking all read; the header count."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..contract import page_number
from ..extensions import db
from ..panels import gather
from . import bp
from .forms import ActionForm
from .models import Notification
from .notifications import mark_read, notifications_page, post_is_readable, unread_count


@bp.get("/notifications")
@login_required
def notifications():
    page = page_number(request.args)
    views, pages = notifications_page(current_user, page)
    if page > pages:
        abort(404)
    return render_template(
        "debates/notifications.html",
        notifications=views,
        unread=unread_count(current_user),
        page=page,
        pages=pages,
        form=ActionForm(),
        # What later features remind the reader of (a cohort's cases coming due).
        top_panels=gather("notifications.top", user=current_user) if page == 1 else (),
    )


@bp.post("/notifications/<id:notification_id>/open")
@login_required
def open_notification(notification_id: int):
    """Mark it read, then go to the post if the reader may see it (else back to the list)."""
    if not ActionForm().validate():
        abort(400)
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    mark_read(current_user, note.id)
    if post_is_readable(current_user, note.post_id):
        return redirect(url_for("debates.permalink", post_id=note.post_id))
    return redirect(url_for("debates.notifications"))


@bp.post("/notifications/read")
@login_required
def mark_all_read():
    if not ActionForm().validate():
        abort(400)
    mark_read(current_user)
    return redirect(url_for("debates.notifications"))
