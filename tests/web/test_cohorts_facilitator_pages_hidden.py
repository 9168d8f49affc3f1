"""The pages that run a cohort (dashboard, debrief, live controls, projector, CSV) show
a co-facilitator only what their own reading of the case lets them see: a plain leader
made co-facilitator, who has not committed, gets no outcome, hindsight, later decision
or debate prompt from any of them, while the lead (a facilitator, who previews cases)
gets all of it on the same pages."""
from __future__ import annotations

import pytest

from casebook.cohorts.models import CO_FACILITATOR, CohortMember
from casebook.extensions import db
from tests.factories import commit, make_case, make_user, sign_in
from tests.web.cohorts_support import assign, make_cohort
from tests.web.decisions_support import decision_of

MARK = "RUNSECRET"
HIDDEN = (f"OUTCOME-{MARK}-1", f"HINDSIGHT-{MARK}-1", f"AFTER-{MARK}-1", f"DEBATE-{MARK}-1",
          f"OUTCOME-{MARK}-2", "Question 2 of case", "the real choice</span>",
          "What they really did")
PAGES = ("/dashboard", "/debrief", "/live", "/live/projector", "/export.csv")


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        case = make_case("run-secret", decisions=2, sentinel=MARK)
        d1 = decision_of(case.id, 1)
        lead = make_user("facilitator")
        co, ann, bob = make_user(), make_user(), make_user()
        cohort = make_cohort(lead, members=(ann, bob))
        db.session.add(CohortMember(cohort_id=cohort, user_id=co.id, role=CO_FACILITATOR))
        db.session.commit()
        assign(lead, cohort, "run-secret", hold=True)
        commit(ann, d1, "A")
        commit(bob, d1, "B")
        from casebook.cohorts import live, programme
        from tests.web.cohorts_support import seat_of

        live.show_decision(seat_of(lead, cohort), d1.id)
        programme.reveal(seat_of(lead, cohort), d1.id)  # the room may see the result
        db.session.commit()
        return {"cohort": cohort, "lead": lead.id, "co": co.id}


@pytest.mark.parametrize("page", PAGES)
def test_a_co_facilitator_who_has_not_committed_sees_nothing_hidden(app, world, page):
    client = app.test_client()
    sign_in(client, world["co"])
    response = client.get(f"/cohorts/{world['cohort']}{page}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert [text for text in HIDDEN if text in body] == []


@pytest.mark.parametrize("page", ["/dashboard", "/debrief", "/live/projector"])
def test_the_lead_sees_the_outcome_on_the_same_pages(app, world, page):
    client = app.test_client()
    sign_in(client, world["lead"])
    body = client.get(f"/cohorts/{world['cohort']}{page}").get_data(as_text=True)
    expected = {"/dashboard": '<span class="badge">the real choice</span>',
                "/debrief": f"OUTCOME-{MARK}-1", "/live/projector": "What they really did"}
    assert expected[page] in body
