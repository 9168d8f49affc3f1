"""A double submit, two tabs or two workers never make two commitments, nor a 500.

These tests commit for real (the `committed` fixture) so that each thread's request
runs in its own connection and transaction, as in production.
"""
import threading

from sqlalchemy import select

from casebook.cases.documents import published_case_document
from casebook.decisions import services
from casebook.decisions.reading import read_case
from casebook.decisions.errors import AlreadyCommitted
from casebook.decisions.models import Commitment
from casebook.extensions import db
from tests.factories import make_case, make_user
from tests.web.decisions_support import post_commit, post_reflection, ref, sign_in

THREADS = 8


def _post_at_once(app, user, send):
    """Every thread signs in its own client, waits at the barrier, then sends at once."""
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def worker(n: int):
        try:
            client = app.test_client()
            sign_in(client, user)
            barrier.wait(timeout=30)
            statuses.append(send(client, n).status_code)
        except BaseException as problem:  # noqa: BLE001 - reported below
            errors.append(problem)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with app.app_context():
        db.engine.dispose()  # close the threads' pooled connections now, not at exit
    assert not errors, errors
    return statuses


def test_concurrent_commits_make_exactly_one_row(committed):
    app = committed
    with app.app_context():
        make_case("race-case", decisions=2)
        user = ref(make_user())
    statuses = _post_at_once(
        app, user,
        lambda client, n: post_commit(client, "race-case", option="ABC"[n % 3],
                                      confidence=str(60 + n), rationale=f"Attempt {n}"),
    )
    assert len(statuses) == THREADS
    assert 500 not in statuses
    assert set(statuses) == {303}
    with app.app_context():
        rows = db.session.scalars(select(Commitment).where(Commitment.user_id == user.id)).all()
        assert len(rows) == 1
        winner = rows[0]
        n = int(winner.rationale_source.split()[-1])
        assert (winner.option_label, winner.confidence) == ("ABC"[n % 3], 60 + n)


def test_concurrent_reflections_make_exactly_one(committed):
    app = committed
    with app.app_context():
        make_case("race-reflect", decisions=1)
        user = ref(make_user())
    client = app.test_client()
    sign_in(client, user)
    assert post_commit(client, "race-reflect").status_code == 303
    statuses = _post_at_once(
        app, user,
        lambda client, n: post_reflection(client, "race-reflect", hindsight_rating=str(1 + n % 5)),
    )
    assert 500 not in statuses and set(statuses) == {303}
    with app.app_context():
        from casebook.decisions.models import Reflection

        assert len(db.session.scalars(select(Reflection)).all()) == 1


def test_a_race_past_the_check_is_settled_by_the_unique_constraint(committed):
    """A second request that read the page before the first committed is caught by the
    unique constraint inside a savepoint."""
    app = committed
    with app.app_context():
        case = make_case("race-constraint", decisions=1)
        user = make_user()
        # Both requests read the page before either committed: the same (stale) view.
        decision = read_case(user, published_case_document(case.slug)).decision("d1")
        services.commit_choice(user, decision, "A", "First.", 70)
        db.session.commit()

        try:
            services.commit_choice(user, decision, "B", "Second.", 90)
        except AlreadyCommitted:
            pass
        else:
            raise AssertionError("a second commitment was accepted")
        # The outer transaction is still usable after the savepoint rolled back.
        db.session.commit()
        rows = db.session.scalars(select(Commitment)).all()
        assert [(r.option_label, r.confidence) for r in rows] == [("A", 70)]
