"""SQL statements per page stay the same however many cases, commitments and leaders
there are (the reading model reads each kind of record in one statement)."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from casebook.extensions import db
from tests.factories import commit, make_case, make_user, sign_in

PAGES = ("/cases/counted-0", "/me/decisions", "/", "/account")


def _grow(reader_id: int, start: int, stop: int) -> None:
    """Cases start..stop-1, each committed on by the reader and three other leaders."""
    for n in range(start, stop):
        case = make_case(f"counted-{n}", title=f"Counted case {n}", decisions=2)
        commit(reader_id, case.decisions[0])
        for _ in range(3):
            commit(make_user(), case.decisions[0], label="B")
    db.session.commit()


def _statements(app, client, path: str) -> int:
    client.get(path)  # the first view of a snapshot loads it; measure the steady state
    return len(_statement_texts(app, client, path))


@pytest.mark.parametrize("path", PAGES)
def test_statements_do_not_grow_with_the_data(app, rollback, path):
    with app.app_context():
        reader = make_user(display_name="Counted Reader").id
        _grow(reader, 0, 2)
    client = app.test_client()
    sign_in(client, reader)
    small = _statements(app, client, path)
    with app.app_context():
        _grow(reader, 2, 12)
    assert _statements(app, client, path) == small


def _statement_texts(app, client, path: str) -> list[str]:
    seen: list[str] = []

    def remember(conn, cursor, statement, *args):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    # The tests' own savepoints (tests/conftest.py) are not the page's.
    return [s for s in seen if "SAVEPOINT" not in s]


def test_a_committed_leaders_case_page_asks_one_statement_and_the_tallies(app, rollback):
    """The account, its session, the header's unread count, cohort holds and hindsight
    checks, the case's key and the reader's records: one statement. The tallies come
    once more, until the next commit on the case."""
    with app.app_context():
        reader = make_user(display_name="Counted Reader").id
        _grow(reader, 0, 1)
    app.test_client().get("/cases/counted-0")  # loads the case's snapshot
    client = app.test_client()
    sign_in(client, reader)
    first = _statement_texts(app, client, "/cases/counted-0")
    again = _statement_texts(app, client, "/cases/counted-0")
    assert len(first) == 2
    for table in ("user_sessions", "notifications", "cohort_decision_states", "commitments", "cases"):
        assert f"FROM {table}" in first[0] or f"JOIN {table}" in first[0], table
    assert "FROM decision_tallies WHERE" in first[1]
    assert again == first[:1]
    assert not any(s.startswith(("BEGIN", "ROLLBACK")) for s in first)
