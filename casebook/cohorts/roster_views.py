"""The roster: who is in the cohort; removing a member, making a co-facilitator (and back);
and a member's track record, for the cohort's facilitators once the member shares it.
"""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..accounts.models import User
from ..contract import Refused
from ..decisions.charts import calibration_chart
from ..decisions.track_record import track_record
from ..domain import NotFound
from ..extensions import db
from . import bp
from .access import open_as_facilitator, open_cohort
from .csv_export import cohort_csv
from .dashboard import dashboard
from .debrief import debrief
from .forms import ActionForm
from .roster import member_of, roster_of
from .permissions import can_view_track_record
from .services import make_co_facilitator, make_member, remove_member


@bp.get("/<id:cohort_id>/roster")
@login_required
def roster(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    return render_template("cohorts/roster.html", seat=seat, people=roster_of(seat),
                           form=ActionForm())


_ROSTER_CHANGES = {
    "remove": (remove_member, "{name} is no longer in the cohort.", "info"),
    "co-facilitator": (make_co_facilitator, "{name} now co-facilitates the cohort.", "success"),
    "member": (make_member, "{name} is a member again, no longer a co-facilitator.", "info"),
}


@bp.post("/<id:cohort_id>/members/<id:user_id>/<any(remove, 'co-facilitator', member):change>")
@login_required
def change_member(cohort_id: int, user_id: int, change: str):
    seat = open_as_facilitator(current_user, cohort_id)
    person = member_of(seat, user_id)
    service, message, category = _ROSTER_CHANGES[change]
    service(seat, user_id)
    flash(message.format(name=person.display_name), category)
    return redirect(url_for("cohorts.roster", cohort_id=cohort_id), code=303)


@bp.get("/<id:cohort_id>/members/<id:user_id>/track-record")
@login_required
def member_record(cohort_id: int, user_id: int):
    """The member's own "My decisions" page, read through the reading model as them.

    Private unless shared, and only to the cohort's facilitators: to anyone else it
    answers like no such page (404), members of the cohort included.
    """
    seat = open_cohort(current_user, cohort_id)
    person = member_of(seat, user_id)
    if not can_view_track_record(seat.role, person.shares):
        raise NotFound()
    known = request.args.get("known", "exclude")
    if known not in ("exclude", "include"):
        raise Refused("Choices made knowing the outcome are either included or excluded.")
    member = db.session.get(User, user_id)
    record = track_record(member, include_known=known == "include")
    return render_template(
        "cohorts/member_record.html", seat=seat, person=person, record=record,
        chart=calibration_chart(record.calibration),
        record_endpoint="cohorts.member_record",
        record_args={"cohort_id": cohort_id, "user_id": user_id},
    )


@bp.get("/<id:cohort_id>/export.csv")
@login_required
def export_csv(cohort_id: int):
    """Every member's commitments on the programme, with rationales, for a spreadsheet."""
    seat = open_as_facilitator(current_user, cohort_id)
    return Response(cohort_csv(seat, current_user), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="cohort-{cohort_id}-commitments.csv"'})


@bp.get("/<id:cohort_id>/dashboard")
@login_required
def dashboard_page(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    return render_template("cohorts/dashboard.html", seat=seat, board=dashboard(seat, current_user))


@bp.get("/<id:cohort_id>/debrief")
@login_required
def debrief_page(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    return render_template("cohorts/debrief.html", seat=seat, debrief=debrief(seat, current_user))
