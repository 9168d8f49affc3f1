"""Track record sharing means something: a member who shares lets the facilitators of
their cohorts open their "My decisions" page, as they see it; nobody else, ever."""
from __future__ import annotations

import pytest

from tests.factories import commit, make_case, make_user
from tests.web.cohorts_support import make_cohort
from tests.web.decisions_support import decision_of, ref, sign_in


@pytest.fixture
def cohort(app, rollback):
    with app.app_context():
        case = make_case("record-case", decisions=1, title="The Record Case")
        lead = ref(make_user("facilitator", display_name="Lead"))
        co = ref(make_user(display_name="Co"))
        ada = ref(make_user(display_name="Ada Sharer"))
        ben = ref(make_user(display_name="Ben Member"))
        cohort_id = make_cohort(lead, members=[ada, ben], co=[co])
        commit(ada.id, decision_of(case.id, 1), "C", rationale="RATIONALE-OF-ADA")
        other_lead = ref(make_user("facilitator"))
        make_cohort(other_lead, "Someone else's cohort", members=[ben])
    return {"id": cohort_id, "lead": lead, "co": co, "ada": ada, "ben": ben,
            "other_lead": other_lead}


def _as(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _url(cohort) -> str:
    return f"/cohorts/{cohort['id']}/members/{cohort['ada'].id}/track-record"


def test_the_record_stays_private_until_the_member_shares_it(app, cohort):
    lead = _as(app, cohort["lead"])
    assert lead.get(_url(cohort)).status_code == 404
    roster = lead.get(f"/cohorts/{cohort['id']}/roster").get_data(as_text=True)
    assert "not shared" in roster and "Open Ada Sharer" not in roster

    ada = _as(app, cohort["ada"])
    assert ada.post("/me/decisions/sharing", data={"share_with_cohorts": "yes"}).status_code == 303
    own = ada.get("/me/decisions").get_data(as_text=True)
    assert "You share this page with the facilitators of your cohorts." in own

    for facilitator in ("lead", "co"):
        page = _as(app, cohort[facilitator]).get(_url(cohort))
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "Ada Sharer&#39;s track record" in body and "The Record Case" in body
        assert "Option C of decision 1" in body  # her own choice, as her page shows it
    assert "Open Ada Sharer's track record" in lead.get(
        f"/cohorts/{cohort['id']}/roster").get_data(as_text=True)

    # Turning it off closes the page again.
    ada.post("/me/decisions/sharing", data={})
    assert lead.get(_url(cohort)).status_code == 404


def test_only_the_members_own_facilitators_see_it(app, cohort):
    _as(app, cohort["ada"]).post("/me/decisions/sharing", data={"share_with_cohorts": "yes"})
    # A fellow member, a facilitator of another cohort, an admin: no such page.
    assert _as(app, cohort["ben"]).get(_url(cohort)).status_code == 404
    assert _as(app, cohort["other_lead"]).get(_url(cohort)).status_code == 404
    with app.app_context():
        admin = ref(make_user("admin"))
    assert _as(app, admin).get(_url(cohort)).status_code == 404
    # Once Ada leaves, her former cohort's facilitators see nothing either.
    assert _as(app, cohort["ada"]).post(f"/cohorts/{cohort['id']}/leave").status_code == 303
    assert _as(app, cohort["lead"]).get(_url(cohort)).status_code == 404
