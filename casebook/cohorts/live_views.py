"""Live session routes: the facilitator's controls and the members' follow page (one
address, drawn by role), the projector, and the version every following page polls.

Followers poll `/live/version` about twice a second with the version they were drawn
at (If-None-Match); it answers 304 until something changed, then the page fetches
itself afresh (static/js/live.js). Without JavaScript a reload shows the current state.
"""
from __future__ import annotations

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from sqlalchemy import bindparam, select

from ..accounts.permissions import is_active_member
from ..accounts.signed_in import ask_with_account, rows_asked_with_account
from ..db import read_rows
from ..domain import Conflict, Invalid, NotFound
from ..extensions import login_manager
from . import bp
from .access import open_as_facilitator, open_cohort
from .forms import ActionForm
from .live import (
    committed_on_screen,
    end_session,
    live_state,
    show_decision,
    start_timer,
    stop_timer,
)
from .live_version import current_version
from .models import FACILITATING, CohortLive, CohortMember
from .pages import programme_for


def _live_url(cohort_id: int) -> str:
    return url_for("cohorts.live_page", cohort_id=cohort_id)


@bp.get("/<id:cohort_id>/live")
@login_required
def live_page(cohort_id: int):
    seat = open_cohort(current_user, cohort_id)
    if not seat.facilitating:
        return render_template("cohorts/live_member.html", seat=seat,
                               state=live_state(seat, current_user))
    return _controls(seat)


def _controls(seat, status: int = 200, errors: dict[str, str] | None = None):
    """The facilitator's page; a refused form comes back with its message (422)."""
    return render_template("cohorts/live.html", seat=seat, state=live_state(seat, current_user),
                           programme=programme_for(current_user, seat), form=ActionForm(),
                           errors=errors or {}, minutes=request.form.get("minutes", "")), status


@bp.get("/<id:cohort_id>/live/projector")
@login_required
def projector(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    return render_template("cohorts/projector.html", seat=seat,
                           state=live_state(seat, current_user))


# What the poll needs besides the account: the person's part in the cohort and its live
# row, asked with the account's own statement (accounts/signed_in.ask_with_account).
_FOLLOWER = (
    select(CohortMember.role, CohortLive.version, CohortLive.decision_id)
    .outerjoin(CohortLive, CohortLive.cohort_id == CohortMember.cohort_id)
    .where(CohortMember.cohort_id == bindparam("cohort_id"),
           CohortMember.user_id == bindparam("user_id"))
)


@bp.get("/<id:cohort_id>/live/version")
def live_version(cohort_id: int):
    """The version this person's live pages were drawn at: members follow facilitator
    actions; facilitators (the controls, the projector) also each new commitment.

    Asked twice a second by every follower, so it costs one statement: no page is drawn
    and no account fact is read."""
    ask_with_account(_FOLLOWER, {"cohort_id": cohort_id}, facts=False)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    rows = rows_asked_with_account(_FOLLOWER)
    if rows is None:  # the account was loaded some other way
        rows = read_rows(_FOLLOWER, {"cohort_id": cohort_id, "user_id": current_user.id}).all()
    found = rows[0] if rows else None
    if found is None or not is_active_member(current_user):
        raise NotFound()
    tag = str(current_version(cohort_id, found.version or 0))
    if found.role in FACILITATING:
        tag += f"-{committed_on_screen(cohort_id, found.decision_id)}"
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = jsonify(version=tag)
    response.set_etag(tag)
    return response


@bp.post("/<id:cohort_id>/live/show")
@login_required
def live_show(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    decision_id = request.form.get("decision", "").strip()
    if not decision_id.isascii() or not decision_id.isdigit():
        return _controls(seat, 422, {"decision": "Choose a decision of the programme."})
    if len(decision_id) > 18:  # beyond any id: exactly like an unknown one
        raise NotFound()
    show_decision(seat, int(decision_id))
    flash("The decision is on screen: members following the session see it now.", "success")
    return redirect(_live_url(cohort_id), code=303)


@bp.post("/<id:cohort_id>/live/timer")
@login_required
def live_timer(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    try:
        start_timer(seat, request.form.get("minutes", ""))
    except Invalid as problem:
        return _controls(seat, 422, {"minutes": str(problem)})
    except Conflict as problem:
        return _controls(seat, 409, {"minutes": str(problem)})
    flash("The timer is running.", "success")
    return redirect(_live_url(cohort_id), code=303)


@bp.post("/<id:cohort_id>/live/<any('stop-timer', end):action>")
@login_required
def live_stop(cohort_id: int, action: str):
    seat = open_as_facilitator(current_user, cohort_id)
    if action == "end":
        end_session(seat)
        flash("The session has ended: nothing is on screen.", "info")
    else:
        stop_timer(seat)
        flash("The timer is stopped.", "info")
    return redirect(_live_url(cohort_id), code=303)
