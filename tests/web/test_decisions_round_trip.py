"""The commit and reflection round trips on the long case page: every error at once,
beside its field, the first one focused; the address stays usable; a successful write
lands on what it opened, with its confirmation right there."""
import re

import pytest

from tests.factories import commit, make_case, make_user
from tests.web.decisions_support import (
    commitments_of,
    count_reflections,
    decision_of,
    move_clock,
    post_commit,
    post_reflection,
    ref,
    sign_in,
)


@pytest.fixture
def leader(app, client):
    with app.app_context():
        make_case("round-trip", decisions=2)
        user = ref(make_user())
    sign_in(client, user)
    return user


def _attributes(html: str, element_id: str) -> str:
    """The start tag of the element with this id."""
    match = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def _described_by(html: str, element_id: str) -> list[str]:
    found = re.search(r'aria-describedby="([^"]*)"', _attributes(html, element_id))
    return found.group(1).split() if found else []


def test_an_empty_commit_shows_every_error_at_once_beside_its_field(app, client, leader):
    response = client.post("/cases/round-trip/decisions/d1/commit", data={})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html[html.index('id="decision-d1-form-errors"'):]
    summary = summary[:summary.index("</div>")]
    assert "3 answers need your attention" in summary
    assert '<a href="#decision-d1-option-A">Choose one of the options.</a>' in summary
    assert '<a href="#decision-d1-rationale">Your rationale is required.</a>' in summary
    assert ('<a href="#decision-d1-confidence-50">Say how sure you are that it is the best '
            'course (50-100 %).</a>') in summary
    # Each message beside its field, which is marked invalid and described by it.
    for field_id, error_id in [
        ("decision-d1-option-A", "decision-d1-option-error"),
        ("decision-d1-rationale", "decision-d1-rationale-error"),
        ("decision-d1-confidence-50", "decision-d1-confidence-error"),
    ]:
        assert f'id="{error_id}"' in html
        assert 'aria-invalid="true"' in _attributes(html, field_id)
        assert error_id in _described_by(html, field_id)
    # The first field in error, and only it, takes the focus.
    assert html.count(" autofocus") == 1
    assert "autofocus" in _attributes(html, "decision-d1-option-A")
    with app.app_context():
        assert commitments_of(leader.id) == []


def test_the_focus_goes_to_the_first_field_in_error(client, leader):
    html = client.post("/cases/round-trip/decisions/d1/commit",
                       data={"option": "B", "rationale": "", "confidence": "70"}).get_data(as_text=True)
    assert html.count(" autofocus") == 1
    assert "autofocus" in _attributes(html, "decision-d1-rationale")
    assert "1 answer needs your attention" in html


def test_a_refused_commit_keeps_everything_the_leader_gave(client, leader):
    response = client.post("/cases/round-trip/decisions/d1/commit", data={
        "option": "C", "rationale": "KEEP-MY-WORDS", "confidence": "120",
        "forecast_label": "B", "forecast_probability": "65", "knew_outcome": "yes",
    })
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert ">KEEP-MY-WORDS</textarea>" in html
    assert "checked" in _attributes(html, "decision-d1-option-C")
    assert "checked" not in _attributes(html, "decision-d1-option-A")
    assert '<option value="B" selected>' in html
    assert '<option value="65" selected>65 %</option>' in html
    assert 'name="knew_outcome" value="yes" checked' in html
    assert "autofocus" in _attributes(html, "decision-d1-confidence-50")
    assert "Confidence must be a whole number from 50 to 100." in html


def test_a_chosen_confidence_stays_chosen(client, leader):
    html = client.post("/cases/round-trip/decisions/d1/commit",
                       data={"confidence": "80"}).get_data(as_text=True)
    assert "checked" in _attributes(html, "decision-d1-confidence-80")
    assert "checked" not in _attributes(html, "decision-d1-confidence-70")


