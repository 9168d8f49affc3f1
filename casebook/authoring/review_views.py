"""Review routes: the editors' queue, comments (the author's and the editors'), and the
editors' decisions: request changes, reject with a reason, approve and publish.

Load (404 for anyone but the author and the editors) -> check the role (403) -> service
-> the request contract commits once -> redirect (PRG). A refused form is drawn again on
its page with what was typed and the message beside its field (422); a decision that
clashes with the submission's state is a 409 page saying why.
"""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..contract import form_status, optional_id
from ..domain import Invalid, NotAllowed
from . import bp
from .forms import ChangesForm, CommentForm, PublishForm, RejectForm, attach_errors
from .pages import QUEUE_ORDERS, QUEUE_SHOWS, review_queue, submission_authors
from .permissions import can_review
from .review import add_comment, publish, reject, request_changes
from .services import load_submission, load_version
from .views import draw_submission_page, draw_version_page


@bp.get("/queue")
@login_required
def review_queue_page():
    if not can_review(current_user):
        raise NotAllowed("Only editors review submissions.")
    show = request.args.get("show", "waiting")
    order = request.args.get("order", "oldest")
    show = show if show in QUEUE_SHOWS else "waiting"
    order = order if order in QUEUE_ORDERS else "oldest"
    author_id = optional_id(request.args, "author")
    return render_template(
        "authoring/queue.html", rows=review_queue(show, author_id, order, clock.utcnow()),
        show=show, order=order, author_id=author_id, authors=submission_authors(),
    )


def _back_to_submission(submission_id: int, anchor: str = "review"):
    return redirect(url_for("authoring.submission_page", submission_id=submission_id,
                            _anchor=anchor), code=303)


@bp.route("/<id:submission_id>/comments", methods=["GET", "POST"])
@login_required
def comment(submission_id: int):
    submission = load_submission(current_user, submission_id)
    if request.method == "GET":  # a reload of the address a form error left
        return _back_to_submission(submission.id)
    form = CommentForm()
    if form.validate():
        try:
            entry = add_comment(current_user, submission, form.body.data, form.line.data,
                                form.version.data)
        except Invalid as problem:
            attach_errors(form, problem)
        else:
            flash("Your comment is added.", "success")
            anchor = f"L{entry.line}" if entry.line else "comments"
            return redirect(url_for("authoring.version_page", submission_id=submission.id,
                                    number=entry.version_number, _anchor=anchor), code=303)
    raw = form.version.data or ""
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else 0
    if not 1 <= number <= submission.version_count:
        number = submission.version_count
    version = load_version(submission, number)
    return draw_version_page(submission, version, form, form_status())


def _decision(submission_id: int, form_class, act, done: str):
    submission = load_submission(current_user, submission_id)
    if not can_review(current_user):
        raise NotAllowed("Only editors review submissions.")
    form = form_class()
    if form.validate():
        try:
            act(submission, form)
        except Invalid as problem:
            attach_errors(form, problem)
        else:
            flash(done, "success")
            return _back_to_submission(submission.id)
    return draw_submission_page(submission, forms={form_class: form}, status=form_status())


@bp.post("/<id:submission_id>/request-changes")
@login_required
def request_changes_page(submission_id: int):
    return _decision(submission_id, ChangesForm,
                     lambda s, f: request_changes(current_user, s, f.changes.data),
                     "The author is asked for changes.")


@bp.post("/<id:submission_id>/reject")
@login_required
def reject_page(submission_id: int):
    return _decision(submission_id, RejectForm,
                     lambda s, f: reject(current_user, s, f.reason.data),
                     "The submission is rejected; the author sees your reason.")


@bp.post("/<id:submission_id>/publish")
@login_required
def publish_page(submission_id: int):
    published = {}

    def act(submission, form):
        published["slug"] = publish(current_user, submission,
                                    current_app.config["COMPETENCIES"], form.note.data)

    response = _decision(submission_id, PublishForm, act, "Published: the case is in the library.")
    if published and getattr(response, "status_code", 200) == 303:
        return redirect(url_for("decisions.case_page", slug=published["slug"]), code=303)
    return response
