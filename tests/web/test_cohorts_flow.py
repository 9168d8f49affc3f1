"""A facilitator starts a cohort, invites, builds a programme; members join and see their
cohorts, what is due and done, and reminders; the roster changes. Through the real
database and the pages a person would use."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from casebook.cohorts.models import Cohort, CohortAssignment, CohortDecisionState
from casebook.extensions import db
from tests.factories import commit, make_case, make_user
from tests.web.accounts_support import latest_link, registration
from tests.web.cohorts_support import (
    assign,
    flashes,
    link_invitation,
    make_cohort,
    members_of,
)
from tests.web.decisions_support import decision_of, post_commit, ref, sign_in


@pytest.fixture
def people(app, rollback):
    with app.app_context():
        make_case("flow-case", decisions=2, title="The Flow Case")
        return {
            "fac": ref(make_user("facilitator", display_name="Fay Facilitator")),
            "ada": ref(make_user(display_name="Ada Member", email="ada@example.com")),
            "ben": ref(make_user(display_name="Ben Member")),
        }


def _client(app, user=None):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client


def test_a_facilitator_starts_a_cohort_and_leads_it(app, people):
    fac = _client(app, people["fac"])
    assert fac.get("/cohorts/new").status_code == 200
    response = fac.post("/cohorts/new", data={
        "name": "Spring programme", "description": "Six cases, six weeks.",
        "time_zone": "Europe/Paris", "level": "senior-manager"})
    assert response.status_code == 303
    page = fac.get(response.location).get_data(as_text=True)
    assert "Spring programme" in page and "Six cases, six weeks." in page
    assert "Facilitated by Fay Facilitator" in page and "times in Europe/Paris" in page
    with app.app_context():
        cohort = db.session.scalar(select(Cohort))
        assert (cohort.time_zone, cohort.level) == ("Europe/Paris", "senior-manager")
        assert members_of(cohort.id) == {people["fac"].id: "lead"}


def test_a_leader_cannot_start_a_cohort(app, people):
    ada = _client(app, people["ada"])
    assert ada.get("/cohorts/new").status_code == 403
    assert ada.post("/cohorts/new", data={"name": "Mine", "time_zone": "UTC"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Cohort)) is None


def test_an_existing_account_joins_with_a_link_and_sees_the_cohort(app, people):
    with app.app_context():
        cohort = make_cohort(people["fac"], "Autumn cohort")
        invitation = link_invitation(people["fac"], cohort, uses=5)
    ada = _client(app, people["ada"])
    landing = ada.get(f"/cohorts/join/{invitation.code}")
    assert landing.status_code == 200
    assert "Join Autumn cohort" in landing.get_data(as_text=True)
    joined = ada.post(f"/cohorts/join/{invitation.code}")
    assert joined.status_code == 303 and joined.location == f"/cohorts/{cohort}"
    page = ada.get(joined.location).get_data(as_text=True)
    assert "Welcome to the cohort" in page
    # The header and the library now show the cohort.
    library = ada.get("/").get_data(as_text=True)
    assert 'href="/cohorts">Cohorts</a>' in library
    assert "Your cohorts" in library and "Autumn cohort" in library
    with app.app_context():
        assert members_of(cohort)[people["ada"].id] == "member"
    # Joining again changes nothing and spends no use.
    again = ada.post(f"/cohorts/join/{invitation.code}")
    assert again.status_code == 303
    assert "You are already in this cohort." in flashes(ada.get(again.location).get_data(as_text=True))
    with app.app_context():
        from casebook.cohorts.models import CohortInvitation

        assert db.session.get(CohortInvitation, invitation.id).uses == 1


def test_a_code_typed_with_dashes_and_lower_case_finds_the_invitation(app, people):
    with app.app_context():
        cohort = make_cohort(people["fac"])
        invitation = link_invitation(people["fac"], cohort)
    typed = "-".join(re.findall("....", invitation.code.lower()))
    response = _client(app, people["ada"]).get("/cohorts/join", query_string={"code": typed})
    assert response.status_code == 303
    assert response.location == f"/cohorts/join/{invitation.code}"


def test_a_new_account_registers_from_the_invitation_and_lands_in_it(app, people):
    with app.app_context():
        cohort = make_cohort(people["fac"], "Newcomers")
        invitation = link_invitation(people["fac"], cohort)
    visitor = app.test_client()
    landing = visitor.get(f"/cohorts/join/{invitation.code}").get_data(as_text=True)
    register_link = re.search(r'href="(/register\?next=[^"]+)"', landing).group(1)
    form_page = visitor.get(register_link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'value="/cohorts/join/{invitation.code}"' in form_page
    sent = visitor.post("/register", data={**registration("cara@example.com", "Cara New"),
                                           "next": f"/cohorts/join/{invitation.code}"})
    assert sent.status_code == 303
    confirm = latest_link(app, "cara@example.com")
    confirmed = visitor.post(confirm)
    assert confirmed.status_code == 303
    # The welcome page asks for the level first, then leads on to the invitation.
    assert confirmed.location == f"/welcome?next=/cohorts/join/{invitation.code}"
    welcome = visitor.get(confirmed.location).get_data(as_text=True)
    assert f'href="/cohorts/join/{invitation.code}"' in welcome
    joined = visitor.post(f"/cohorts/join/{invitation.code}")
    assert joined.status_code == 303 and joined.location == f"/cohorts/{cohort}"
    assert "Newcomers" in visitor.get(joined.location).get_data(as_text=True)


def test_the_programme_shows_members_what_is_due_and_done(app, people):
    with app.app_context():
        make_case("second-case", decisions=1, title="The Second Case")
        cohort = make_cohort(people["fac"], members=[people["ada"]], time_zone="Europe/Paris")
        assign(people["fac"], cohort, "flow-case", hold=False, due="2030-06-01",
               notes="Prepare **two** arguments.")
        assign(people["fac"], cohort, "second-case", hold=False, due="2030-06-08")
    ada = _client(app, people["ada"])
    assert post_commit(ada, "flow-case", "d1").status_code == 303
    assert post_commit(ada, "flow-case", "d2").status_code == 303
    page = ada.get(f"/cohorts/{cohort}").get_data(as_text=True)
    flow, second = page.index("The Flow Case"), page.index("The Second Case")
    assert flow < second  # soonest first
    assert "Sat 1 Jun 2030, 09:00 (Europe/Paris)" in page
    assert "<strong>two</strong>" in page  # the notes, rendered once at save
    assert re.search(r"Done</strong>\s*· 2 of 2 decisions committed", page)
    assert re.search(r"To do</strong>\s*· 0 of 1 decision committed", page)


def test_members_are_reminded_of_what_is_due_within_a_week(app, people):
    from datetime import timedelta

    from casebook.clock import utcnow

    soon = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%d")
    with app.app_context():
        cohort = make_cohort(people["fac"], "Reminded", members=[people["ada"], people["ben"]])
        assign(people["fac"], cohort, "flow-case", due=soon)
        commit(people["ben"].id, decision_of(_case_id("flow-case"), 1))
        commit(people["ben"].id, decision_of(_case_id("flow-case"), 2))
    notes = _client(app, people["ada"]).get("/notifications").get_data(as_text=True)
    assert "Due in your cohorts" in notes and "The Flow Case" in notes
    done = _client(app, people["ben"]).get("/notifications").get_data(as_text=True)
    assert "Due in your cohorts" not in done  # Ben has done it


def _case_id(slug: str) -> int:
    from casebook.cases.models import Case

    return db.session.scalar(select(Case.id).where(Case.slug == slug))


def test_assigning_with_hold_holds_every_decision_of_the_case(app, people):
    with app.app_context():
        cohort = make_cohort(people["fac"])
    fac = _client(app, people["fac"])
    response = fac.post(f"/cohorts/{cohort}/programme", data={
        "case": "flow-case", "due_date": "2030-01-15", "due_time": "18:30", "notes": "",
        "hold": "yes"})
    assert response.status_code == 303
    with app.app_context():
        states = db.session.scalars(select(CohortDecisionState.reveal)).all()
        assert states == ["held", "held"]
        assignment = db.session.scalar(select(CohortAssignment))
        assert assignment.due_at.strftime("%H:%M") == "18:30"  # UTC cohort
    page = fac.get(f"/cohorts/{cohort}/programme").get_data(as_text=True)
    assert page.count("Reveal to the cohort</button>") == 2


def test_the_roster_removes_and_promotes(app, people):
    with app.app_context():
        cohort = make_cohort(people["fac"], members=[people["ada"], people["ben"]])
    fac = _client(app, people["fac"])
    roster = fac.get(f"/cohorts/{cohort}/roster").get_data(as_text=True)
    assert "Ada Member" in roster and "Ben Member" in roster
    assert fac.post(f"/cohorts/{cohort}/members/{people['ada'].id}/co-facilitator").status_code == 303
    assert fac.post(f"/cohorts/{cohort}/members/{people['ben'].id}/remove").status_code == 303
    with app.app_context():
        assert members_of(cohort) == {people["fac"].id: "lead", people["ada"].id: "co-facilitator"}
    ben = _client(app, people["ben"])
    assert ben.get(f"/cohorts/{cohort}").status_code == 404  # removed: no longer there
    # The new co-facilitator runs the roster but cannot remove the lead.
    ada = _client(app, people["ada"])
    assert ada.get(f"/cohorts/{cohort}/roster").status_code == 200
    assert ada.post(f"/cohorts/{cohort}/members/{people['fac'].id}/remove").status_code == 403


def test_a_member_leaves_and_the_lead_cannot(app, people):
    with app.app_context():
        cohort = make_cohort(people["fac"], members=[people["ada"]])
    ada = _client(app, people["ada"])
    assert ada.post(f"/cohorts/{cohort}/leave").status_code == 303
    assert ada.get(f"/cohorts/{cohort}").status_code == 404
    assert _client(app, people["fac"]).post(f"/cohorts/{cohort}/leave").status_code == 409


def test_the_data_download_lists_the_members_cohorts(app, people):
    with app.app_context():
        make_cohort(people["fac"], "Exported cohort", members=[people["ada"]])
    data = _client(app, people["ada"]).get("/account/export").get_json()
    (entry,) = data["cohorts"]
    assert (entry["cohort"], entry["role"]) == ("Exported cohort", "member")
    assert entry["joined_at"].startswith("20")