@pytest.mark.parametrize("write", ["commit", "reflection"])
@pytest.mark.parametrize("key", ["d1", "d2", "no-such-decision"])
def test_a_get_on_a_write_address_goes_back_to_the_decision(client, leader, write, key):
    # d2 is hidden from this leader and answers exactly like a made-up decision.
    response = client.get(f"/cases/round-trip/decisions/{key}/{write}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/cases/round-trip#decision-{key}"


def test_a_reload_after_a_form_error_shows_the_case_not_an_error(client, leader):
    client.post("/cases/round-trip/decisions/d1/commit", data={})
    page = client.get("/cases/round-trip/decisions/d1/commit", follow_redirects=True)
    assert page.status_code == 200
    assert page.request.path == "/cases/round-trip"
    assert "Commit my choice" in page.get_data(as_text=True)


def _notices(html: str) -> list[str]:
    return re.findall(r'<p class="flash flash-(\w+) notice" role="status">([^<]*)</p>', html)


def test_a_commit_lands_on_the_outcome_with_its_confirmation_there(client, leader):
    response = post_commit(client, "round-trip", option="C")
    assert response.status_code == 303
    assert response.headers["Location"] == "/cases/round-trip#decision-d1-outcome"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    outcome = html[html.index('id="decision-d1-outcome"'):]
    # The confirmation opens the outcome, before "What really happened".
    assert outcome.index("Your choice is sealed. Here is what really happened.") \
        < outcome.index("What really happened</h3>") < outcome.index("OUTCOME-ROUND-TRIP-1")
    assert 'class="wrap flashes"' not in html  # not at the top of the page, out of view
    again = client.get("/cases/round-trip").get_data(as_text=True)
    assert _notices(again) == []  # said once
    assert "<!--notice:" in again  # an empty slot, in the shared drawing


def test_a_second_commit_lands_on_the_first_with_a_warning_there(client, leader):
    post_commit(client, "round-trip", option="A")
    client.get("/cases/round-trip")
    again = post_commit(client, "round-trip", option="B")
    assert again.headers["Location"] == "/cases/round-trip#decision-d1-outcome"
    html = client.get(again.headers["Location"]).get_data(as_text=True)
    assert _notices(html) == [("warning", "You already committed a choice on this decision. "
                                          "A commitment is sealed: it cannot be changed or made again.")]


def test_a_held_outcome_lands_on_the_sealed_choice(app, client, leader, monkeypatch):
    from casebook.decisions import reading

    with app.app_context():
        held = frozenset({decision_of(_case_id("round-trip"), 1).id})
    monkeypatch.setattr(reading, "_held", lambda user, case_ids: held)
    response = post_commit(client, "round-trip", option="A")
    assert response.headers["Location"] == "/cases/round-trip#decision-d1-sealed"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    sealed = html[html.index('id="decision-d1-sealed"'):]
    assert sealed.index("The outcome opens when your facilitator reveals it.") < sealed.index("Your sealed choice")
    assert "OUTCOME-ROUND-TRIP-1" not in html


def test_another_reader_never_gets_someone_elses_confirmation(app, client, leader):
    with app.app_context():
        case_id = _case_id("round-trip")
        other = make_user()
        commit(other, decision_of(case_id, 1), "C")
        other = ref(other)
    post_commit(client, "round-trip", option="C")
    # Pages are drawn from shared parts: the confirmation reaches only the one who committed.
    second = client.application.test_client()
    sign_in(second, other)
    assert _notices(second.get("/cases/round-trip").get_data(as_text=True)) == []
    assert len(_notices(client.get("/cases/round-trip").get_data(as_text=True))) == 1


@pytest.fixture
def reflecting(app, client, leader):
    post_commit(client, "round-trip", option="A")
    client.get("/cases/round-trip")
    return leader


def test_an_empty_reflection_shows_every_error_at_once(app, client, reflecting):
    response = client.post("/cases/round-trip/decisions/d1/reflection", data={"note": "KEEP-NOTE"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "2 answers need your attention" in html
    assert '<a href="#decision-d1-rating-1">Say whether, with hindsight, the real choice was right.</a>' in html
    assert '<a href="#decision-d1-change-yes">Say whether you would change your choice.</a>' in html
    assert "decision-d1-rating-error" in _described_by(html, "decision-d1-rating-1")
    assert "decision-d1-change-error" in _described_by(html, "decision-d1-change-yes")
    assert html.count(" autofocus") == 1 and "autofocus" in _attributes(html, "decision-d1-rating-1")
    assert ">KEEP-NOTE</textarea>" in html
    with app.app_context():
        assert count_reflections() == 0


def test_a_reflection_lands_on_itself_with_its_confirmation(client, reflecting):
    response = post_reflection(client, "round-trip", hindsight_rating="4", would_change="no")
    assert response.headers["Location"] == "/cases/round-trip#decision-d1-reflection"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    card = html[html.index('id="decision-d1-reflection"'):]
    assert card.index("Your reflection is saved beside your sealed choice.") < card.index("Your reflection</h3>")


def test_the_sharing_setting_is_confirmed_beside_it(client, leader):
    response = client.post("/me/decisions/sharing", data={"share_with_cohorts": "yes"})
    assert response.headers["Location"] == "/me/decisions#sharing"
    html = client.get("/me/decisions").get_data(as_text=True)
    sharing = html[html.index('id="sharing"'):]
    assert _notices(sharing) == [("success", "Your sharing setting is saved.")]
    assert 'class="wrap flashes"' not in html


def test_a_notice_for_a_place_the_page_lacks_is_still_shown(client, leader):
    client.post("/me/decisions/sharing", data={"share_with_cohorts": "yes"})
    html = client.get("/cases/round-trip").get_data(as_text=True)  # not where it was meant
    assert 'class="wrap flashes"' in html and "Your sharing setting is saved." in html


def test_a_forecast_reflection_waits_a_day_then_opens(app, client, leader, monkeypatch):
    post_commit(client, "round-trip", option="A", forecast_label="B", forecast_probability="40")
    early = client.get("/cases/round-trip").get_data(as_text=True)
    assert "Come back for your hindsight check" in early and "Save my reflection" not in early
    refused = post_reflection(client, "round-trip", recalled_probability="50")
    assert refused.status_code == 409
    assert "Your hindsight check opens on" in refused.get_data(as_text=True)
    move_clock(monkeypatch)
    later = client.get("/cases/round-trip").get_data(as_text=True)
    assert "Save my reflection" in later and "Come back for your hindsight check" not in later
    assert post_reflection(client, "round-trip", recalled_probability="50").status_code == 303
    with app.app_context():
        assert count_reflections() == 1


def _case_id(slug: str) -> int:
    from sqlalchemy import select

    from casebook.cases.models import Case
    from casebook.extensions import db

    return db.session.scalar(select(Case.id).where(Case.slug == slug))
