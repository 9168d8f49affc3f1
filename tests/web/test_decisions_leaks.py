"""Hidden text never leaves the server early, through any route (case-format.md section 4).

Every GET route in app.url_map is requested with sample arguments (the case's slug,
its decision keys, small ids), as HTML and as JSON, plus searches and error pages.
"""
import pytest

from tests.factories import commit, make_case, make_user
from tests.web.decisions_support import (
    decision_of,
    every_get_url,
    post_commit,
    ref,
    responses_containing,
    sign_in,
)

SLUG = "leak-case"
MARK = "ZQXLEAK"
LOCKED_BEFORE_ANY = (MARK, "Question 2 of case", "Prompt 2.", "leaders chose")
LOCKED_AFTER_FIRST = (f"OUTCOME-{MARK}-2", f"HINDSIGHT-{MARK}-2", f"AFTER-{MARK}-2",
                      f"DEBATE-{MARK}-2", "Question 3 of case")


@pytest.fixture
def leak_case(app, rollback):
    """A 3-decision case on which other leaders have already committed everywhere."""
    with app.app_context():
        case = make_case(SLUG, decisions=3, sentinel=MARK)
        for n in range(6):
            other = make_user(level="executive")
            for number in (1, 2, 3):
                commit(other, decision_of(case.id, number), "ABC"[n % 3],
                       rationale=f"RATIONALE-OF-OTHER-{n}")
        return ref(make_user(level="executive"))


def test_an_anonymous_visitor_gets_nothing_hidden_from_any_route(app, leak_case):
    client = app.test_client()
    urls = every_get_url(app, SLUG, keys=("d1", "d2", "d3"))
    assert len(urls) > 10
    assert responses_containing(client, urls, LOCKED_BEFORE_ANY) == []


def test_a_leader_who_has_not_committed_gets_nothing_hidden(app, leak_case):
    client = app.test_client()
    sign_in(client, leak_case)
    urls = every_get_url(app, SLUG, keys=("d1", "d2", "d3"))
    assert responses_containing(client, urls, LOCKED_BEFORE_ANY + ("RATIONALE-OF-OTHER",)) == []
    page = client.get(f"/cases/{SLUG}").get_data(as_text=True)
    assert 'class="distribution"' not in page and "<svg" not in page


def test_after_committing_on_decision_one_exactly_its_parts_unlock(app, leak_case):
    client = app.test_client()
    sign_in(client, leak_case)
    assert post_commit(client, SLUG, key="d1").status_code == 303
    page = client.get(f"/cases/{SLUG}").get_data(as_text=True)
    for unlocked in (f"OUTCOME-{MARK}-1", f"HINDSIGHT-{MARK}-1", f"AFTER-{MARK}-1",
                     "Question 2 of case", "Prompt 2."):
        assert unlocked in page, unlocked
    assert 'class="distribution"' in page and "What 7 leaders chose" in page
    urls = every_get_url(app, SLUG, keys=("d1", "d2", "d3"))
    assert responses_containing(client, urls, LOCKED_AFTER_FIRST + ("RATIONALE-OF-OTHER",)) == []


def test_my_decisions_shows_no_outcome_before_it_is_unlocked(app, leak_case, monkeypatch):
    """A cohort hold keeps the reveal back: no match, no real choice, no outcome."""
    from casebook.decisions import reading

    client = app.test_client()
    sign_in(client, leak_case)
    post_commit(client, SLUG, key="d1", option="B")
    with app.app_context():
        held = frozenset({decision_of(_case_id(), 1).id})
    monkeypatch.setattr(reading, "_held", lambda user, case_ids: held)
    record = client.get("/me/decisions").get_data(as_text=True)
    assert "Not open yet" in record
    assert '<span class="option-short">Option B of decision 1</span>' in record  # their own choice, B
    assert "The same as yours" not in record and "Different from yours" not in record
    page = client.get(f"/cases/{SLUG}").get_data(as_text=True)
    assert f"OUTCOME-{MARK}-1" not in page and "Question 2 of case" not in page
    assert "your facilitator reveals it" in page
    urls = every_get_url(app, SLUG, keys=("d1", "d2", "d3"))
    assert responses_containing(client, urls, (f"OUTCOME-{MARK}-1", f"AFTER-{MARK}-1",
                                               "leaders chose")) == []


def _case_id() -> int:
    from sqlalchemy import select

    from casebook.cases.models import Case
    from casebook.extensions import db

    return db.session.scalar(select(Case.id).where(Case.slug == SLUG))
