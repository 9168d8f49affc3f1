"""The live session: the facilitator puts a decision on screen, runs a timer, closes and
reveals; the projector and members' pages follow a version that answers 304 until
something they would see has changed."""
from __future__ import annotations

import re

import pytest

from casebook.cohorts.models import CohortLive
from casebook.extensions import db
from tests.factories import commit, make_case, make_user
from tests.web.cohorts_support import assign, flashes, make_cohort
from tests.web.decisions_support import decision_of, post_commit, ref, sign_in

MARK = "LIVESECRET"
SLUG = "live-case"


@pytest.fixture
def room(app, rollback):
    """Fay runs a cohort of three members (Ada, Ben, Cy) on a held case; Ola is outside."""
    with app.app_context():
        case = make_case(SLUG, decisions=2, sentinel=MARK)
        d1, d2 = decision_of(case.id, 1), decision_of(case.id, 2)
        others = [make_user(level="executive") for _ in range(5)]
        for other in others:
            commit(other, d1, "C")
        fay = make_user("facilitator", display_name="Fay Facilitator")
        members = [make_user(display_name=name, level="executive")
                   for name in ("Ada Member", "Ben Member", "Cy Member")]
        outsider = make_user(display_name="Ola Outsider")
        cohort = make_cohort(fay, "Live cohort", members=members)
        assign(fay, cohort, SLUG, hold=True)
        return {"fay": ref(fay), "ada": ref(members[0]), "ben": ref(members[1]),
                "cy": ref(members[2]), "ola": ref(outsider), "cohort": cohort,
                "d1": d1.id, "d2": d2.id}


def _as(client, person):
    sign_in(client, person)
    return client


def _version(client, cohort, tag=None, follow=None):
    """The poll, as live.js sends it: with the page's pass (or none) and version."""
    headers = {"If-None-Match": f'"{tag}"'} if tag else {}
    query = {"follow": follow} if follow else {}
    return client.get(f"/cohorts/{cohort}/live/version", headers=headers, query_string=query)


def _follow(client, cohort) -> tuple[str, str]:
    """(pass, version tag) as a page that follows the session gets them."""
    first = _version(client, cohort).get_json()
    return first["follow"], first["version"]


def _show(client, room, decision):
    return client.post(f"/cohorts/{room['cohort']}/live/show", data={"decision": str(decision)})


def _reveal(client, room, decision):
    return client.post(f"/cohorts/{room['cohort']}/decisions/{decision}/reveal",
                       data={"back": "live"})


def test_a_member_follows_the_decision_on_screen_and_sees_it_revealed(app, client, room):
    fay_client = app.test_client()
    _as(fay_client, room["fay"])
    assert _show(fay_client, room, room["d1"]).status_code == 303
    _as(client, room["ada"])
    page = client.get(f"/cohorts/{room['cohort']}/live").get_data(as_text=True)
    assert "Now: Case" in page and "decision 1" in page
    assert f"/cases/{SLUG}#decision-d1" in page  # where to commit
    assert post_commit(client, SLUG, "d1", option="A").status_code == 303
    page = client.get(f"/cohorts/{room['cohort']}/live").get_data(as_text=True)
    assert "Your choice is sealed" in page and f"OUTCOME-{MARK}-1" not in page
    case_page = client.get(f"/cases/{SLUG}").get_data(as_text=True)
    # (No pass on the case page: its blocks are drawn once for every reader alike.)
    assert f'data-live-version-url="/cohorts/{room["cohort"]}/live/version"' in case_page
    assert f"OUTCOME-{MARK}-1" not in case_page

    revealed = _reveal(fay_client, room, room["d1"])
    assert revealed.headers["Location"] == f"/cohorts/{room['cohort']}/live"

    page = client.get(f"/cohorts/{room['cohort']}/live").get_data(as_text=True)
    assert "See what really happened" in page
    case_page = client.get(f"/cases/{SLUG}").get_data(as_text=True)
    assert f"OUTCOME-{MARK}-1" in case_page
    assert "Decision 1 is revealed: what really happened is shown below it." in case_page


