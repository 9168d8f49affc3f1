"""What authoring adds to other features' pages: the header's "Authoring" link, for
the people who may submit a case (authors, editors and admins), the editors' "Review
queue", and on the notifications page what editors did on the author's submissions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from .. import clock
from ..accounts.models import User
from ..extensions import db
from ..panels import Panel, provides
from .models import Submission, SubmissionReview
from .pages import ACTION_LABELS, when
from .permissions import can_review, can_submit

NEWS_DAYS = 30
NEWS_LIMIT = 10


@dataclass(frozen=True)
class ReviewNews:
    submission_id: int
    title: str
    by: str
    did: str
    version_number: int
    line: int | None
    at: str

_LINK = Panel("authoring/_nav.html", False)
_WITH_QUEUE = Panel("authoring/_nav.html", True)


@provides("nav", order=40)
def authoring_link(user, **_) -> Panel | None:
    """The submitter's "Authoring" link; editors' "Review queue" too (no query)."""
    if can_review(user):
        return _WITH_QUEUE
    return _LINK if can_submit(user) else None


@provides("notifications.top", order=20)
def review_news_panel(user, **_) -> Panel | None:
    """Comments and decisions of others on the author's submissions, last month first."""
    if not can_submit(user):
        return None
    news = review_news(user)
    return Panel("authoring/_review_news.html", news) if news else None


def review_news(user) -> tuple[ReviewNews, ...]:
    since = clock.utcnow() - timedelta(days=NEWS_DAYS)
    rows = db.session.execute(
        select(SubmissionReview, Submission.title, Submission.slug, User.display_name)
        .join(Submission, Submission.id == SubmissionReview.submission_id)
        .outerjoin(User, User.id == SubmissionReview.author_id)
        .where(Submission.author_id == user.id, SubmissionReview.created_at >= since,
               (SubmissionReview.author_id != user.id) | SubmissionReview.author_id.is_(None))
        .order_by(SubmissionReview.created_at.desc(), SubmissionReview.id.desc())
        .limit(NEWS_LIMIT)
    ).all()
    return tuple(
        ReviewNews(review.submission_id, title or slug or f"Submission {review.submission_id}",
                   name or "A former member", ACTION_LABELS[review.action],
                   review.version_number, review.line, when(review.created_at))
        for review, title, slug, name in rows
    )
