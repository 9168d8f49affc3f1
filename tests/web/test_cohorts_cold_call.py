"""Cold call: the facilitator draws a member who committed to a less chosen option and
sees their rationale; nobody twice in a round; nothing drawn when there is no minority."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casebook.cohorts.models import CohortCall
from casebook.extensions import db
from tests.factories import make_case, make_user, sign_in
from tests.web.cohorts_support import assign, flashes, make_cohort
from tests.web.decisions_support import decision_of, post_commit


def _commit(app, user_id: int, option: str, rationale: str) -> None:
    client = app.test_client()
    sign_in(client, user_id)
    assert post_commit(client, "call-case", option=option, rationale=rationale).status_code == 303


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        case = make_case("call-case", decisions=1)
        lead = make_user("facilitator")
        people = [make_user(display_name=f"Member {n}") for n in range(5)]
        cohort = make_cohort(lead, members=people)
        assign(lead, cohort, "call-case", hold=False)
        decision = decision_of(case.id, 1).id
        ids = [p.id for p in people]
        lead_id = lead.id
    client = app.test_client()
    sign_in(client, lead_id)
    return {"client": client, "cohort": cohort, "decision": decision, "members": ids}


def _call(world):
    return world["client"].post(f"/cohorts/{world['cohort']}/decisions/{world['decision']}/cold-call")


def _calls(app, world) -> list[tuple[int, int]]:
    with app.app_context():
        return db.session.execute(select(CohortCall.user_id, CohortCall.round)
                                  .order_by(CohortCall.id)).all()


def test_the_draw_is_among_the_minority_and_nobody_twice_in_a_round(app, world):
    members = world["members"]
    for user_id in members[:3]:
        _commit(app, user_id, "A", "The majority view.")
    _commit(app, members[3], "B", "MINORITY-REASON-3")
    _commit(app, members[4], "C", "MINORITY-REASON-4")
    response = _call(world)
    assert response.status_code == 303 and response.location.endswith(f"#call-{world['decision']}")
    _call(world)
    first_round = _calls(app, world)
    assert sorted(user for user, _ in first_round) == members[3:] and {r for _, r in first_round} == {1}
    _call(world)  # both drawn: a new round
    assert _calls(app, world)[-1][1] == 2 and _calls(app, world)[-1][0] in members[3:]
    page = world["client"].get(f"/cohorts/{world['cohort']}/programme").get_data(as_text=True)
    called = page[page.index(f'id="call-{world["decision"]}"'):]
    last = _calls(app, world)[-1][0]
    assert f"Member {members.index(last)}" in called and f"MINORITY-REASON-{members.index(last)}" in called
    assert "(round 2)" in called


@pytest.mark.parametrize("choices, message", [
    ("", "No member of the cohort has committed on this decision yet."),
    ("AAB", None),
    ("AABB", "There is no minority to call on yet"),
    ("A", "There is no minority to call on yet"),
])
def test_nothing_is_drawn_without_a_minority(app, world, choices, message):
    for user_id, option in zip(world["members"], choices):
        _commit(app, user_id, option, "Reasons.")
    response = _call(world)
    assert response.status_code == 303
    if message is None:
        assert len(_calls(app, world)) == 1
        return
    assert response.location.endswith(f"#decision-{world['decision']}")
    page = world["client"].get(response.location).get_data(as_text=True)
    assert any(m.startswith(message) for m in flashes(page))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CohortCall)) == 0


def test_a_member_cannot_draw_and_a_made_up_decision_is_not_found(app, world):
    member = app.test_client()
    sign_in(member, world["members"][0])
    assert member.post(f"/cohorts/{world['cohort']}/decisions/{world['decision']}/cold-call").status_code == 403
    assert world["client"].post(f"/cohorts/{world['cohort']}/decisions/999999999/cold-call").status_code == 404
