"""Cohort routes: my cohorts, starting one, its page (the programme), its details, leaving.

Load (a cohort answers 404 to anyone not in it) -> check the role -> service -> the
request contract commits -> redirect (PRG). A form refused by the rules is drawn again
with the reader's text and every message beside its field (422).
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..config import LEVELS
from ..domain import Invalid, NotAllowed
from . import bp
from .access import open_cohort
from .fields import known_time_zones
from .forms import ActionForm, CohortForm, attach_errors
from .pages import my_cohorts, programme_for
from .permissions import can_create_cohort, can_edit_cohort, can_leave
from .services import create_cohort, edit_cohort, leave_cohort


def cohort_url(cohort_id: int, **anchor) -> str:
    return url_for("cohorts.cohort_page", cohort_id=cohort_id, **anchor)


def _cohort_form_page(form: CohortForm, seat=None, status: int = 200):
    return render_template(
        "cohorts/cohort_form.html", form=form, seat=seat, levels=LEVELS,
        time_zones=sorted(known_time_zones()),
    ), status


@bp.get("")
@login_required
def my_cohorts_page():
    return render_template("cohorts/my_cohorts.html", cards=my_cohorts(current_user),
                           may_create=can_create_cohort(current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_cohort():
    if not can_create_cohort(current_user):
        raise NotAllowed("Only facilitators and admins can start a cohort.")
    form = CohortForm(data={"time_zone": "UTC"} if not form_sent() else None)
    if not form_sent():
        return _cohort_form_page(form)
    try:
        cohort = create_cohort(current_user, form.name.data, form.description.data,
                               form.time_zone.data, form.level.data)
    except Invalid as problem:
        attach_errors(form, problem)
        return _cohort_form_page(form, status=422)
    flash(f"{cohort.name} is ready. Invite its members and build its programme.", "success")
    return redirect(cohort_url(cohort.id), code=303)


@bp.get("/<id:cohort_id>")
@login_required
def cohort_page(cohort_id: int):
    seat = open_cohort(current_user, cohort_id)
    return render_template(
        "cohorts/cohort.html", seat=seat, programme=programme_for(current_user, seat),
        may_edit=can_edit_cohort(seat.role), may_leave=can_leave(seat.role),
        form=ActionForm(),
    )


@bp.route("/<id:cohort_id>/edit", methods=["GET", "POST"])
@login_required
def edit_cohort_page(cohort_id: int):
    seat = open_cohort(current_user, cohort_id)
    if not can_edit_cohort(seat.role):
        raise NotAllowed("Only the cohort's lead facilitator can change its details.")
    facts = seat.cohort
    form = CohortForm(data=None if form_sent() else {
        "name": facts.name, "description": facts.description, "time_zone": facts.time_zone,
        "level": facts.level or ""})
    if not form_sent():
        return _cohort_form_page(form, seat)
    try:
        edit_cohort(seat, form.name.data, form.description.data, form.time_zone.data,
                    form.level.data)
    except Invalid as problem:
        attach_errors(form, problem)
        return _cohort_form_page(form, seat, 422)
    flash("The cohort's details are saved.", "success")
    return redirect(cohort_url(cohort_id), code=303)


@bp.post("/<id:cohort_id>/leave")
@login_required
def leave(cohort_id: int):
    seat = open_cohort(current_user, cohort_id)
    leave_cohort(current_user, seat)
    flash(f"You left {seat.cohort.name}.", "info")
    return redirect(url_for("cohorts.my_cohorts_page"), code=303)


def form_sent() -> bool:
    return request.method == "POST"
