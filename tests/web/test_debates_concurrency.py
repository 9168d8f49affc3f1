"""Leaders posting and reacting at the same moment: nothing lost, nothing doubled, no 500.

Real commits (the `committed` fixture): each thread's request has its own connection
and transaction, as with several gunicorn workers.
"""
import threading

from sqlalchemy import func, select

from casebook.debates.models import Debate, Post, Reaction
from casebook.extensions import db
from tests.factories import commit, make_case, make_user
from tests.web.debates_support import ref, sign_in

THREADS = 6


def _at_once(app, users, send) -> list[int]:
    """Each thread signs in its own client for its user, waits at a barrier, then sends."""
    barrier = threading.Barrier(len(users))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def worker(n: int):
        try:
            client = app.test_client()
            sign_in(client, users[n])
            barrier.wait(timeout=30)
            statuses.append(send(client, n).status_code)
        except BaseException as problem:  # noqa: BLE001 - reported below
            errors.append(problem)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with app.app_context():
        db.engine.dispose()
    assert not errors, errors
    return statuses


def _leaders_who_committed(case_slug: str, count: int):
    case = make_case(case_slug, decisions=1)
    decision = case.decisions[0]
    leaders = []
    for _ in range(count):
        user = make_user()
        commit(user, decision, "A")
        leaders.append(ref(user))
    return decision.id, leaders


def test_first_posts_at_once_make_one_debate_and_keep_every_post(committed):
    app = committed
    with app.app_context():
        decision_id, leaders = _leaders_who_committed("race-debate", THREADS)
    statuses = _at_once(app, leaders, lambda client, n: client.post(
        "/cases/race-debate/decisions/d1/debate",
        data={"stance": "A", "body": f"Opening argument number {n}"},
    ))
    assert 500 not in statuses and set(statuses) == {302}  # redirected to the new post
    with app.app_context():
        debates = db.session.scalars(select(Debate).where(Debate.decision_id == decision_id)).all()
        assert len(debates) == 1
        bodies = db.session.scalars(select(Post.body_source).where(Post.debate_id == debates[0].id))
        assert sorted(bodies) == sorted(f"Opening argument number {n}" for n in range(THREADS))


def test_one_leader_reacting_from_several_tabs_counts_once(committed):
    app = committed
    with app.app_context():
        _, leaders = _leaders_who_committed("race-react", 2)
    author, reader = leaders
    client = app.test_client()
    sign_in(client, author)
    posted = client.post("/cases/race-react/decisions/d1/debate",
                         data={"stance": "A", "body": "Worth a reaction"})
    assert posted.status_code == 302
    with app.app_context():
        post_id = db.session.scalar(select(Post.id))
    statuses = _at_once(app, [reader] * THREADS,
                        lambda client, n: client.post(f"/debates/posts/{post_id}/insightful"))
    assert 500 not in statuses
    with app.app_context():
        reactions = db.session.scalar(
            select(func.count()).select_from(Reaction).where(Reaction.post_id == post_id)
        )
        # Toggles racing each other end on or off, never on twice.
        assert reactions in (0, 1)
