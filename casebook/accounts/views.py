"""Signing in and out, registration and password reset.

Registration never says whether an address has an account: every valid form leads to
"check your email". A new address gets a confirmation link (the account is created, and
signed in, when the link is confirmed); an existing one gets a notice instead.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import AnonymousUserMixin, current_user

from ..extensions import db, login_manager
from ..security import safe_redirect_target
from . import bp
from .forms import ConfirmForm, RegisterForm, ResetPasswordForm, ResetRequestForm, SignInForm
from .permissions import TEMPLATE_GLOBALS
from .ratelimits import (
    note_failed_sign_in,
    password_reset_limits,
    registration_limits,
    sign_in_limits,
)
from .services import (
    AccountError,
    authenticate,
    confirm_registration,
    pending_registration_for,
    registration_next_path,
    request_password_reset,
    set_password,
    start_registration,
    user_for_reset_token,
)
from .session_records import user_for_login_id
from .sessions import end_session, start_session


class Anonymous(AnonymousUserMixin):
    def has_role(self, role: str) -> bool:
        return False


login_manager.anonymous_user = Anonymous
login_manager.login_view = "accounts.login"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"
# What Flask-Login keeps in the cookies: the user id and this sign-in's random key.
login_manager.id_attribute = "login_id"


@login_manager.user_loader
def load_user(login_id: str):
    # Every signed-in request starts here: session record, user and roles in one query.
    return user_for_login_id(login_id)


@bp.record_once
def _template_globals(state) -> None:
    state.app.jinja_env.globals.update(TEMPLATE_GLOBALS)


def _home() -> str:
    return url_for("cases.library")


# --- sign in and out ----------------------------------------------------------------

@bp.route("/sign-in", methods=["GET", "POST"], endpoint="login")
@sign_in_limits
def login():
    form = SignInForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")[:2000]
        if current_user.is_authenticated:
            return redirect(safe_redirect_target(form.next.data, _home()))
    error = None
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            error = "The email address or password is not correct."
        elif user.is_suspended:
            error = "This account is suspended. Contact the site's administrator."
        elif start_session(user, remember=form.remember.data):
            db.session.commit()
            return redirect(safe_redirect_target(form.next.data, _home()), code=303)
    if request.method == "POST":
        note_failed_sign_in()
    # The page carries only a safe target on: a hostile one from a link would otherwise
    # sit in the hidden field, and the text policy would refuse every attempt to sign in.
    form.next.data = safe_redirect_target(form.next.data, "")
    return render_template("accounts/sign_in.html", form=form, error=error)


@bp.post("/sign-out", endpoint="logout")
def logout():
    # CSRF-protected like every POST; anonymous visitors are simply sent home.
    end_session()
    db.session.commit()
    flash("You are signed out.", "info")
    return redirect(_home(), code=303)


# --- registration -------------------------------------------------------------------

@bp.route("/register", methods=["GET", "POST"])
@registration_limits
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")[:2000]
    if form.validate_on_submit():
        start_registration(form.email.data, form.display_name.data, form.new_password.data,
                           next_path=safe_redirect_target(form.next.data, ""))
        db.session.commit()
        return redirect(url_for("accounts.registration_sent"), code=303)
    form.next.data = safe_redirect_target(form.next.data, "")
    return render_template("accounts/register.html", form=form)


@bp.get("/register/check-email")
def registration_sent():
    return render_template("accounts/check_email.html", purpose="register")


@bp.route("/register/confirm/<token>", methods=["GET", "POST"], endpoint="confirm_registration")
def confirm_registration_page(token: str):
    form = ConfirmForm()
    try:
        pending = pending_registration_for(token)
        if form.validate_on_submit():
            user = confirm_registration(token)
            start_session(user, remember=False)
            db.session.commit()
            flash(f"Welcome, {user.display_name}. Your account is ready.", "success")
            # Back to where registration started (an invitation to a cohort, say).
            target = safe_redirect_target(registration_next_path(token), url_for("accounts.account"))
            return redirect(target, code=303)
    except AccountError as problem:
        db.session.rollback()
        return render_template("accounts/link_problem.html", message=str(problem)), 400
    return render_template("accounts/confirm_registration.html", form=form, pending=pending)


# --- password reset -----------------------------------------------------------------

@bp.route("/password-reset", methods=["GET", "POST"])
@password_reset_limits
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data)
        db.session.commit()
        return redirect(url_for("accounts.reset_sent"), code=303)
    return render_template("accounts/reset_request.html", form=form)


@bp.get("/password-reset/check-email")
def reset_sent():
    return render_template("accounts/check_email.html", purpose="reset")


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = user_for_reset_token(token)
    except AccountError as problem:
        return render_template("accounts/link_problem.html", message=str(problem),
                               retry=url_for("accounts.request_reset")), 400
    form = ResetPasswordForm()
    form.account = user
    if form.validate_on_submit():
        set_password(user, form.new_password.data)
        signed_in = start_session(user, remember=False)
        db.session.commit()
        if not signed_in:
            end_session()
            flash("Your password has been changed, but this account is suspended.", "info")
            return redirect(_home(), code=303)
        flash("Your password has been changed. Other devices have been signed out.", "success")
        return redirect(url_for("accounts.account"), code=303)
    return render_template("accounts/reset_password.html", form=form, token=token)
