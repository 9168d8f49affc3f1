"""What authoring pages show, as frozen data: templates never see a model.

The source of a version is shown as numbered lines, decoded as the validator decodes it
(a BOM dropped, line endings made `\\n`), so line N here is line N of every message. A
byte that is not UTF-8, and a NUL, show as U+FFFD: the bytes themselves are kept as sent.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..accounts.models import User
from ..clock import as_utc
from ..extensions import db
from .models import CHANGES_REQUESTED, DRAFT, IN_REVIEW, PUBLISHED, REJECTED, Submission, SubmissionVersion

MAX_DIFF_LINES = 10_000  # difflib's cost grows with the square of the lines that differ

STATUS_LABELS = {
    DRAFT: "Draft: has errors to fix",
    IN_REVIEW: "Waiting for an editor",
    CHANGES_REQUESTED: "Changes requested",
    REJECTED: "Rejected",
    PUBLISHED: "Published",
}


def when(moment: datetime) -> str:
    return moment.strftime("%d %b %Y, %H:%M UTC")


@dataclass(frozen=True)
class SubmissionCard:
    id: int
    title: str
    slug: str | None
    status: str
    status_label: str
    version_count: int
    updated: str
    author_name: str


@dataclass(frozen=True)
class VersionRow:
    number: int
    filename: str
    created: str
    errors: int
    warnings: int
    digest: str
    previewable: bool


@dataclass(frozen=True)
class ProblemView:
    line: int
    message: str
    warning: bool


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    flagged: bool  # a problem names this line


@dataclass(frozen=True)
class VersionPage:
    submission: SubmissionCard
    row: VersionRow
    problems: tuple[ProblemView, ...]
    lines: tuple[SourceLine, ...]


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "same" | "changed" | "removed" | "added"
    left_number: int | None
    left: str | None
    right_number: int | None
    right: str | None


def card_of(submission: Submission, author_name: str | None = None) -> SubmissionCard:
    if author_name is None:
        author_name = db.session.scalar(
            select(User.display_name).where(User.id == submission.author_id)) or "Someone"
    # A draft that never parsed has no title yet (and lists never load versions' bytes).
    title = submission.title or f"Untitled draft no. {submission.id}"
    return SubmissionCard(
        id=submission.id, title=title, slug=submission.slug, status=submission.status,
        status_label=STATUS_LABELS[submission.status], version_count=submission.version_count,
        updated=when(submission.updated_at), author_name=author_name,
    )


def my_submissions(user) -> tuple[SubmissionCard, ...]:
    rows = db.session.scalars(
        select(Submission).where(Submission.author_id == user.id)
        .order_by(Submission.updated_at.desc(), Submission.id.desc())
    ).all()
    return tuple(card_of(s, user.display_name) for s in rows)


def version_row(version: SubmissionVersion) -> VersionRow:
    return VersionRow(
        number=version.number, filename=version.filename, created=when(version.created_at),
        errors=version.error_count, warnings=version.warning_count,
        digest=version.source_sha256, previewable=version.error_count == 0,
    )


def version_rows(submission: Submission) -> tuple[VersionRow, ...]:
    return tuple(version_row(v) for v in submission.versions)


def source_text(data: bytes) -> str:
    """The source as the numbered view shows it (see the module's docstring)."""
    data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.decode("utf-8", errors="replace").replace("\0", "\ufffd")


def build_version_page(submission: Submission, version: SubmissionVersion) -> VersionPage:
    problems = tuple(ProblemView(p["line"], p["message"], p["warning"]) for p in version.problems)
    flagged = {p.line for p in problems}
    lines = tuple(SourceLine(n, text, n in flagged)
                  for n, text in enumerate(source_text(version.source).split("\n"), start=1))
    return VersionPage(card_of(submission), version_row(version), problems, lines)


def side_by_side(old: bytes, new: bytes) -> tuple[DiffRow, ...] | None:
    """Two versions line by line (difflib), as text: the template escapes every line.
    None when either is longer than MAX_DIFF_LINES lines."""
    left, right = source_text(old).split("\n"), source_text(new).split("\n")
    if max(len(left), len(right)) > MAX_DIFF_LINES:
        return None
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [DiffRow("same", i + 1, left[i], j + 1, right[j])
                     for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(olds), len(news))):
            i = olds[k] if k < len(olds) else None
            j = news[k] if k < len(news) else None
            kind = "changed" if i is not None and j is not None else (
                "removed" if i is not None else "added")
            rows.append(DiffRow(kind, None if i is None else i + 1,
                                None if i is None else left[i],
                                None if j is None else j + 1,
                                None if j is None else right[j]))
    return tuple(rows)


# --- review ---------------------------------------------------------------------------

ACTION_LABELS = {
    "comment": "commented",
    "request_changes": "asked for changes",
    "reject": "rejected the submission",
    "publish": "approved and published it",
}
QUEUE_SHOWS = {
    "waiting": (IN_REVIEW,),
    "changes": (CHANGES_REQUESTED,),
    "drafts": (DRAFT,),
    "done": (REJECTED, PUBLISHED),
    "all": (DRAFT, IN_REVIEW, CHANGES_REQUESTED, REJECTED, PUBLISHED),
}
QUEUE_ORDERS = ("oldest", "newest")


@dataclass(frozen=True)
class ReviewEntry:
    who: str
    action: str
    label: str
    body: str
    version_number: int
    line: int | None
    when: str


def review_entries(submission: Submission) -> tuple[ReviewEntry, ...]:
    ids = {r.author_id for r in submission.reviews if r.author_id is not None}
    names = dict(db.session.execute(
        select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}
    return tuple(
        ReviewEntry(names.get(r.author_id, "A former member"), r.action, ACTION_LABELS[r.action],
                    r.body, r.version_number, r.line, when(r.created_at))
        for r in submission.reviews
    )


@dataclass(frozen=True)
class QueueRow:
    card: SubmissionCard
    waiting_days: int


def review_queue(show: str, author_id: int | None, order: str, now: datetime
                 ) -> tuple[QueueRow, ...]:
    """Submissions for editors: by status, by author, oldest or newest first."""
    query = (select(Submission, User.display_name)
             .join(User, User.id == Submission.author_id)
             .where(Submission.status.in_(QUEUE_SHOWS[show])))
    if author_id is not None:
        query = query.where(Submission.author_id == author_id)
    newest = order == "newest"
    query = query.order_by(Submission.updated_at.desc() if newest else Submission.updated_at,
                           Submission.id.desc() if newest else Submission.id).limit(200)
    return tuple(
        QueueRow(card_of(submission, name), max(0, (now - as_utc(submission.updated_at)).days))
        for submission, name in db.session.execute(query).all()
    )


def submission_authors() -> tuple[tuple[int, str], ...]:
    """Everyone who has submitted something, for the queue's filter."""
    rows = db.session.execute(
        select(User.id, User.display_name).where(
            User.id.in_(select(Submission.author_id).distinct()))
        .order_by(User.display_name)).all()
    return tuple((row.id, row.display_name) for row in rows)
