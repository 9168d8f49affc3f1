"""Submitting a case: read what was sent, run the importer's validator on it at once,
keep the version (with every problem at its line), and say where the submission stands.

Services flush; the request commits once. A form error (nothing sent, both a file and
a paste, a file too large or not named .md) is `Invalid` and stores nothing; a file the
validator refuses is still kept, as a draft, so the author can see every problem.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from .. import clock
from ..cases.parser import MAX_FILE_BYTES, parse_case
from ..cases.slugs import MAX_SLUG_LENGTH, is_valid_slug, slugify
from ..domain import Invalid, NotFound
from ..extensions import db
from ..markdown import RENDERER_VERSION
from ..text_policy import is_plain_text
from .drafts import document_data
from .models import DRAFT, FILENAME_MAX, IN_REVIEW, Submission, SubmissionVersion
from .permissions import can_see_submission

PASTED_NAME = "pasted.md"


@dataclass(frozen=True)
class Upload:
    """What an author sent: the bytes as sent and the name the validator reports."""

    data: bytes
    filename: str


def read_upload(file, pasted: str | None) -> Upload:
    """The file (a Werkzeug FileStorage, or None) or the pasted text; Invalid otherwise."""
    pasted = pasted or ""
    has_file = file is not None and bool(getattr(file, "filename", ""))
    if has_file and pasted.strip():
        raise Invalid("Send a file or paste the Markdown, not both: clear one of them.",
                      "markdown")
    if has_file:
        filename = _clean_filename(file.filename)
        if not filename.lower().endswith(".md"):
            raise Invalid("Choose a Markdown file whose name ends in .md.", "file")
        data = file.stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise Invalid(
                f"The file is larger than 1 MiB ({MAX_FILE_BYTES:,} bytes), the most a "
                "case file may be. Nothing was saved.", "file")
        if not data:
            raise Invalid("The file is empty.", "file")
        return Upload(data, filename)
    if not pasted.strip():
        raise Invalid("Choose a .md file or paste the case's Markdown.", "markdown")
    data = pasted.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise Invalid(
            f"The text is larger than 1 MiB ({MAX_FILE_BYTES:,} bytes), the most a case "
            "file may be. Nothing was saved.", "markdown")
    return Upload(data, PASTED_NAME)


def _clean_filename(raw: str) -> str:
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or not is_plain_text(name, one_line=True):
        return "upload.md"
    return name[-FILENAME_MAX:]


def submit_case(user, upload: Upload, competencies, submission: Submission | None = None
                ) -> SubmissionVersion:
    """Validate the upload and keep it as the submission's next version (a new
    submission when none is given). With any error the submission is a draft."""
    filename = upload.filename
    if filename == PASTED_NAME and submission is not None and submission.slug:
        filename = f"{submission.slug}.md"  # a paste keeps the slug it had
    result = parse_case(upload.data, filename, tuple(competencies))
    if filename == PASTED_NAME and result.case is not None and result.case.meta.slug == "pasted":
        # No slug in the front matter: a pasted case is named after its title, and the
        # version keeps that file name so publishing it parses to the same slug.
        slug = slugify(result.case.meta.title, MAX_SLUG_LENGTH)
        if is_valid_slug(slug):
            filename = f"{slug}.md"
            result.case.meta.slug = slug
    now = clock.utcnow()
    if submission is None:
        submission = Submission(author_id=user.id, status=DRAFT, version_count=0,
                                created_at=now)
        db.session.add(submission)
    submission.version_count += 1
    version = SubmissionVersion(
        number=submission.version_count,
        filename=filename,
        source=upload.data,
        source_sha256=hashlib.sha256(upload.data).hexdigest(),
        problems=[{"line": p.line, "message": p.message, "warning": p.warning}
                  for p in result.problems],
        error_count=len(result.errors),
        warning_count=len(result.warnings),
        document=document_data(result.case) if result.case is not None else None,
        renderer_version=RENDERER_VERSION if result.case is not None else None,
        created_at=now,
    )
    submission.versions.append(version)
    if result.case is not None:
        submission.slug = result.case.meta.slug
        submission.title = result.case.meta.title
        submission.status = IN_REVIEW
    else:
        submission.status = DRAFT
    submission.updated_at = now
    db.session.flush()
    return version


def load_submission(user, submission_id: int) -> Submission:
    """The submission, for its author or an editor; NotFound (404) for anyone else,
    exactly as for one that does not exist."""
    submission = db.session.get(Submission, submission_id)
    if submission is None or not can_see_submission(user, submission.author_id):
        raise NotFound()
    return submission


def load_version(submission: Submission, number: int) -> SubmissionVersion:
    version = db.session.scalar(select(SubmissionVersion).where(
        SubmissionVersion.submission_id == submission.id, SubmissionVersion.number == number))
    if version is None:
        raise NotFound()
    return version
