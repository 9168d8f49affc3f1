"""Invitations: the facilitators' list (make a link, invite by email, revoke), and the
invitation's own page, where anyone with the code signs in or registers and joins.

A code that never existed answers 404, one that expired, was revoked or is used up 410;
both pages say what to do, and nothing changes.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..domain import Invalid, NotFound
from ..errors import error_response
from . import bp
from .access import open_as_facilitator, role_in
from .forms import ActionForm, EmailInvitationForm, JoinCodeForm, LinkInvitationForm, attach_errors
from .invitations import (
    InvitationGone,
    create_link,
    invitations_of,
    invite_by_email,
    join,
    normalize_code,
    open_invitation,
    revoke,
    shown,
)
from .views import cohort_url


def _invitations_page(seat, link_form=None, email_form=None, status: int = 200):
    return render_template(
        "cohorts/invitations.html", seat=seat, invitations=invitations_of(seat),
        link_form=link_form or LinkInvitationForm(formdata=None),
        email_form=email_form or EmailInvitationForm(formdata=None), form=ActionForm(),
    ), status


@bp.get("/<id:cohort_id>/invitations")
@login_required
def invitations(cohort_id: int):
    return _invitations_page(open_as_facilitator(current_user, cohort_id))


@bp.post("/<id:cohort_id>/invitations")
@login_required
def new_link(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    form = LinkInvitationForm()
    try:
        invitation = create_link(seat, current_user, form.days.data, form.max_uses.data)
    except Invalid as problem:
        attach_errors(form, problem)
        return _invitations_page(seat, link_form=form, status=422)
    flash(f"New invitation: code {shown(invitation.code)}. Share the code or its link.",
          "success")
    return redirect(url_for("cohorts.invitations", cohort_id=cohort_id), code=303)


@bp.post("/<id:cohort_id>/invitations/email")
@login_required
def email_invitations(cohort_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    form = EmailInvitationForm()
    try:
        sent = invite_by_email(seat, current_user, form.emails.data, form.days.data)
    except Invalid as problem:
        attach_errors(form, problem)
        return _invitations_page(seat, email_form=form, status=422)
    flash(f"Invitations sent to {len(sent)} {'address' if len(sent) == 1 else 'addresses'}.",
          "success")
    return redirect(url_for("cohorts.invitations", cohort_id=cohort_id), code=303)


@bp.post("/<id:cohort_id>/invitations/<id:invitation_id>/revoke")
@login_required
def revoke_invitation(cohort_id: int, invitation_id: int):
    seat = open_as_facilitator(current_user, cohort_id)
    revoke(seat, invitation_id)
    flash("The invitation is revoked: its code and link no longer open the cohort.", "info")
    return redirect(url_for("cohorts.invitations", cohort_id=cohort_id), code=303)


@bp.get("/join")
def join_with_code():
    """Type a code; a code found leads to its invitation page."""
    form = JoinCodeForm(request.args)
    if "code" not in request.args:
        return render_template("cohorts/join_code.html", form=form)
    code = normalize_code(request.args.get("code"))
    if code is None:
        form.code.errors = ["An invitation code has 12 letters and digits, such as "
                            "ABCD-EFGH-JKMN. Check it and try again."]
        return render_template("cohorts/join_code.html", form=form), 422
    return redirect(url_for("cohorts.invitation", code=code), code=303)


@bp.get("/join/<code>")
def invitation(code: str):
    try:
        invited = open_invitation(code)
    except (NotFound, InvitationGone) as problem:
        return _refused(problem)
    here = url_for("cohorts.invitation", code=invited.code)
    member = current_user.is_authenticated and role_in(current_user, invited.cohort_id) is not None
    return render_template("cohorts/invitation.html", invited=invited, here=here,
                           already_in=member, form=ActionForm())


@bp.post("/join/<code>")
@login_required
def accept(code: str):
    try:
        cohort_id, joined = join(current_user, code)
    except (NotFound, InvitationGone) as problem:
        return _refused(problem)
    if joined:
        flash("Welcome to the cohort. Here is its programme.", "success")
    else:
        flash("You are already in this cohort.", "info")
    return redirect(cohort_url(cohort_id), code=303)


def _refused(problem):
    if isinstance(problem, InvitationGone):
        return error_response(410, str(problem))
    return error_response(404, "There is no invitation with this code. Check the link or "
                               "the code, or ask your facilitator for a new one.")
