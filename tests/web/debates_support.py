"""Helpers shared by the debate tests: sign-in, commitments, posts, a SQL query counter."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from sqlalchemy import event, select

from casebook.cases.models import Decision
from casebook.debates.models import Post
from casebook.debates.services import create_post, debate_for
from casebook.extensions import db
from tests import factories
from tests.factories import make_case, make_user, sign_in

__all__ = ["make_case", "make_user", "sign_in"]


def ref(user) -> SimpleNamespace:
    """What a test keeps of a user past its app context: the id and the session version."""
    return SimpleNamespace(id=user.id, session_version=user.session_version)


def sign_out(client) -> None:
    with client.session_transaction() as session:
        session.clear()


def decision_of(case, number: int = 1) -> Decision:
    return db.session.scalar(
        select(Decision).where(Decision.case_id == case.id, Decision.number == number)
    )


def commit_to(user, decision: Decision, label: str = "A", confidence: int = 70):
    """A sealed commitment through the decisions feature's factory."""
    return factories.commit(user, decision, label, confidence)


def leader_who_committed(
    case, *, label: str = "A", confidence: int = 70, through: int = 1, **fields
):
    """A leader with commitments on the case's first `through` decisions."""
    user = make_user(**fields)
    for number in range(1, through + 1):
        commit_to(user, decision_of(case, number), label, confidence)
    return user


def add_post(
    decision: Decision,
    author,
    body: str = "A post.",
    *,
    stance: str | None = "A",
    parent: Post | None = None,
    at: datetime | None = None,
) -> Post:
    """A post written through the service (rendered, notifications made), committed."""
    debate = debate_for(decision.id)
    post = create_post(
        debate,
        author,
        body,
        stance=None if parent else stance,
        parent=parent,
        labels=[o.label for o in decision.options],
    )
    if at is not None:
        post.created_at = at
    db.session.commit()
    return post


def spaced_times(count: int, start: datetime | None = None):
    """Strictly increasing timestamps, so ordering by time is deterministic."""
    start = start or datetime(2026, 1, 1, tzinfo=timezone.utc)
    return [start + timedelta(seconds=i) for i in range(count)]


def debate_path(case, number: int = 1) -> str:
    """The debate page of decision `number` of a case (a Case or its slug)."""
    slug = case if isinstance(case, str) else case.slug
    return f"/cases/{slug}/decisions/d{number}/debate"


@contextmanager
def count_queries(app):
    """Counts SQL statements run on the app's engine while the block runs."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if (
            not statement.lstrip()
            .upper()
            .startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "PRAGMA"))
        ):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def bulk_posts(decision, authors, count: int, *, top_level_every: int = 5) -> list[int]:
    """`count` posts inserted as rows (pre-rendered HTML): every `top_level_every`-th starts a
    thread, the others reply to a recent post of the current thread, up to 8 levels deep."""
    from casebook.debates.models import Post

    debate = debate_for(decision.id)
    times = spaced_times(count)
    labels = [o.label for o in decision.options] + ["question"]
    ids: list[int] = []
    thread: list[Post] = []
    for i in range(count):
        author = authors[i % len(authors)]
        if i % top_level_every == 0:
            post = Post(
                debate_id=debate.id,
                author_id=author.id,
                depth=0,
                stance=labels[i % len(labels)],
                body_source=f"Post {i}",
                body_html=f"<p>Post {i}</p>",
                renderer_version=1,
                created_at=times[i],
            )
            thread = []
        else:
            parent = (
                thread[-1] if thread and thread[-1].depth < 8 else thread[0] if thread else None
            )
            post = Post(
                debate_id=debate.id,
                author_id=author.id,
                parent_id=parent.id,
                root_id=parent.root_id or parent.id,
                depth=parent.depth + 1,
                body_source=f"Reply {i}",
                body_html=f"<p>Reply {i}</p>",
                renderer_version=1,
                created_at=times[i],
            )
        db.session.add(post)
        db.session.flush()
        thread.append(post)
        ids.append(post.id)
    db.session.commit()
    return ids
