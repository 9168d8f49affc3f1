"""Invitations: expired, revoked, used-up and forged codes get a clear page and change
nothing; email invitations go out through the site's mail and open for their address
only; parallel joins never pass a code's limit (real commits, both databases)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from casebook.cohorts.models import CohortInvitation, CohortMember
from casebook.extensions import db
from tests.factories import make_user
from tests.web.accounts_support import latest_link, outbox
from tests.web.cohorts_support import count_rows, expire, link_invitation, make_cohort, members_of
from tests.web.decisions_support import ref, sign_in


@pytest.fixture
def cohort(app, rollback):
    with app.app_context():
        lead = ref(make_user("facilitator", display_name="Lead"))
        cohort_id = make_cohort(lead, "Invited cohort")
        return {"lead": lead, "id": cohort_id, "ada": ref(make_user(email="ada@example.com")),
                "ben": ref(make_user(email="ben@example.com"))}


def _signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _gone(app, cohort, code, *, expected_status, message):
    client = _signed_in(app, cohort["ada"])
    landing = client.get(f"/cohorts/join/{code}")
    assert landing.status_code == expected_status
    assert message in landing.get_data(as_text=True)
    joined = client.post(f"/cohorts/join/{code}")
    assert joined.status_code == expected_status
    assert message in joined.get_data(as_text=True)
    with app.app_context():
        assert cohort["ada"].id not in members_of(cohort["id"])


def test_an_expired_code_is_refused_with_a_clear_page(app, cohort):
    with app.app_context():
        invitation = link_invitation(cohort["lead"], cohort["id"])
        expire(invitation.id)
    _gone(app, cohort, invitation.code, expected_status=410, message="This invitation has expired.")


def test_a_revoked_code_is_refused(app, cohort):
    with app.app_context():
        invitation = link_invitation(cohort["lead"], cohort["id"])
    lead = _signed_in(app, cohort["lead"])
    assert lead.post(f"/cohorts/{cohort['id']}/invitations/{invitation.id}/revoke").status_code == 303
    assert lead.post(f"/cohorts/{cohort['id']}/invitations/{invitation.id}/revoke").status_code == 409
    _gone(app, cohort, invitation.code, expected_status=410,
          message="This invitation was withdrawn by the cohort&#39;s facilitator.")


def test_a_used_up_code_is_refused_and_spends_nothing_more(app, cohort):
    with app.app_context():
        invitation = link_invitation(cohort["lead"], cohort["id"], uses=1)
    assert _signed_in(app, cohort["ben"]).post(f"/cohorts/join/{invitation.code}").status_code == 303
    _gone(app, cohort, invitation.code, expected_status=410,
          message="This invitation has been used as many times as it allows.")
    with app.app_context():
        assert db.session.get(CohortInvitation, invitation.id).uses == 1


@pytest.mark.parametrize("code", ["ABCDEFGHJKMN", "not-a-code", "A" * 65, "%00", "0O1IL0O1IL0O"])
def test_a_forged_code_is_no_invitation(app, cohort, code):
    with app.app_context():
        link_invitation(cohort["lead"], cohort["id"])
        before = count_rows(CohortMember)
    client = _signed_in(app, cohort["ada"])
    for response in (client.get(f"/cohorts/join/{code}"), client.post(f"/cohorts/join/{code}")):
        assert response.status_code == 404
        assert "There is no invitation with this code." in response.get_data(as_text=True)
    with app.app_context():
        assert count_rows(CohortMember) == before


def test_a_code_typed_wrong_gets_a_form_error(app, cohort):
    response = app.test_client().get("/cohorts/join", query_string={"code": "12345"})
    assert response.status_code == 422
    assert "An invitation code has 12 letters and digits" in response.get_data(as_text=True)


def test_email_invitations_are_mailed_and_open_only_for_their_address(app, cohort):
    lead = _signed_in(app, cohort["lead"])
    response = lead.post(f"/cohorts/{cohort['id']}/invitations/email",
                         data={"emails": "ada@example.com,\nNEW@example.com", "days": "7"})
    assert response.status_code == 303
    (message,) = outbox(app, "ada@example.com")
    assert "Invited cohort" in message.subject
    link = latest_link(app, "ada@example.com")
    # Ben has the link but not the address: refused, nothing spent.
    ben = _signed_in(app, cohort["ben"])
    refused = ben.post(link)
    assert refused.status_code == 403
    assert "sent to another email address" in refused.get_data(as_text=True)
    ada = _signed_in(app, cohort["ada"])
    assert ada.post(link).status_code == 303
    with app.app_context():
        assert members_of(cohort["id"]).get(cohort["ada"].id) == "member"
        assert cohort["ben"].id not in members_of(cohort["id"])
    assert outbox(app, "new@example.com"), "the second address got its own invitation"


@pytest.mark.parametrize("emails, message", [
    ("ada@example.com, not-an-address", "These are not email addresses: not-an-address"),
    ("", "Give at least one email address."),
    (", ".join(f"p{n}@example.com" for n in range(51)), "Invite at most 50 addresses"),
])
def test_a_bad_address_list_invites_nobody(app, cohort, emails, message):
    lead = _signed_in(app, cohort["lead"])
    response = lead.post(f"/cohorts/{cohort['id']}/invitations/email",
                         data={"emails": emails, "days": "7"})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert count_rows(CohortInvitation) == 0
    assert outbox(app, "ada@example.com") == []


THREADS = 8


@pytest.mark.parametrize("limit", [1, 3])
def test_parallel_joins_never_pass_the_limit(committed, limit):
    app = committed
    with app.app_context():
        lead = ref(make_user("facilitator"))
        cohort_id = make_cohort(lead, "Raced cohort")
        code = link_invitation(lead, cohort_id, uses=limit).code
        joiners = [ref(make_user()) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    statuses, errors = [], []

    def worker(user):
        try:
            client = app.test_client()
            sign_in(client, user)
            barrier.wait(timeout=30)
            statuses.append(client.post(f"/cohorts/join/{code}").status_code)
        except BaseException as problem:  # noqa: BLE001 - reported below
            errors.append(problem)

    threads = [threading.Thread(target=worker, args=(user,)) for user in joiners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with app.app_context():
        db.engine.dispose()
    assert errors == []
    assert sorted(statuses) == [303] * limit + [410] * (THREADS - limit)
    with app.app_context():
        invitation = db.session.scalar(select(CohortInvitation))
        members = [m for m in members_of(cohort_id).values() if m == "member"]
        assert (invitation.uses, len(members)) == (limit, limit)
