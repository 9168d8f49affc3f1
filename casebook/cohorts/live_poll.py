"""The version every page following a live session polls, about twice a second.

`GET /cohorts/<id>/live/version?follow=<pass>` with the version the page was drawn at
in If-None-Match: 304 until a facilitator acts, then the new version (static/js/live.js
fetches the page afresh). Members follow facilitator actions only; facilitators (the
controls, the projector) also each new commitment.

With a good follower's pass (cohorts/live_token.py) the answer costs no account load:
the version from Redis, or one row. Without one (a pass expired, a page drawn before
passes) the poll signs the person in as any page does, in one statement with their part
in the cohort, and hands back a fresh pass.
"""
from __future__ import annotations

from flask import Response, jsonify, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam, select

from ..accounts.permissions import is_active_member
from ..accounts.signed_in import ask_with_account, rows_asked_with_account
from ..db import read_rows
from ..domain import NotFound
from ..extensions import login_manager
from . import bp
from .access import Seat
from .live import committed_on_screen
from .live_token import pass_for, read_pass
from .live_version import current_version
from .models import FACILITATING, CohortLive, CohortMember


def follow_url(seat: Seat, user) -> str:
    """The poll address, with a pass, for a page this person is shown."""
    return url_for("cohorts.live_version", cohort_id=seat.cohort.id,
                   follow=pass_for(seat.cohort.id, user.id, seat.facilitating))


# Without a pass: the person's part in the cohort and its live row, asked with the
# account's own statement (accounts/signed_in.ask_with_account).
_FOLLOWER = (
    select(CohortMember.role, CohortLive.version)
    .outerjoin(CohortLive, CohortLive.cohort_id == CohortMember.cohort_id)
    .where(CohortMember.cohort_id == bindparam("cohort_id"),
           CohortMember.user_id == bindparam("user_id"))
)


@bp.get("/<id:cohort_id>/live/version")
def live_version(cohort_id: int):
    facilitating = read_pass(request.args.get("follow"), cohort_id)
    fresh_pass = None
    if facilitating is None:
        ask_with_account(_FOLLOWER, {"cohort_id": cohort_id}, facts=False)
        if not current_user.is_authenticated:
            return login_manager.unauthorized()  # to the sign-in page, as login_required
        facilitating, in_database = _signed_in_follower(cohort_id)
        version = current_version(cohort_id, in_database)
        fresh_pass = pass_for(cohort_id, current_user.id, facilitating)
        tag = _tag(cohort_id, version, facilitating)
    else:
        tag = tag_for_pass(cohort_id, facilitating)
    if fresh_pass is None and request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = jsonify(version=tag, **({"follow": fresh_pass} if fresh_pass else {}))
    response.set_etag(tag)
    return response


def tag_for_pass(cohort_id: int, facilitating: bool) -> str:
    """The tag a poll with a good pass compares (cohorts/live_fast_path.py answers
    most polls with it before Flask makes a request)."""
    return _tag(cohort_id, current_version(cohort_id), facilitating)


def _tag(cohort_id: int, version: int, facilitating: bool) -> str:
    # Facilitators' pages also follow each commitment (the count on screen).
    if facilitating:
        return f"{version}-{committed_on_screen(cohort_id)}"
    return str(version)


def _signed_in_follower(cohort_id: int) -> tuple[bool, int]:
    """(facilitates, the live row's version) for the signed-in person; NotFound unless
    they are in the cohort (a cohort is private to its people)."""
    rows = rows_asked_with_account(_FOLLOWER, current_user.id)
    if rows is None:  # the account was loaded some other way
        rows = read_rows(_FOLLOWER, {"cohort_id": cohort_id, "user_id": current_user.id}).all()
    if not rows or not is_active_member(current_user):
        raise NotFound()
    return rows[0].role in FACILITATING, rows[0].version or 0
