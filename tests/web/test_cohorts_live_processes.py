"""Live updates across processes: two instances of the site (gunicorn, one worker each)
on one database, with and without one Redis. A reveal made through one is seen by a
member polling the other within a second, and the member's case page there shows it."""
from __future__ import annotations

import re
import time
import uuid

import pytest

from casebook.extensions import db
from tests.factories import commit, login_id, make_case, make_user
from tests.web.cohorts_support import assign, make_cohort
from tests.web.decisions_support import decision_of
from tests.web.live_support import csrf_token, request, session_cookie, site_process

MARK = "CROSSPROCESS"
SLUG = "cross-process-case"


@pytest.fixture
def session_room(committed, migrated):
    """Committed for real: a held case, Fay's cohort with Ada, who has committed, and
    decision 1 on screen. Yields the cookies and ids the processes need."""
    app = committed
    with app.app_context():
        case = make_case(SLUG, decisions=1, sentinel=MARK)
        decision = decision_of(case.id, 1)
        fay = make_user("facilitator")
        ada = make_user()
        cohort = make_cohort(fay, "Cross-process cohort", members=[ada])
        assign(fay, cohort, SLUG, hold=True)
        commit(ada, decision, "A")
        from casebook.cohorts import live
        from tests.web.cohorts_support import seat_of

        live.show_decision(seat_of(fay, cohort), decision.id)
        db.session.commit()
        return {"fay": session_cookie(app, login_id(fay)), "ada": session_cookie(app, login_id(ada)),
                "cohort": cohort, "decision": decision.id, "database": migrated}


def _reveal_through(port: int, room) -> float:
    """Press "Reveal" on the live controls served at `port`; the moment it answered."""
    status, headers, html = request(port, "GET", f"/cohorts/{room['cohort']}/live", room["fay"])
    assert status == 200
    cookie = re.search(r"session=([^;]+)", headers.get("Set-Cookie", ""))
    fay = cookie.group(1) if cookie else room["fay"]
    status, _, _ = request(
        port, "POST", f"/cohorts/{room['cohort']}/decisions/{room['decision']}/reveal", fay,
        body=f"csrf_token={csrf_token(html)}&back=live")
    assert status == 303
    return time.monotonic()


def _seen_after(port: int, room, tag: str, follow: str, revealed_at: float) -> float:
    """Poll the version at `port` as Ada, as her browser does, until it moves."""
    version = f"/cohorts/{room['cohort']}/live/version?follow={follow}"
    while time.monotonic() - revealed_at < 5:
        status, _, _ = request(port, "GET", version, room["ada"], {"If-None-Match": f'"{tag}"'})
        if status == 200:
            return time.monotonic() - revealed_at
        assert status == 304
        time.sleep(0.05)
    return float("inf")


@pytest.mark.parametrize("with_redis", [False, True], ids=["database", "redis"])
def test_a_reveal_through_one_process_is_seen_through_the_other_within_a_second(
        session_room, with_redis):
    room = session_room
    settings = ({"REDIS_URL": "redis://127.0.0.1:6379/0",
                 "LIVE_REDIS_PREFIX": f"casebook-test-{uuid.uuid4().hex}"} if with_redis else {})
    with site_process(room["database"], **settings) as one, \
            site_process(room["database"], **settings) as other:
        status, _, body = request(other, "GET", f"/cohorts/{room['cohort']}/live/version",
                                  room["ada"])
        assert status == 200
        tag = re.search(r'"version":\s*"([^"]+)"', body).group(1)
        follow = re.search(r'"follow":\s*"([^"]+)"', body).group(1)  # the page's pass
        status, _, page = request(other, "GET", f"/cases/{SLUG}", room["ada"])
        assert f"OUTCOME-{MARK}-1" not in page

        waited = _seen_after(other, room, tag, follow, _reveal_through(one, room))

        assert waited < 1.0
        status, _, page = request(other, "GET", f"/cases/{SLUG}", room["ada"])
        assert status == 200 and f"OUTCOME-{MARK}-1" in page
