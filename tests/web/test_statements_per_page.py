"""SQL statements per page stay the same however many cases, commitments and leaders
there are (the reading model reads each kind of record in one statement)."""
from __future__ import annotations

import pytest
from sqlalchemy import event, select

from casebook.accounts.models import User
from casebook.cases.models import Case, Decision
from casebook.db import statements_are_round_trips
from casebook.debates.services import create_post, debate_for
from casebook.extensions import db
from tests.factories import commit, make_case, make_user, sign_in
from tests.web.cohorts_support import assign, make_cohort

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
    """The account, its session, the header's unread count, cohort holds, cohort seats and
    hindsight checks, the case's key and the reader's records: one statement. The tallies come
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
    for table in ("user_sessions", "notifications", "cohort_decision_states", "cohort_members",
                  "commitments", "cases"):
        assert f"FROM {table}" in first[0] or f"JOIN {table}" in first[0], table
    assert "FROM decision_tallies WHERE" in first[1]
    assert again == first[:1]
    assert not any(s.startswith(("BEGIN", "ROLLBACK")) for s in first)



def _room_page_statements(app, user_id: int) -> list[str]:
    client = app.test_client()
    sign_in(client, user_id)
    client.get("/cases/counted-0")  # the tallies, once
    return _statement_texts(app, client, "/cases/counted-0")


def test_a_cohort_members_case_page_asks_its_cohorts_in_one_statement(app, rollback):
    """The reader's cohorts on the case (their holds, the links to their debates with
    post counts, what the page follows live) are one statement however many cohorts and
    posts: on PostgreSQL the account's own (one round trip a page), on SQLite one more
    (no round trip there, and readers in no cohort skip it: the test above)."""
    with app.app_context():
        expected = 1 if statements_are_round_trips() else 2
        member = make_user(display_name="Counted Member")
        lead = make_user("facilitator", display_name="Counted Lead")
        _grow(member.id, 0, 1)
        cohort = make_cohort(lead, "Counted cohort", members=[member])
        assign(lead, cohort, "counted-0", hold=False)
        people = {"member": member.id, "lead": lead.id}
    app.test_client().get("/cases/counted-0")  # loads the case's snapshot
    for name, person in people.items():
        asked = _room_page_statements(app, person)
        assert len(asked) == expected, name
        assert "JOIN user_sessions" in asked[0], name
        assert "JOIN cohort_decision_states" in asked[-1], name
    with app.app_context():
        member, lead = db.session.get(User, people["member"]), db.session.get(User, people["lead"])
        assign(lead, make_cohort(lead, "Second counted cohort", members=[member]), "counted-0",
               hold=False)
        decision = db.session.scalar(select(Decision).join(Case).where(
            Case.slug == "counted-0", Decision.number == 1))
        for n in range(5):
            create_post(debate_for(decision.id, cohort), member, f"Counted post {n}",
                        stance="A", labels=["A", "B", "C"])
        db.session.commit()
    for name, person in people.items():
        assert len(_room_page_statements(app, person)) == expected, name
    client = app.test_client()
    sign_in(client, people["member"])
    page = client.get("/cases/counted-0").get_data(as_text=True)
    assert "Discuss it with Counted cohort" in page and "Discuss it with Second counted cohort" in page
    assert "5 posts in the cohort" in page
