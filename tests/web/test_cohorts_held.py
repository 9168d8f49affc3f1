"""Holding the reveal: a member who committed on a held decision sees nothing of its
outcome, hindsight, later parts, distribution or debate, through any route, until the
facilitator reveals it; then they do. Closing commitments refuses a member's commit.

The crawl mirrors tests/web/test_reading_model.py: every GET route, as HTML and JSON,
with the ids of real rows, and every template context, as the held member.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from casebook.debates.models import Notification
from casebook.extensions import db
from tests.factories import commit, make_case, make_user
from tests.web.cohorts_support import (
    assign,
    close,
    flashes,
    link_invitation,
    make_cohort,
    reveal,
    share_track_record,
)
from tests.web.debates_support import add_post
from tests.web.decisions_support import decision_of, post_commit, ref, sign_in
from tests.web.test_reading_model import _crawl as crawl, _leaks, _models

MARK = "HELDSECRET"
SLUG = "held-case"
HELD_FROM_ADA = (f"OUTCOME-{MARK}-1", f"HINDSIGHT-{MARK}-1", f"AFTER-{MARK}-1",
                 f"DEBATE-{MARK}-1", f"OUTCOME-{MARK}-2", "Question 2 of case",
                 f"POST-HELD-{MARK}", "RATIONALE-OF-OTHER", "leaders chose",
                 "The real choice</strong>")


@pytest.fixture
def held(app, rollback):
    """Ada committed on decision 1 of a case her cohort holds; others debated it."""
    with app.app_context():
        case = make_case(SLUG, decisions=2, sentinel=MARK)
        d1 = decision_of(case.id, 1)
        others = [make_user(level="executive") for _ in range(4)]
        for n, other in enumerate(others):
            commit(other, d1, "B", rationale=f"RATIONALE-OF-OTHER-{n}")
        fac = make_user("facilitator", display_name="Fay Facilitator")
        ada = make_user(display_name="Ada Held", level="executive")
        cohort = make_cohort(fac, "Held cohort", members=[ada])
        assignment = assign(fac, cohort, SLUG, hold=True)
        commit(ada, d1, "A")
        share_track_record(ada)
        post = add_post(d1, others[0], f"POST-HELD-{MARK} for @[Ada Held]")
        invitation = link_invitation(fac, cohort)
        notes = list(db.session.scalars(select(Notification.id)))
        return {
            "ada": ref(ada), "fac": ref(fac), "cohort": cohort, "d1": d1.id, "post": post.id,
            "ids": {"post_id": [post.id], "user_id": [ada.id, fac.id], "notification_id": notes,
                    "cohort_id": [cohort], "room_id": [cohort], "assignment_id": [assignment],
                    "invitation_id": [invitation.id]},
            "strings": {"code": [invitation.code]},
        }


def _crawl(app, client, held):
    """Every GET route with the world's real ids (the reading-model crawl, SLUG as here)."""
    statuses, bodies, leaves = crawl(app, client, held, slug=SLUG)
    return bodies, statuses, leaves


def test_a_held_member_gets_nothing_of_the_outcome_from_any_route(app, held):
    ada = app.test_client()
    sign_in(ada, held["ada"])
    bodies, statuses, leaves = _crawl(app, ada, held)
    assert _leaks(bodies, leaves, HELD_FROM_ADA) == []
    assert _models(leaves) == []
    # The crawl saw the member's pages: her cohort, the case with her sealed choice.
    assert statuses[f"/cohorts/{held['cohort']}"] == {200}
    case_page = bodies[(f"/cases/{SLUG}", "text/html")]
    assert "Your sealed choice" in case_page
    assert "The outcome opens when your facilitator reveals it" in case_page
    # The debate's address says it opens at the reveal (no post in it: the leak check
    # above covers its body); its posts stay 404 like everything else held.
    assert statuses[f"/cases/{SLUG}/decisions/d1/debate"] == {200}
    debate_page = bodies[(f"/cases/{SLUG}/decisions/d1/debate", "text/html")]
    assert "reveal" in debate_page


def test_after_the_reveal_the_member_sees_the_outcome_everywhere(app, held):
    fac = app.test_client()
    sign_in(fac, held["fac"])
    response = fac.post(f"/cohorts/{held['cohort']}/decisions/{held['d1']}/reveal")
    assert response.status_code == 303
    ada = app.test_client()
    sign_in(ada, held["ada"])
    page = ada.get(f"/cases/{SLUG}").get_data(as_text=True)
    for unlocked in (f"OUTCOME-{MARK}-1", f"HINDSIGHT-{MARK}-1", f"AFTER-{MARK}-1",
                     "Question 2 of case", "What 5 leaders chose"):
        assert unlocked in page, unlocked
    debate = ada.get(f"/cases/{SLUG}/decisions/d1/debate")
    assert debate.status_code == 200 and f"POST-HELD-{MARK}" in debate.get_data(as_text=True)
    record = ada.get("/me/decisions").get_data(as_text=True)
    assert "Not open yet" not in record
    # Still sealed: decision 2, which Ada has not committed on.
    bodies, _, leaves = _crawl(app, ada, held)
    assert _leaks(bodies, leaves, (f"OUTCOME-{MARK}-2", f"AFTER-{MARK}-2")) == []


