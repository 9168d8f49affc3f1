"""Hostile input in every cohort form and URL: a clear message, a 4xx, nothing stored.

Control characters and invalid UTF-8 are refused by the request contract (400, naming
the field) before any view runs; everything else the cohort rules refuse beside its
field (422). Ids of any size are just ids: no such thing (404), never a 500.
"""
from __future__ import annotations

import pytest

from casebook.cohorts.models import (
    Cohort,
    CohortAssignment,
    CohortDecisionState,
    CohortInvitation,
    CohortMember,
)
from casebook.extensions import db
from tests.factories import make_case, make_user
from tests.web.cohorts_support import assign, make_cohort
from tests.web.decisions_support import ref, sign_in
from tests.web.test_cohorts_invitations import count_rows

HUGE = "99999999999999999999999"


@pytest.fixture
def lead(app, rollback):
    with app.app_context():
        make_case("hostile-case", decisions=2)
        make_case("hostile-other", decisions=1)
        lead = ref(make_user("facilitator"))
        cohort = make_cohort(lead, "Hostile cohort", time_zone="Europe/Paris")
        assignment = assign(lead, cohort, "hostile-case")
    client = app.test_client()
    sign_in(client, lead)
    return {"client": client, "cohort": cohort, "assignment": assignment, "ref": lead}


def _snapshot(app) -> tuple:
    with app.app_context():
        cohort = db.session.scalar(db.select(Cohort).order_by(Cohort.id))
        assignment = db.session.scalar(db.select(CohortAssignment))
        return (count_rows(Cohort), count_rows(CohortMember), count_rows(CohortInvitation),
                count_rows(CohortAssignment), count_rows(CohortDecisionState),
                cohort.name, cohort.time_zone, cohort.level,
                assignment.due_at.replace(tzinfo=None), assignment.notes_source)


GOOD_COHORT = {"name": "Good name", "description": "", "time_zone": "UTC", "level": ""}
COHORT_CASES = [
    ({"name": ""}, "The cohort&#39;s name is required."),
    ({"name": "   "}, "The cohort&#39;s name is required."),
    ({"name": "N" * 121}, "The cohort&#39;s name is limited to 120 characters (it has 121)."),
    ({"description": "D" * 2001}, "The description is limited to 2,000 characters"),
    ({"time_zone": "Mars/Olympus_Mons"}, "That is not a time zone this site knows."),
    ({"time_zone": "../../../etc/passwd"}, "That is not a time zone this site knows."),
    ({"time_zone": "Europe/" + "x" * 80}, "That is not a time zone this site knows."),
    ({"time_zone": ""}, "Choose the cohort&#39;s time zone"),
    ({"level": "chief-executive"}, "Choose one of the levels, or none."),
]


@pytest.mark.parametrize("fields, message", COHORT_CASES)
@pytest.mark.parametrize("path", ["/cohorts/new", "/cohorts/{cohort}/edit"])
def test_cohort_details_are_checked(app, lead, path, fields, message):
    before = _snapshot(app)
    response = lead["client"].post(path.format(cohort=lead["cohort"]),
                                   data={**GOOD_COHORT, **fields})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _snapshot(app) == before


CONTROL = ["\x00", "\x1b[31m", "\x7f", "\x85"]


@pytest.mark.parametrize("character", CONTROL)
@pytest.mark.parametrize("path, data, name", [
    ("/cohorts/new", GOOD_COHORT, "name"),
    ("/cohorts/{cohort}/edit", GOOD_COHORT, "description"),
    ("/cohorts/{cohort}/invitations", {"days": "7", "max_uses": "5"}, "days"),
    ("/cohorts/{cohort}/invitations/email", {"emails": "a@example.com", "days": "7"}, "emails"),
    ("/cohorts/{cohort}/programme",
     {"case": "hostile-other", "due_date": "2030-01-01", "due_time": "09:00"}, "notes"),
    ("/cohorts/{cohort}/programme/{assignment}",
     {"due_date": "2030-01-01", "due_time": "09:00"}, "notes"),
])
def test_control_characters_in_any_field_are_refused(app, lead, path, data, name, character):
    before = _snapshot(app)
    response = lead["client"].post(path.format(**lead), data={**data, name: f"a{character}b"})
    assert response.status_code == 400
    assert "contains a control character (such as NUL or ESC)" in response.get_data(as_text=True)
    assert _snapshot(app) == before


def test_invalid_utf8_is_refused(app, lead):
    before = _snapshot(app)
    response = lead["client"].post(
        "/cohorts/new", data=b"name=%FF%FE&time_zone=UTC",
        content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)
    assert _snapshot(app) == before


@pytest.mark.parametrize("fields, message", [
    ({"days": "0"}, "The number of days must be a whole number from 1 to 90."),
    ({"days": "91"}, "The number of days must be a whole number from 1 to 90."),
    ({"days": "1e3"}, "The number of days must be a whole number from 1 to 90."),
    ({"days": HUGE}, "The number of days must be a whole number from 1 to 90."),
    ({"max_uses": "0"}, "The number of uses must be a whole number from 1 to 500."),
    ({"max_uses": "501"}, "The number of uses must be a whole number from 1 to 500."),
    ({"max_uses": "-3"}, "The number of uses must be a whole number from 1 to 500."),
    ({"max_uses": ""}, "The number of uses must be a whole number from 1 to 500."),
])
def test_invitation_limits_are_checked(app, lead, fields, message):
    before = _snapshot(app)
    response = lead["client"].post(f"/cohorts/{lead['cohort']}/invitations",
                                   data={"days": "7", "max_uses": "5", **fields})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _snapshot(app) == before


