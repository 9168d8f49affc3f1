"""Live session routes: the facilitator's controls and the members' follow page (one
address, drawn by role), the projector, and the facilitator's actions. The version
these pages poll is answered in cohorts/live_poll.py.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..domain import Conflict, Invalid, NotFound
from . import bp
from .access import open_as_facilitator, open_cohort
from .forms import ActionForm
from .live import (
    end_session,
    live_state,
    show_decision,
    start_timer,
    stop_timer,
)
from .live_poll import follow_url
from .pages import programme_for


def _live_url(cohort_id: int) -> str:
    return url_for("cohorts.live_page", cohort_id=cohort_id)


@bp.get("/<id:cohort_id>/live")
@login_required
def live_page(cohort_id: int):
    seat = open_cohort(current_user, cohort_id)
    if not seat.facilitating:
        return render_template("cohorts/live_member.html", seat=seat,
                               state=live_state(seat, current_user),
                               follow=follow_url(seat, current_user))
    return _controls(seat)


def _controls(seat, status: int = 200, errors: dict[str, str] | None = None):
    """The facilitator's page; a refused form comes back with its message (422)."""
    return render_template("cohorts/live.html", seat=seat, state=live_state(seat, current_user),
                           programme=programme_for(current_user, seat), form=ActionForm(),
                           follow=follow_url(seat, current_user),
                           errors=errors or {}, minutes=request.form.get("minutes", "")), status


@bp.get("/<id:cohort_id>/live/projector")
@login_required
def projector(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    return render_template("cohorts/projector.html", seat=seat,
                           state=live_state(seat, current_user),
                           follow=follow_url(seat, current_user))


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