def test_the_facilitator_is_not_held(app, held):
    fac = app.test_client()
    sign_in(fac, held["fac"])
    assert f"OUTCOME-{MARK}-1" in fac.get(f"/cases/{SLUG}?preview=1").get_data(as_text=True)


def test_a_co_facilitator_is_not_held_by_the_cohort_they_run(app, held):
    with app.app_context():
        from casebook.cohorts.models import CO_FACILITATOR, CohortMember

        co = make_user(display_name="Cole Co")
        db.session.add(CohortMember(cohort_id=held["cohort"], user_id=co.id, role=CO_FACILITATOR))
        db.session.commit()
        commit(co, held["d1"], "C")
        co = ref(co)
    client = app.test_client()
    sign_in(client, co)
    assert f"OUTCOME-{MARK}-1" in client.get(f"/cases/{SLUG}").get_data(as_text=True)


def test_two_cohorts_holding_the_same_case_both_must_reveal(app, held):
    with app.app_context():
        other_fac = ref(make_user("facilitator"))
        second = make_cohort(other_fac, "Second cohort", members=[held["ada"]])
        assign(other_fac, second, SLUG, hold=True)
        reveal(held["fac"], held["cohort"], held["d1"])
    ada = app.test_client()
    sign_in(ada, held["ada"])
    # Revealed by one cohort, still held by the other: still hidden.
    assert f"OUTCOME-{MARK}-1" not in ada.get(f"/cases/{SLUG}").get_data(as_text=True)
    with app.app_context():
        reveal(other_fac, second, held["d1"])
    assert f"OUTCOME-{MARK}-1" in ada.get(f"/cases/{SLUG}").get_data(as_text=True)


def test_a_shared_track_record_shows_the_facilitator_only_what_the_member_sees(app, held):
    fac = app.test_client()
    sign_in(fac, held["fac"])
    url = f"/cohorts/{held['cohort']}/members/{held['ada'].id}/track-record"
    page = fac.get(url).get_data(as_text=True)
    real_choice = '<span class="badge badge-actual">The real choice</span>'
    assert "Ada Held" in page and "Not open yet" in page
    assert real_choice not in page  # the real choice, still held
    with app.app_context():
        reveal(held["fac"], held["cohort"], held["d1"])
    page = fac.get(url).get_data(as_text=True)
    assert "Not open yet" not in page and real_choice in page


def test_closed_commitments_refuse_a_members_commit_with_a_message(app, held):
    with app.app_context():
        ben = make_user(display_name="Ben Late")
        from casebook.cohorts.models import MEMBER, CohortMember

        db.session.add(CohortMember(cohort_id=held["cohort"], user_id=ben.id, role=MEMBER))
        db.session.commit()
        close(held["fac"], held["cohort"], held["d1"])
        ben = ref(ben)
    client = app.test_client()
    sign_in(client, ben)
    page = client.get(f"/cases/{SLUG}").get_data(as_text=True)
    assert "Commitments on this decision are closed for" in page and "Held cohort" in page
    response = client.post(f"/cases/{SLUG}/decisions/d1/commit",
                           data={"option": "A", "rationale": "Late.", "confidence": "70"})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert any("Commitments on this decision are closed" in f for f in flashes(body))
    with app.app_context():
        from tests.web.decisions_support import commitments_of

        assert commitments_of(ben.id) == []
    # Reopened, the same commit goes through.
    fac = app.test_client()
    sign_in(fac, held["fac"])
    assert fac.post(f"/cohorts/{held['cohort']}/decisions/{held['d1']}/reopen").status_code == 303
    assert post_commit(client, SLUG, "d1").status_code == 303


def test_a_revealed_decision_cannot_be_held_again_nor_revealed_twice(app, held):
    fac = app.test_client()
    sign_in(fac, held["fac"])
    base = f"/cohorts/{held['cohort']}/decisions/{held['d1']}"
    assert fac.post(base + "/reveal").status_code == 303
    assert fac.post(base + "/reveal").status_code == 409
    assert fac.post(base + "/hold").status_code == 409
    # A decision of a case not in the programme is not the cohort's: 404.
    with app.app_context():
        other = make_case("not-assigned", decisions=1)
        other_decision = decision_of(other.id, 1).id
    assert fac.post(f"/cohorts/{held['cohort']}/decisions/{other_decision}/reveal").status_code == 404


def test_committing_on_a_held_decision_says_the_outcome_waits(app, held):
    with app.app_context():
        from casebook.cohorts.models import MEMBER, CohortMember

        cara = make_user(display_name="Cara New")
        db.session.add(CohortMember(cohort_id=held["cohort"], user_id=cara.id, role=MEMBER))
        db.session.commit()
        cara = ref(cara)
    client = app.test_client()
    sign_in(client, cara)
    response = post_commit(client, SLUG, "d1")
    assert response.status_code == 303
    assert response.location == f"/cases/{SLUG}#decision-d1-sealed"  # lands on the sealed choice
    page = client.get(response.location).get_data(as_text=True)
    sealed = page[page.index('id="decision-d1-sealed"'):]
    assert re.findall(r'<p class="flash flash-success notice" role="status">([^<]*)</p>', sealed) == [
        "Your choice is sealed. The outcome opens when your facilitator reveals it."]
    assert f"OUTCOME-{MARK}-1" not in page
