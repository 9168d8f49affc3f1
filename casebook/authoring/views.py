"""Authoring routes: my submissions, submitting a case, a submission and its versions,
each version's problems over its numbered source, downloads, comparisons and previews.

Load (a submission answers 404 to anyone but its author and the editors) -> check ->
service -> the request contract commits -> redirect (PRG). A form error draws the form
again with what was typed (422); a file the validator refuses is kept as a draft.
"""
from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..cases.parser import MAX_FILE_BYTES
from ..contract import Refused, form_status
from ..decisions.reading import read_unfolding
from ..domain import Invalid, NotAllowed, NotFound
from . import bp
from .drafts import draft_document
from .forms import (
    ChangesForm,
    CommentForm,
    PublishForm,
    RejectForm,
    SubmissionForm,
    attach_errors,
)
from .models import IN_REVIEW, PUBLISHED, REJECTED
from .pages import (
    build_version_page,
    card_of,
    my_submissions,
    review_entries,
    side_by_side,
    version_row,
    version_rows,
)
from .permissions import can_review, can_revise, can_submit
from .preview import appearances
from .services import load_submission, load_version, read_upload, submit_case


# A pasted case may be as large as a case file, more than the 500 kB Flask allows a
# form field by default. Set before any hook reads the form (the text policy's is the
# first before_request hook; URL value preprocessors run before those).
SUBMIT_ENDPOINTS = frozenset({"authoring.new_submission", "authoring.new_version"})


@bp.url_value_preprocessor
def _room_for_a_pasted_case(endpoint, values) -> None:
    if endpoint in SUBMIT_ENDPOINTS:
        request.max_form_memory_size = MAX_FILE_BYTES + 64 * 1024


def _require_submitter() -> None:
    if not can_submit(current_user):
        raise NotAllowed("Only authors, editors and admins submit cases.")


@bp.get("")
@login_required
def my_submissions_page():
    _require_submitter()
    return render_template("authoring/my_submissions.html", cards=my_submissions(current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_submission():
    _require_submitter()
    form = SubmissionForm()
    if request.method == "GET":
        return render_template("authoring/new.html", form=form)
    return _submit(form, None) or (
        render_template("authoring/new.html", form=form), form_status())


def _submit(form: SubmissionForm, submission):
    """Keep the version and redirect to its problems; None when the form was refused."""
    if not form.validate():
        return None
    try:
        upload = read_upload(request.files.get("file"), form.markdown.data)
    except Invalid as problem:
        attach_errors(form, problem)
        return None
    version = submit_case(current_user, upload, current_app.config["COMPETENCIES"], submission)
    submission = version.submission
    if version.error_count:
        flash(f"Version {version.number} is kept as a draft: it has {version.error_count} "
              f"{'error' if version.error_count == 1 else 'errors'} to fix.", "error")
    else:
        flash(f"Version {version.number} has no errors: it waits for an editor's review.",
              "success")
    return redirect(url_for("authoring.version_page", submission_id=submission.id,
                            number=version.number), code=303)


@bp.get("/<id:submission_id>")
@login_required
def submission_page(submission_id: int):
    submission = load_submission(current_user, submission_id)
    return draw_submission_page(submission)


def draw_submission_page(submission, forms: dict | None = None, status: int = 200):
    """The submission's page; `forms` maps a form class to the one that came back refused."""
    forms = forms or {}

    def form(form_class):
        return forms.get(form_class) or form_class(formdata=None)

    reviewing = can_review(current_user)
    versions = version_rows(submission)
    return render_template(
        "authoring/submission.html", card=card_of(submission), versions=versions,
        form=form(SubmissionForm) if can_revise(current_user, submission.author_id) else None,
        reviews=review_entries(submission),
        changes_form=form(ChangesForm) if reviewing and submission.status == IN_REVIEW else None,
        reject_form=form(RejectForm) if reviewing and submission.status not in (
            REJECTED, PUBLISHED) else None,
        publish_form=form(PublishForm) if reviewing and submission.status == IN_REVIEW
        and versions and versions[-1].errors == 0 else None,
    ), status


@bp.route("/<id:submission_id>/versions", methods=["GET", "POST"])
@login_required
def new_version(submission_id: int):
    submission = load_submission(current_user, submission_id)
    if request.method == "GET":  # a reload of the address a form error left
        return redirect(url_for("authoring.submission_page", submission_id=submission.id),
                        code=303)
    if not can_revise(current_user, submission.author_id):
        raise NotAllowed("Only the author sends a new version.")
    form = SubmissionForm()
    return _submit(form, submission) or draw_submission_page(
        submission, {SubmissionForm: form}, form_status())


@bp.get("/<id:submission_id>/versions/<id:number>")
@login_required
def version_page(submission_id: int, number: int):
    submission = load_submission(current_user, submission_id)
    return draw_version_page(submission, load_version(submission, number))


def draw_version_page(submission, version, comment_form=None, status: int = 200):
    """A version's problems over its numbered source, with the comments on it."""
    if comment_form is None:
        comment_form = CommentForm(formdata=None, data={"version": str(version.number)})
    comments = tuple(e for e in review_entries(submission) if e.version_number == version.number)
    return render_template("authoring/version.html", page=build_version_page(submission, version),
                           comments=comments, comment_form=comment_form), status


@bp.get("/<id:submission_id>/versions/<id:number>/source.md")
@login_required
def download_version(submission_id: int, number: int):
    submission = load_submission(current_user, submission_id)
    version = load_version(submission, number)
    name = f"{submission.slug or f'submission-{submission.id}'}-v{version.number}.md"
    return Response(version.source, content_type="text/markdown; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
    })


@bp.get("/<id:submission_id>/compare")
@login_required
def compare_versions(submission_id: int):
    submission = load_submission(current_user, submission_id)
    last = submission.version_count
    old_number = _version_number(request.args.get("from"), max(last - 1, 1))
    new_number = _version_number(request.args.get("to"), last)
    old, new = load_version(submission, old_number), load_version(submission, new_number)
    return render_template(
        "authoring/compare.html", card=card_of(submission), versions=version_rows(submission),
        old=version_row(old), new=version_row(new), rows=side_by_side(old.source, new.source),
    )


def _version_number(raw: str | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
        raise Refused("A version number is a whole number, such as 2.")
    return int(raw)


@bp.get("/<id:submission_id>/versions/<id:number>/preview")
@login_required
def preview_version(submission_id: int, number: int):
    submission = load_submission(current_user, submission_id)
    version = load_version(submission, number)
    row = version_row(version)
    if version.document is None:
        return render_template("authoring/preview.html", card=card_of(submission), row=row,
                               view=None, step=None, steps=0, marks=None)
    document = draft_document(version.document, f"draft-{version.id}")
    steps = len(document.decisions)
    step = _step(request.args.get("step"), steps)
    view = read_unfolding(document, step)
    return render_template(
        "authoring/preview.html", card=card_of(submission), row=row, view=view, step=step,
        steps=steps, marks=appearances(document) if step is None else None,
        notice_slot=_no_notice,
    )


def _no_notice(anchor: str) -> str:
    return ""  # the reader's reveal template leaves room for a commit's notice


def _step(raw: str | None, steps: int) -> int | None:
    if raw is None or raw == "" or raw == "all":
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3):
        raise Refused("The step is a number of decisions committed, such as 1, or 'all'.")
    if int(raw) > steps:
        raise NotFound()
    return int(raw)
