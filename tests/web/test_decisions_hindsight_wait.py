"""The hindsight check waits a day after committing a forecast, so that it tests memory;
then the header, the library and My decisions invite the leader back to it."""
from datetime import timedelta

import pytest

from tests.factories import commit, make_case, make_user
from tests.web.decisions_support import decision_of, move_clock, post_commit, post_reflection, ref, sign_in

SLUG = "wait-case"


@pytest.fixture
def forecaster(app, client):
    """A leader who just committed on decision 1 with a forecast (B at 40 %)."""
    with app.app_context():
        make_case(SLUG, decisions=2, title="The Waiting Case")
        user = ref(make_user())
    sign_in(client, user)
    assert post_commit(client, SLUG, option="A", forecast_label="B", forecast_probability="40").status_code == 303
    return user


def _header(html: str) -> str:
    return html[html.index('<header class="site-header">'):html.index("</header>")]


def test_right_after_committing_the_check_waits_and_says_until_when(app, client, forecaster):
    with app.app_context():
        from casebook.decisions.services import find_commitment

        committed = find_commitment(forecaster.id, decision_of(_case_id(), 1).id).created_at
    page = client.get(f"/cases/{SLUG}").get_data(as_text=True)
    assert "Come back for your hindsight check" in page and "Save my reflection" not in page
    opens = committed + timedelta(hours=24)
    assert f"{opens.day} {opens:%B %Y, %H:%M} UTC" in page
    record = client.get("/me/decisions").get_data(as_text=True)
    waiting = record[record.index('id="waiting"'):record.index("</section>", record.index('id="waiting"'))]
    assert "From <time datetime=" in waiting and f"{opens.day} {opens:%B, %H:%M} UTC" in waiting
    assert "until then your forecast stays sealed" in waiting
    assert "Answer your hindsight check" not in record
    assert 'aria-label="My decisions:' not in _header(record)
    assert "ready for you" not in client.get("/").get_data(as_text=True)
    assert "ready for you" not in client.get("/notifications").get_data(as_text=True)


def test_an_hour_before_the_day_is_up_it_still_waits(client, forecaster, monkeypatch):
    move_clock(monkeypatch, timedelta(hours=23))
    page = client.get(f"/cases/{SLUG}").get_data(as_text=True)
    assert "Come back for your hindsight check" in page and "Save my reflection" not in page
    assert post_reflection(client, SLUG, recalled_probability="40").status_code == 409


def test_a_day_later_the_check_is_offered_and_everything_invites_to_it(client, forecaster, monkeypatch):
    move_clock(monkeypatch, timedelta(hours=24, minutes=1))
    page = client.get(f"/cases/{SLUG}").get_data(as_text=True)
    assert "Save my reflection" in page and "Come back for your hindsight check" not in page
    assert "Hindsight check: when you committed, how likely did you think it was that the organization would choose B?" in page
    header = _header(page)
    assert 'aria-label="My decisions: 1 hindsight check ready"' in header
    assert 'href="/me/decisions#waiting"' in header and '<span class="badge">1</span>' in header
    record = client.get("/me/decisions").get_data(as_text=True)
    waiting = record[record.index('id="waiting"'):record.index("</section>", record.index('id="waiting"'))]
    assert '<span class="badge badge-ready">Ready</span>' in waiting
    assert f'href="/cases/{SLUG}#decision-d1-reflect">Answer your hindsight check</a> on The Waiting Case, decision 1' in waiting
    library = client.get("/").get_data(as_text=True)
    assert "A hindsight check is ready for you" in library
    assert f'href="/cases/{SLUG}#decision-d1-reflect">The Waiting Case, decision 1</a>' in library
    notifications = client.get("/notifications").get_data(as_text=True)
    assert "A hindsight check is ready for you" in notifications


def test_once_answered_nothing_waits(client, forecaster, monkeypatch):
    move_clock(monkeypatch)
    assert post_reflection(client, SLUG, recalled_probability="55").status_code == 303
    record = client.get("/me/decisions").get_data(as_text=True)
    assert 'id="waiting"' not in record
    assert 'aria-label="My decisions:' not in _header(record)
    assert "Brier score 0.36" in record  # (0.4 - 1)^2, open with the check


def test_without_a_forecast_the_reflection_opens_with_the_reveal(app, client):
    with app.app_context():
        make_case("no-forecast", decisions=1)
        user = ref(make_user())
    sign_in(client, user)
    post_commit(client, "no-forecast", option="A")
    page = client.get("/cases/no-forecast").get_data(as_text=True)
    assert "Save my reflection" in page and "Hindsight check:" not in page
    assert post_reflection(client, "no-forecast").status_code == 303


def test_a_held_outcome_is_not_offered_even_after_the_day(app, client, monkeypatch):
    from casebook.decisions import reading

    with app.app_context():
        case = make_case("held-wait", decisions=1, title="Held Case")
        user = make_user()
        commit(user, decision_of(case.id, 1), "A", forecast_label="B", forecast_probability=40)
        held = frozenset({decision_of(case.id, 1).id})
        user = ref(user)
    monkeypatch.setattr(reading, "_held", lambda u, case_ids: held)
    move_clock(monkeypatch)
    sign_in(client, user)
    record = client.get("/me/decisions").get_data(as_text=True)
    assert 'aria-label="My decisions:' not in _header(record)
    waiting = record[record.index('id="waiting"'):record.index("</section>", record.index('id="waiting"'))]
    assert "Held" in waiting and "opens when your facilitator reveals it" in waiting
    assert "Answer your hindsight check" not in waiting


def _case_id() -> int:
    from sqlalchemy import select

    from casebook.cases.models import Case
    from casebook.extensions import db

    return db.session.scalar(select(Case.id).where(Case.slug == SLUG))