def test_the_version_answers_304_until_the_facilitator_acts(app, client, room):
    fay_client = _as(app.test_client(), room["fay"])
    _as(client, room["ada"])
    first = _version(client, room["cohort"])  # no pass yet: signed in, and given one
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-store"
    follow, tag = first.get_json()["follow"], first.get_json()["version"]
    assert first.headers["ETag"] == f'"{tag}"'
    assert _version(client, room["cohort"], tag, follow).status_code == 304

    _show(fay_client, room, room["d1"])
    moved = _version(client, room["cohort"], tag, follow)
    assert moved.status_code == 200 and moved.get_json() == {"version": str(int(tag) + 1)}
    tag = moved.get_json()["version"]
    # A member's commitment changes nothing another member's page shows ...
    _as(app.test_client(), room["ben"]).post(
        f"/cases/{SLUG}/decisions/d1/commit",
        data={"option": "B", "rationale": "Ben's reasons.", "confidence": "60"})
    assert _version(client, room["cohort"], tag, follow).status_code == 304
    _reveal(fay_client, room, room["d1"])
    assert _version(client, room["cohort"], tag, follow).status_code == 200


def test_a_pass_opens_only_its_own_cohort_for_its_own_sign_in(app, client, room):
    _as(client, room["ada"])
    follow, tag = _follow(client, room["cohort"])
    with app.app_context():
        other = make_cohort(make_user("facilitator"), "Another cohort")
    # Another cohort's poll with Ada's pass: the ordinary path, where she is no member.
    assert _version(client, other, tag, follow).status_code == 404
    # The same pass from another browser (another sign-in of Ada, or nobody): refused.
    signed_out = app.test_client()
    assert _version(signed_out, room["cohort"], tag, follow).status_code == 302
    elsewhere = _as(app.test_client(), room["ada"])
    answer = _version(elsewhere, room["cohort"], tag, follow)
    assert answer.status_code == 200 and answer.get_json()["follow"] != follow
    # Forged and mangled passes take the ordinary path too.
    for forged in (follow[:-2] + "xx", "x" * 500, "%00"):
        assert "follow" in _version(client, room["cohort"], tag, forged).get_json()


def test_signing_out_ends_the_pass(app, client, room):
    _as(client, room["ada"])
    follow, tag = _follow(client, room["cohort"])
    client.post("/sign-out")
    assert _version(client, room["cohort"], tag, follow).status_code == 302


def test_the_projector_shows_counts_then_the_result_and_never_a_name(app, client, room):
    fay_client = _as(app.test_client(), room["fay"])
    _show(fay_client, room, room["d1"])
    for person, label in ((room["ada"], "A"), (room["ben"], "B")):
        post_commit(_as(app.test_client(), person), SLUG, "d1", option=label)
    before = fay_client.get(f"/cohorts/{room['cohort']}/live/projector").get_data(as_text=True)
    assert "<strong>2 of 3</strong> committed" in before
    assert "Question 1 of case" in before
    for hidden in (f"OUTCOME-{MARK}-1", "What they really did", "This cohort"):
        assert hidden not in before
    _reveal(fay_client, room, room["d1"])
    after = fay_client.get(f"/cohorts/{room['cohort']}/live/projector").get_data(as_text=True)
    assert "Revealed: 2 of 3 committed." in after
    real = re.search(r'<li class="is-actual">\s*<span class="option-letter">(\w)</span>', after)
    assert real and real.group(1) == "B"
    assert "This cohort 50 %" in after  # Ada on A, Ben on B
    for name in ("Ada Member", "Ben Member", "Cy Member", "Fay Facilitator"):
        assert name not in before and name not in after


