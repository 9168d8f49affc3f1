""""I already knew how this ended": counted among all leaders' choices (shown apart),
left out of the leader's own figures unless they include it, and sealed like the rest.

The track record figures are checked against hand-computed examples. Every factory
case has options A, B, C and the real choice B.
"""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.factories import commit, make_case, make_user
from tests.web.decisions_support import (
    commitments_of,
    decision_of,
    move_clock,
    post_commit,
    post_reflection,
    ref,
    sign_in,
)
from casebook.extensions import db


def test_the_commit_form_offers_it_and_the_choice_keeps_it(app, client, rollback):
    with app.app_context():
        make_case("famous-case", decisions=1)
        leader = ref(make_user())
    sign_in(client, leader)
    page = client.get("/cases/famous-case").get_data(as_text=True)
    assert "I already know how this ended" in page
    assert post_commit(client, "famous-case", knew_outcome="yes").status_code == 303
    with app.app_context():
        [row] = commitments_of(leader.id)
        assert row.knew_outcome is True
    page = client.get("/cases/famous-case").get_data(as_text=True)
    assert "You said you already knew how this ended" in page


def test_it_is_sealed_with_the_commitment(app, client, rollback):
    with app.app_context():
        case = make_case("sealed-knew", decisions=1)
        commit(make_user(), decision_of(case.id, 1), "B", knew_outcome=True)
        with pytest.raises(DBAPIError):
            db.session.execute(text("UPDATE commitments SET knew_outcome = false"))
        db.session.rollback()


def test_the_distribution_counts_them_and_shows_them_apart(app, client, rollback):
    with app.app_context():
        case = make_case("crowd-knew", decisions=1)
        decision = decision_of(case.id, 1)
        for label in "BBBBA":  # five who knew: four chose B, one A
            commit(make_user(), decision, label, knew_outcome=True)
        for label in "AAC":
            commit(make_user(), decision, label)
        reader = make_user()
        commit(reader, decision, "C")
        reader = ref(reader)
    sign_in(client, reader)
    page = client.get("/cases/crowd-knew").get_data(as_text=True)
    assert "What 9 leaders chose" in page
    assert "Of these, 5 leaders said before committing that they already knew" in page
    knew_table = page[page.index("Leaders who already knew the outcome"):]
    knew_table = knew_table[:knew_table.index("</table>")]
    assert "<th scope=\"row\">B</th><td>4</td><td>80 %</td>" in knew_table
    assert "<th scope=\"row\">A</th><td>1</td><td>20 %</td>" in knew_table


def test_a_few_who_knew_are_counted_but_not_split(app, client, rollback):
    with app.app_context():
        case = make_case("few-knew", decisions=1)
        decision = decision_of(case.id, 1)
        commit(make_user(), decision, "B", knew_outcome=True)
        for label in "ABC":
            commit(make_user(), decision, label)
        reader = make_user()
        commit(reader, decision, "A")
        reader = ref(reader)
    sign_in(client, reader)
    page = client.get("/cases/few-knew").get_data(as_text=True)
    assert "What 5 leaders chose" in page
    assert "Of these, 1 leader said before committing" in page
    assert "Leaders who already knew the outcome" not in page


@pytest.fixture
def record(app, rollback):
    """Three revealed choices (real choice B in every case):
    - known:  B (matched), 80 %, knew the outcome, forecast B at 90 % (Brier 0.01)
    - missed: A (not matched), 60 %, forecast A at 70 % (A did not happen: Brier 0.49)
    - plain:  B (matched), 90 %, no forecast
    """
    with app.app_context():
        cases = [make_case(slug, decisions=1) for slug in ("known", "missed", "plain")]
        leader = make_user()
        commit(leader, decision_of(cases[0].id, 1), "B", 80, knew_outcome=True,
               forecast_label="B", forecast_probability=90)
        commit(leader, decision_of(cases[1].id, 1), "A", 60,
               forecast_label="A", forecast_probability=70)
        commit(leader, decision_of(cases[2].id, 1), "B", 90)
        leader = ref(leader)
    return leader


def _reflect_on_forecasts(client, monkeypatch):
    move_clock(monkeypatch)  # the hindsight checks open a day after committing
    for slug in ("known", "missed"):
        response = post_reflection(client, slug, recalled_probability="50")
        assert response.status_code == 303


def test_the_track_record_leaves_them_out_by_default(app, client, record, monkeypatch):
    sign_in(client, record)
    _reflect_on_forecasts(client, monkeypatch)
    page = client.get("/me/decisions").get_data(as_text=True)
    assert "3 choices sealed; the outcome is open for 2." not in page  # figures exclude it
    assert "real choice 1 of 2 times (50 %), at an average stated confidence of 75 %" in page
    assert "Your 1 scored forecast has an average Brier score of 0.49" in page
    assert "1 choice you made already knowing the outcome is listed below" in page
    assert "known" in page  # the row is still there


def test_the_toggle_includes_them(app, client, record, monkeypatch):
    sign_in(client, record)
    _reflect_on_forecasts(client, monkeypatch)
    page = client.get("/me/decisions?known=include").get_data(as_text=True)
    # 2 of 3 matched; (80 + 60 + 90) / 3 = 76.7; Brier (0.01 + 0.49) / 2 = 0.25
    assert "real choice 2 of 3 times (67 %), at an average stated confidence of 77 %" in page
    assert "Your 2 scored forecasts have an average Brier score of 0.25" in page
    assert "These figures include the 1 choice you made already knowing the outcome" in page


def test_a_bad_toggle_value_is_a_clear_400(app, client, record):
    sign_in(client, record)
    response = client.get("/me/decisions?known=maybe")
    assert response.status_code == 400
    assert "either included or excluded" in response.get_data(as_text=True)