GOOD_ASSIGNMENT = {"case": "hostile-other", "due_date": "2030-01-01", "due_time": "09:00",
                   "notes": ""}
DATE_CASES = [
    ({"due_date": "2030-02-30"}, "2030-02-30 is not a date on the calendar."),
    ({"due_date": "tomorrow"}, "Give the date as YYYY-MM-DD"),
    ({"due_date": "20300101"}, "Give the date as YYYY-MM-DD"),
    ({"due_date": "99999-01-01"}, "Give the date as YYYY-MM-DD"),
    ({"due_date": "1999-12-31"}, "Choose a date between 2000 and 2100."),
    ({"due_date": ""}, "Give the date as YYYY-MM-DD"),
    ({"due_time": "25:00"}, "25:00 is not a time of day."),
    ({"due_time": "12:60"}, "12:60 is not a time of day."),
    ({"due_time": "9am"}, "Give the time as HH:MM"),
    ({"notes": "N" * 5001}, "The text of the session notes is limited to 5,000 characters (it has 5,001)."),
]


@pytest.mark.parametrize("fields, message", DATE_CASES + [
    ({"case": "no-such-case"}, "Choose a case from the library."),
    ({"case": "../../etc"}, "Choose a case from the library."),
    ({"case": "x" * 5000}, "Choose a case from the library."),
    ({"case": "hostile-case"}, "This case is already in the programme."),
])
def test_assignments_are_checked(app, lead, fields, message):
    before = _snapshot(app)
    response = lead["client"].post(f"/cohorts/{lead['cohort']}/programme",
                                   data={**GOOD_ASSIGNMENT, **fields})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _snapshot(app) == before


@pytest.mark.parametrize("fields, message", DATE_CASES)
def test_assignment_changes_are_checked(app, lead, fields, message):
    before = _snapshot(app)
    fields = {k: v for k, v in fields.items() if k != "case"}
    response = lead["client"].post(
        f"/cohorts/{lead['cohort']}/programme/{lead['assignment']}",
        data={"due_date": "2030-01-01", "due_time": "09:00", "notes": "", **fields})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _snapshot(app) == before


@pytest.mark.parametrize("path", [
    f"/cohorts/{HUGE}", f"/cohorts/{HUGE}/roster", "/cohorts/{cohort}/programme/" + HUGE,
    "/cohorts/{cohort}/members/" + HUGE + "/track-record", "/cohorts/-1", "/cohorts/0",
    "/cohorts/2147483648", "/cohorts/{cohort}/members/2147483647/track-record",
])
def test_ids_of_any_size_are_no_such_page(app, lead, path):
    assert lead["client"].get(path.format(**lead)).status_code == 404


@pytest.mark.parametrize("path", [
    "/cohorts/{cohort}/members/" + HUGE + "/remove",
    "/cohorts/{cohort}/members/2147483647/co-facilitator",
    "/cohorts/{cohort}/invitations/" + HUGE + "/revoke",
    "/cohorts/{cohort}/invitations/2147483647/revoke",
    "/cohorts/{cohort}/programme/2147483647/remove",
    "/cohorts/{cohort}/decisions/" + HUGE + "/reveal",
    "/cohorts/{cohort}/decisions/2147483647/close",
    "/cohorts/{cohort}/decisions/1/unhold",
])
def test_posts_to_ids_of_any_size_change_nothing(app, lead, path):
    before = _snapshot(app)
    assert lead["client"].post(path.format(**lead)).status_code == 404
    assert _snapshot(app) == before


def test_another_cohorts_rows_are_not_this_cohorts(app, lead):
    """Ids that exist, but in another cohort, answer like ids that do not."""
    with app.app_context():
        other_lead = ref(make_user("facilitator"))
        other = make_cohort(other_lead, "Other cohort")
        other_assignment = assign(other_lead, other, "hostile-other")
        stranger = make_user()
        db.session.add(CohortMember(cohort_id=other, user_id=stranger.id, role="member"))
        db.session.commit()
        stranger_id = stranger.id
    before = _snapshot(app)
    client = lead["client"]
    base = f"/cohorts/{lead['cohort']}"
    assert client.post(f"{base}/programme/{other_assignment}/remove").status_code == 404
    assert client.post(f"{base}/members/{stranger_id}/remove").status_code == 404
    assert client.get(f"{base}/members/{stranger_id}/track-record").status_code == 404
    assert _snapshot(app) == before


def _write_urls(app) -> dict[str, str]:
    """Every cohorts write route with made-up ids: the text policy answers before any
    view looks an id up, so each URL only has to match its rule."""
    from werkzeug.routing import AnyConverter

    urls = {}
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("cohorts.") or not rule.methods & {"POST"}:
            continue
        values = {}
        for name, converter in rule._converters.items():
            values[name] = sorted(converter.items)[0] if isinstance(converter, AnyConverter) else (
                "ABCDEFGH2345" if name == "code" else 1)
        urls[rule.endpoint] = adapter.build(rule.endpoint, values)
    return urls


def test_every_cohort_write_route_refuses_a_control_character(app, lead):
    """The site's text policy (tests/web/test_text_policy.py) leaves cohorts' routes to
    this file: each one, with a NUL in a field, is a 400 that changes nothing."""
    urls = _write_urls(app)
    assert len(urls) >= 12
    before = _snapshot(app)
    for endpoint, url in urls.items():
        response = lead["client"].post(url, data={"probe": "a\x00b"})  # no form has it
        assert (endpoint, response.status_code) == (endpoint, 400)
    assert _snapshot(app) == before
