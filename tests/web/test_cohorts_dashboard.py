"""The facilitator's dashboard: participation, who chose what with their reasoning,
agreement with the real choice, calibration, this cohort against all leaders and the
lead's other cohorts, and each member's first and latest Brier score."""
from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest

from casebook.clock import utcnow
from casebook.decisions.models import Reflection
from casebook.extensions import db
from tests.factories import commit, make_case, make_user, sign_in
from tests.web.cohorts_support import assign, make_cohort
from tests.web.decisions_support import decision_of


def _reflect(commitment) -> None:
    db.session.add(Reflection(commitment_id=commitment.id, hindsight_rating=3, would_change="no",
                              renderer_version=1, recalled_probability=50))
    db.session.commit()


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        case = make_case("board-case", title="The Board Case", decisions=2)  # real choice: B
        d1 = decision_of(case.id, 1)
        lead = make_user("facilitator", display_name="Fay Lead")
        ann, bob, cat, dan = (make_user(display_name=n) for n in ("Ann", "Bob", "Cat", "Dan"))
        cohort = make_cohort(lead, members=(ann, bob, cat, dan))
        assign(lead, cohort, "board-case", hold=False)
        earlier = utcnow() - timedelta(days=3)
        first = commit(ann, d1, "A", 60, rationale="ANN-REASONING", forecast_label="A",
                       forecast_probability=80, committed_at=earlier)
        _reflect(first)
        commit(bob, d1, "B", 80, rationale="BOB-REASONING", forecast_label="B", forecast_probability=90)
        commit(cat, d1, "B", 90, rationale="CAT-REASONING")
        # The lead's other cohort on the same case: one of two chose the real course.
        eve, fin = make_user(display_name="Eve"), make_user(display_name="Fin")
        other = make_cohort(lead, name="Autumn cohort", members=(eve, fin))
        assign(lead, other, "board-case", hold=False)
        commit(eve, d1, "B", 70)
        commit(fin, d1, "C", 70)
        ids = {"lead": lead.id, "ann": ann.id, "cohort": cohort, "case": case.id}
    return ids


def _page(app, world) -> str:
    client = app.test_client()
    sign_in(client, world["lead"])
    response = client.get(f"/cohorts/{world['cohort']}/dashboard")
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))  # what a reader reads
    return re.sub(r" ([:.,])", r"\1", html_lib.unescape(" ".join(text.split())))


def test_participation_agreement_and_calibration_per_decision(app, world):
    page = _page(app, world)
    d1 = page[page.index("Decision 1"):page.index("Decision 2")]
    assert "3 of 4 members committed" in d1
    assert "67 % chose the real course" in d1
    assert "average confidence 77 %" in d1
    assert "your other cohorts on this case: 50 % of 2 chose it" in d1
    assert "77 % sure on average and chose the real course 67 % of the time" in d1


def test_the_cohort_against_all_leaders_and_who_chose_what(app, world):
    page = _page(app, world)
    d1 = page[page.index("Decision 1"):page.index("Decision 2")]
    # This cohort: A 1, B 2, C 0 of 3. All leaders (5): A 20 %, B 60 %, C 20 %.
    assert "1 (33 %) 20 %" in d1 and "2 (67 %) 60 %" in d1 and "0 (0 %) 20 %" in d1
    assert "the real choice" in d1
    for name, reasoning in (("Ann", "ANN-REASONING"), ("Bob", "BOB-REASONING"), ("Cat", "CAT-REASONING")):
        assert f"{name}: option" in d1 and reasoning in d1
    assert "Dan: option" not in d1


def test_brier_scores_count_forecasts_whose_hindsight_check_is_done(app, world):
    page = _page(app, world)
    scores = page[page.index("Forecasts across the programme"):]
    # Ann forecast A at 80 %; the organization chose B: (0.8 - 0)^2 = 0.64. Bob's
    # forecast is still sealed (no hindsight check yet): not scored.
    assert "Ann 1 0.64 0.64" in scores
    assert "Bob 0 – –" in scores


def test_members_and_outsiders_get_no_dashboard(app, world):
    with app.app_context():
        outsider = make_user().id
    for user_id, status in ((world["ann"], 403), (outsider, 404)):
        client = app.test_client()
        sign_in(client, user_id)
        assert client.get(f"/cohorts/{world['cohort']}/dashboard").status_code == status


def test_the_debrief_prints_the_outcome_and_the_most_insightful_posts(app, world):
    from tests.web.debates_support import add_post

    with app.app_context():
        d1 = decision_of(world["case"], 1)
        authors = [make_user(display_name=f"Poster {n}") for n in range(5)]
        for author in authors:
            commit(author, d1, "B")
        posts = [add_post(d1, author, f"POST-{n}", stance="B") for n, author in enumerate(authors)]
        for post, insightful in zip(posts, (2, 0, 7, 5, 1)):
            post.insightful_count = insightful
        posts[4].insightful_count = 9
        posts[4].hidden_at = utcnow()  # hidden by a moderator: never in the debrief
        db.session.commit()
    client = app.test_client()
    sign_in(client, world["lead"])
    response = client.get(f"/cohorts/{world['cohort']}/debrief")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "OUTCOME" in page  # make_case's outcome text of decision 1
    d1_part = page[page.index("Decision 1"):]
    order = [d1_part.index(f"POST-{n}") for n in (2, 3, 0)]
    assert order == sorted(order)  # most insightful first, three of them
    assert "POST-1" not in page and "POST-4" not in page
    assert 'data-print hidden' in page and "@media print" not in page