def test_an_open_decision_shows_its_result_once_commitments_close(app, room):
    with app.app_context():
        fay_client = _as(app.test_client(), room["fay"])
    cohort = room["cohort"]
    fay_client.post(f"/cohorts/{cohort}/decisions/{room['d2']}/reopen")  # already open: 409
    _show(fay_client, room, room["d1"])
    post_commit(_as(app.test_client(), room["ada"]), SLUG, "d1", option="B")
    with app.app_context():
        from casebook.cohorts.models import CohortDecisionState

        db.session.get(CohortDecisionState, (cohort, room["d1"])).reveal = "open"
        db.session.commit()
    projector = f"/cohorts/{cohort}/live/projector"
    assert "What they really did" not in fay_client.get(projector).get_data(as_text=True)
    fay_client.post(f"/cohorts/{cohort}/decisions/{room['d1']}/close", data={"back": "live"})
    assert "What they really did" in fay_client.get(projector).get_data(as_text=True)


def test_the_timer_runs_and_refuses_what_is_not_a_number_of_minutes(app, client, room):
    _as(client, room["fay"])
    cohort = room["cohort"]
    early = client.post(f"/cohorts/{cohort}/live/timer", data={"minutes": "3"})
    assert early.status_code == 409
    assert "Put a decision on screen before starting the timer." in early.get_data(as_text=True)
    _show(client, room, room["d1"])
    for bad in ("", "abc", "0", "61", "9" * 40, "2.5"):
        refused = client.post(f"/cohorts/{cohort}/live/timer", data={"minutes": bad})
        assert refused.status_code == 422
        assert "The timer&#39;s minutes must be a whole number from 1 to 60." in \
            refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CohortLive, cohort).timer_ends_at is None
    assert client.post(f"/cohorts/{cohort}/live/timer", data={"minutes": "5"}).status_code == 303
    page = client.get(f"/cohorts/{cohort}/live").get_data(as_text=True)
    assert re.search(r'Timer: <time datetime="[^"]+" data-timer-ends="[^"]+">ends at '
                     r'\d\d:\d\d \(UTC\)</time>', page)
    member_page = _as(app.test_client(), room["ada"]).get(f"/cohorts/{cohort}/live")
    assert "data-timer-ends=" in member_page.get_data(as_text=True)
    stopped = client.post(f"/cohorts/{cohort}/live/stop-timer")
    assert flashes(client.get(stopped.headers["Location"]).get_data(as_text=True)) == [
        "The timer is stopped."]
    with app.app_context():
        assert db.session.get(CohortLive, cohort).timer_ends_at is None


def test_putting_on_screen_takes_only_a_decision_of_the_programme(app, client, room):
    _as(client, room["fay"])
    cohort = room["cohort"]
    with app.app_context():
        other = decision_of(make_case("other-live-case").id, 1).id
    for bad in ("", "abc", "-1"):
        refused = _show(client, room, bad)
        assert refused.status_code == 422
        assert "Choose a decision of the programme." in refused.get_data(as_text=True)
    for missing in (other, 999_999, "9" * 40):
        assert _show(client, room, missing).status_code == 404
    with app.app_context():
        assert db.session.get(CohortLive, cohort).decision_id is None  # nothing on screen


def test_ending_the_session_takes_the_decision_off_every_screen(app, client, room):
    _as(client, room["fay"])
    _show(client, room, room["d1"])
    client.post(f"/cohorts/{room['cohort']}/live/end")
    member = _as(app.test_client(), room["ada"])
    assert "Nothing is on screen yet." in member.get(
        f"/cohorts/{room['cohort']}/live").get_data(as_text=True)
    assert "data-live-version-url" not in member.get(f"/cases/{SLUG}").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/live", "/live/projector", "/live/version"])
def test_the_session_is_the_cohorts_alone(app, client, room, path):
    url = f"/cohorts/{room['cohort']}{path}"
    assert _as(app.test_client(), room["ola"]).get(url).status_code == 404
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    assert _as(app.test_client(), room["fay"]).get(url).status_code == 200
    member = _as(app.test_client(), room["ada"]).get(url).status_code
    assert member == (403 if path == "/live/projector" else 200)
