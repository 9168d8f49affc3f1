"""A page of one case takes the reader's holds from their cohort rows on that case
(cohorts/case_seats.py) rather than from the holds query over every case: the two give
the same holds, whatever the reader's cohorts hold, reveal or close."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from casebook.accounts.models import User
from casebook.cases.models import Case
from casebook.cohorts.holds import NOTHING, forget_holds, holds_for
from casebook.extensions import db
from tests.factories import make_case, make_user
from tests.web.cohorts_support import assign, close, make_cohort, reveal
from tests.web.decisions_support import decision_of


@pytest.fixture
def reader(app, rollback):
    """Ada: a member of two cohorts on one case and lead of a third; a second case too."""
    with app.app_context():
        case = make_case("holds-one", decisions=3)
        other = make_case("holds-other", decisions=2)
        d1, d2, d3 = (decision_of(case.id, n).id for n in (1, 2, 3))
        ada = make_user("facilitator", display_name="Ada Member")
        fay, gus = make_user("facilitator"), make_user("facilitator")
        spring = make_cohort(fay, "Spring", members=[ada])
        autumn = make_cohort(gus, "Autumn", members=[ada])
        own = make_cohort(ada, "Ada's own")  # she leads it: never held by it
        for lead, cohort in ((fay, spring), (gus, autumn), (ada, own)):
            assign(lead, cohort, "holds-one", hold=True)
        assign(fay, spring, "holds-other", hold=True)
        reveal(fay, spring, d1)  # Spring revealed d1, Autumn still holds it
        close(gus, autumn, d2)  # Autumn closed commitments on d2
        reveal(gus, autumn, d3)
        reveal(fay, spring, d3)  # d3: revealed everywhere she is held
        return {"ada": ada.id, "case": case.id, "other": other.id, "d1": d1, "d2": d2, "d3": d3}


def _both_ways(app, reader, case_ids):
    with app.test_request_context("/"):
        ada = db.session.get(User, reader["ada"])
        one_case = holds_for(ada, case_ids)  # asked first: from the case's cohort rows
        forget_holds()
        holds_for(ada, [reader["case"], reader["other"]])  # the query over every case
        every_case = holds_for(ada, case_ids)
        return one_case, every_case


def test_one_case_gives_the_holds_the_query_over_every_case_gives(app, reader):
    one_case, every_case = _both_ways(app, reader, [reader["case"]])
    assert one_case == every_case
    assert one_case.held == {reader["d1"], reader["d2"]}  # held by Autumn (d2 never revealed)
    assert one_case.closed == {reader["d2"]}
    assert reader["d3"] not in one_case.held  # revealed by both of her cohorts


def test_a_case_of_no_cohort_of_the_reader_holds_nothing_either_way(app, reader):
    with app.app_context():
        make_case("holds-none", decisions=1)
        none_id = db.session.scalar(select(Case.id).where(Case.slug == "holds-none"))
    one_case, every_case = _both_ways(app, reader, [none_id])
    assert one_case == every_case
    assert one_case.held == NOTHING.held and one_case.closed == NOTHING.closed
