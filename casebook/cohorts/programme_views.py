"""Running the programme: assign cases with dates and notes, change or remove them, and
per assigned decision hold or reveal its outcome, close or reopen commitments."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..domain import Conflict, Invalid, NotFound
from . import bp
from .access import open_as_facilitator
from .cold_call import cold_call, latest_calls
from .forms import ActionForm, AssignmentForm, attach_errors
from .pages import assignable_cases, programme_for
from .programme import (
    assign_case,
    close_commitments,
    edit_assignment,
    hold_reveal,
    remove_assignment,
    reopen_commitments,
    reveal,
)


def _programme_url(cohort_id: int, **anchor) -> str:
    return url_for("cohorts.programme", cohort_id=cohort_id, **anchor)


def _programme_page(seat, form=None, status: int = 200):
    return render_template(
        "cohorts/programme.html", seat=seat, programme=programme_for(current_user, seat),
        cases=assignable_cases(seat), calls=latest_calls(seat),
        form=form or AssignmentForm(formdata=None, data={"hold": "yes"}),
        action_form=ActionForm(),
    ), status


@bp.get("/<id:cohort_id>/programme")
@login_required
def programme(cohort_id: int):
    return _programme_page(open_as_facilitator(current_user, cohort_id))


@bp.post("/<id:cohort_id>/programme")
@login_required
def assign(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    form = AssignmentForm()
    try:
        assign_case(seat, form.case.data, form.due_date.data, form.due_time.data,
                    form.notes.data, hold=form.hold.data == "yes")
    except Invalid as problem:
        attach_errors(form, problem)
        return _programme_page(seat, form, 422)
    flash("The case is in the programme.", "success")
    return redirect(_programme_url(cohort_id), code=303)


@bp.route("/<id:cohort_id>/programme/<id:assignment_id>", methods=["GET", "POST"])
@login_required
def edit_assignment_page(cohort_id: int, assignment_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    item = next((i for i in programme_for(current_user, seat)
                 if i.assignment_id == assignment_id), None)
    if item is None:
        raise NotFound()
    if request.method == "GET":
        form = AssignmentForm(formdata=None, data={
            "due_date": item.due_date, "due_time": item.due_time, "notes": item.notes_source})
        return render_template("cohorts/assignment_form.html", seat=seat, item=item, form=form)
    form = AssignmentForm()
    try:
        edit_assignment(seat, assignment_id, form.due_date.data, form.due_time.data,
                        form.notes.data)
    except Invalid as problem:
        attach_errors(form, problem)
        return render_template("cohorts/assignment_form.html", seat=seat, item=item,
                               form=form), 422
    flash("The assignment is saved.", "success")
    return redirect(_programme_url(cohort_id), code=303)


@bp.post("/<id:cohort_id>/programme/<id:assignment_id>/remove")
@login_required
def unassign(cohort_id: int, assignment_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    remove_assignment(seat, assignment_id)
    flash("The case is out of the programme; nothing of it is held any more.", "info")
    return redirect(_programme_url(cohort_id), code=303)


_STATE_CHANGES = {
    "hold": (hold_reveal, "The reveal is held: members who commit see no outcome until you "
                          "reveal it."),
    "reveal": (reveal, "Revealed: the cohort's members who committed now see what really "
                       "happened."),
    "close": (close_commitments, "Commitments are closed: members can no longer commit on "
                                 "this decision."),
    "reopen": (reopen_commitments, "Commitments are open again."),
}


@bp.post("/<id:cohort_id>/decisions/<id:decision_id>/<any(hold, reveal, close, reopen):change>")
@login_required
def change_decision(cohort_id: int, decision_id: int, change: str):
    seat = open_as_facilitator(current_user, cohort_id)
    service, message = _STATE_CHANGES[change]
    service(seat, decision_id)
    flash(message, "success")
    if request.form.get("back") == "live":  # pressed on the live session's controls
        return redirect(url_for("cohorts.live_page", cohort_id=cohort_id), code=303)
    return redirect(_programme_url(cohort_id, _anchor=f"decision-{decision_id}"), code=303)


@bp.post("/<id:cohort_id>/decisions/<id:decision_id>/cold-call")
@login_required
def cold_call_page(cohort_id: int, decision_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    try:
        cold_call(seat, decision_id)
    except Conflict as nobody:  # nothing drawn, nothing stored: say why, where they were
        flash(str(nobody), "info")
        return redirect(_programme_url(cohort_id, _anchor=f"decision-{decision_id}"), code=303)
    return redirect(_programme_url(cohort_id, _anchor=f"call-{decision_id}"), code=303)
