"""Your account: profile, password, email address, your data, deletion; public profiles."""
from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..contract import form_status
from . import bp
from .people import person_of
from .export import export_user_data
from .forms import ChangeEmailForm, ChangePasswordForm, ConfirmForm, DeleteAccountForm, ProfileForm
from .models import User
from .permissions import can_view_profile
from .services import (
    AccountError,
    change_password,
    confirm_email_change,
    delete_account,
    email_change_for,
    request_email_change,
    update_profile,
)
from .sessions import end_session, restart_session


@bp.get("/account")
@login_required
def account():
    return render_template("accounts/account.html", user=person_of(current_user))


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def edit_profile():
    user = current_user.row()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        try:
            update_profile(
                user,
                display_name=form.display_name.data,
                level=form.level.data or None,
                function=form.function.data,
                industry=form.industry.data,
                years_experience=form.years_experience.data,
                profile_public=bool(form.profile_public.data),
            )
        except AccountError as problem:  # the name is taken (by a look-alike)
            form.display_name.errors = [str(problem)]
        else:
            flash("Your profile has been saved.", "success")
            return redirect(url_for("accounts.edit_profile"), code=303)
    return render_template("accounts/profile_form.html", form=form, user=person_of(user)), form_status()


@bp.get("/people/<id:user_id>")
def profile(user_id: int):
    user = db.session.get(User, user_id)
    # A private profile is private whether or not it exists: 404 either way.
    if not can_view_profile(current_user, user):
        abort(404)
    return render_template("accounts/profile.html", user=person_of(user))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password_page():
    user = current_user.row()
    form = ChangePasswordForm()
    form.account = user
    if form.validate_on_submit():
        try:
            change_password(user, form.current_password.data, form.new_password.data)
        except AccountError as problem:
            form.current_password.errors.append(str(problem))
        else:
            restart_session(user)
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(url_for("accounts.account"), code=303)
    return render_template("accounts/change_password.html", form=form), form_status()


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    user = current_user.row()
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            request_email_change(user, form.current_password.data, form.email.data)
        except AccountError as problem:
            field = form.current_password if problem.field == "current_password" else form.email
            field.errors.append(str(problem))
        else:
            return render_template("accounts/check_email.html", purpose="email",
                                   address=form.email.data)
    return render_template("accounts/change_email.html", form=form, user=person_of(user)), form_status()


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"],
          endpoint="confirm_email_change")
@login_required
def confirm_email_change_page(token: str):
    user = current_user.row()
    form = ConfirmForm()
    try:
        new_email = email_change_for(user, token)
        if form.validate_on_submit():
            confirm_email_change(user, token)
            flash(f"Your address is now {new_email}.", "success")
            return redirect(url_for("accounts.account"), code=303)
    except AccountError as problem:
        return render_template("accounts/link_problem.html", message=str(problem)), 400
    return render_template("accounts/confirm_email_change.html", form=form, new_email=new_email), form_status()


@bp.get("/account/export")
@login_required
def export_data():
    data = export_user_data(current_user.row())
    body = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)
    # Never stored by a cache: casebook.security marks every such answer private, no-store.
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="casebook-my-data.json"',
    })


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account_page():
    user = current_user.row()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            delete_account(user, form.password.data)
        except AccountError as problem:
            form.password.errors.append(str(problem))
        else:
            end_session()
            flash("Your account has been deleted. Your posts stay, signed as a former member.",
                  "info")
            return redirect(url_for("cases.library"), code=303)
    return render_template("accounts/delete_account.html", form=form), form_status()
