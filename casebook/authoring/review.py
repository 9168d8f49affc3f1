"""Review: comments (the author's or an editor's, on the whole or on a line), and the
editors' decisions: request changes, reject with a reason, approve and publish.

Every comment or decision by someone else is mailed to the author (casebook/mail.py:
after the response, or into the outbox inside the transaction). Publishing goes
through the importer's own code path (cases/importer.import_results: its checks, its
guard for decisions and options leaders committed to, its search text) inside the
request's one transaction: any refusal changes nothing.
"""
from __future__ import annotations

from flask import render_template, url_for
from sqlalchemy import select

from .. import clock
from ..accounts.models import User
from ..cases.importer import ImportFailed, import_results
from ..cases.models import Case
from ..cases.parser import parse_case
from ..domain import Conflict, Invalid, NotAllowed, NotFound
from ..extensions import db
from ..mail import send_mail
from ..text_policy import is_plain_text
from .models import (
    CHANGES_REQUESTED,
    COMMENT,
    IN_REVIEW,
    PUBLISH,
    PUBLISHED,
    REJECT,
    REJECTED,
    REQUEST_CHANGES,
    REVIEW_BODY_MAX,
    Submission,
    SubmissionReview,
)
from .pages import ACTION_LABELS, source_text
from .permissions import can_review, can_see_submission


def _text(raw: str | None, field: str, what: str, required: bool = True) -> str:
    text = (raw or "").strip()
    if required and not text:
        raise Invalid(f"Write {what}.", field)
    if len(text) > REVIEW_BODY_MAX:
        raise Invalid(f"{what.capitalize()} is at most {REVIEW_BODY_MAX:,} characters.", field)
    if not is_plain_text(text):
        raise Invalid("The text holds a character text cannot hold.", field)
    return text


def _line(raw: str | None, submission: Submission, version_number: int) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    version = next((v for v in submission.versions if v.number == version_number), None)
    lines = source_text(version.source).count("\n") + 1 if version else 0
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= lines):
        raise Invalid(f"The line is a number from 1 to {lines:,} (the lines of version "
                      f"{version_number}).", "line")
    return int(raw)


def _version_number(raw: str | None, submission: Submission) -> int:
    raw = (raw or "").strip()
    if not raw:
        return submission.version_count
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= submission.version_count):
        raise Invalid("Choose one of the submission's versions.", "version")
    return int(raw)


def _record(submission: Submission, user, action: str, body: str, version_number: int,
            line: int | None = None) -> SubmissionReview:
    entry = SubmissionReview(version_number=version_number, author_id=user.id, action=action,
                             body=body, line=line, created_at=clock.utcnow())
    submission.reviews.append(entry)
    db.session.flush()
    _tell_the_author(submission, user, entry)
    return entry


def _tell_the_author(submission: Submission, user, entry: SubmissionReview) -> None:
    """Mail the author about someone else's comment or decision (after the response)."""
    if user.id == submission.author_id:
        return
    author = db.session.get(User, submission.author_id)
    if author is None or author.is_deleted:
        return
    link = url_for("authoring.submission_page", submission_id=submission.id,
                   _anchor="review", _external=True)
    title = submission.title or f"Untitled draft no. {submission.id}"
    send_mail(author.email, f"{ACTION_LABELS[entry.action].capitalize()}: {title}"[:200],
              render_template("authoring/mail/review.txt", author=author.display_name,
                              reviewer=user.display_name, label=ACTION_LABELS[entry.action],
                              title=title, body=entry.body, line=entry.line,
                              version=entry.version_number, link=link))


def add_comment(user, submission: Submission, body: str | None, line: str | None = None,
                version: str | None = None) -> SubmissionReview:
    """The author or an editor comments on a version, or on one of its lines."""
    if not can_see_submission(user, submission.author_id):
        raise NotFound()
    problems = []
    try:
        text = _text(body, "body", "a comment")
    except Invalid as problem:
        problems.append(problem)
    try:
        number = _version_number(version, submission)
        at_line = _line(line, submission, number)
    except Invalid as problem:
        problems.append(problem)
    if problems:
        raise Invalid.collect(problems)
    return _record(submission, user, COMMENT, text, number, at_line)


def _editor(user) -> None:
    if not can_review(user):
        raise NotAllowed("Only editors review submissions.")


def request_changes(user, submission: Submission, reason: str | None) -> SubmissionReview:
    _editor(user)
    text = _text(reason, "reason", "what should change")
    if submission.status != IN_REVIEW:
        raise Conflict("Only a submission waiting for review can be sent back for changes.")
    submission.status = CHANGES_REQUESTED
    submission.updated_at = clock.utcnow()
    return _record(submission, user, REQUEST_CHANGES, text, submission.version_count)


def reject(user, submission: Submission, reason: str | None) -> SubmissionReview:
    _editor(user)
    text = _text(reason, "reason", "the reason")
    if submission.status in (REJECTED, PUBLISHED):
        raise Conflict("This submission is already rejected or published.")
    submission.status = REJECTED
    submission.updated_at = clock.utcnow()
    return _record(submission, user, REJECT, text, submission.version_count)


def publish(user, submission: Submission, competencies, note: str | None = None) -> str:
    """Create or update the library's case from the last version; its slug."""
    _editor(user)
    text = _text(note, "note", "a note", required=False)
    if submission.status != IN_REVIEW:
        raise Conflict("Only a submission waiting for review can be published.")
    version = submission.versions[-1]
    result = parse_case(version.source, version.filename, tuple(competencies))
    if result.case is None:
        raise Conflict("The last version has errors: it cannot be published.")
    slug = result.case.meta.slug
    existing = db.session.scalar(select(Case.id).where(Case.slug == slug))
    if existing is not None and existing != submission.case_id:
        raise Conflict(f"The library already has a case with the slug '{slug}'. Ask the "
                       "author to choose another slug in the front matter.")
    try:
        import_results([result])
    except ImportFailed as failure:
        messages = "; ".join(p.message for p in failure.problems if not p.warning)
        raise Conflict(f"The library refused this version: {messages}") from None
    submission.case_id = db.session.scalar(select(Case.id).where(Case.slug == slug))
    submission.status = PUBLISHED
    submission.slug = slug
    submission.updated_at = clock.utcnow()
    _record(submission, user, PUBLISH, text, version.number)
    return slug
