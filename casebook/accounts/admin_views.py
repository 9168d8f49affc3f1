"""Admin pages: find members, change their roles, suspend them; read the dev outbox."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select

from ..contract import page_number
from ..extensions import db, login_manager
from ..listing import listing_of
from ..mail import smtp_configured
from . import bp
from .forms import ConfirmForm, GrantRoleForm, SuspensionForm, UserSearchForm
from .people import mail_of, person_of
from .models import OutboxMessage, User
from .permissions import can_change_role, can_manage_users, can_read_outbox, can_suspend_account
from .roles import RoleError, grant_role, revoke_role
from .suspension import SuspensionError, set_suspension


def requires(check):
    """Anonymous visitors are sent to sign in; signed-in members without `check` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def _load_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/admin/users")
@requires(can_manage_users)
def admin_users():
    form = UserSearchForm(request.args)
    query = select(User).order_by(User.id)
    q = form.q.data if form.validate() else ""
    if q:
        needle = q.lower()
        query = query.where(or_(
            User.email.contains(needle, autoescape=True),
            func.lower(User.display_name).contains(needle, autoescape=True),
        ))
    page = listing_of(db.paginate(query, page=page_number(request.args),
                                  per_page=current_app.config["PAGE_SIZE"], error_out=False),
                      person_of)
    return render_template("accounts/admin/users.html", form=form, page=page, q=q)


@bp.get("/admin/users/<id:user_id>")
@requires(can_manage_users)
def admin_user(user_id: int):
    return _user_page(_load_user(user_id))


def _user_page(user: User, status: int = 200, **refused_form):
    """The member's page; a refused form is shown again, with its errors (and `status`)."""
    forms = {"grant_form": GrantRoleForm(formdata=None), "action_form": ConfirmForm(formdata=None),
             "suspension_form": SuspensionForm(formdata=None), **refused_form}
    return render_template("accounts/admin/user.html", user=person_of(user), **forms), status


def _back_to(user: User):
    return redirect(url_for("accounts.admin_user", user_id=user.id), code=303)


@bp.post("/admin/users/<id:user_id>/roles")
@requires(can_manage_users)
def admin_grant_role(user_id: int):
    user = _load_user(user_id)
    form = GrantRoleForm()
    if not form.validate_on_submit():
        return _user_page(user, 400, grant_form=form)
    if not can_change_role(current_user, user, form.role.data):
        abort(403)
    try:
        changed = grant_role(user, form.role.data)
    except RoleError as problem:
        flash(str(problem), "error")
        return _back_to(user)
    flash(f"{user.display_name} is now {form.role.data}." if changed
          else f"{user.display_name} already was {form.role.data}.", "success")
    return _back_to(user)


@bp.post("/admin/users/<id:user_id>/roles/<role>/revoke")
@requires(can_manage_users)
def admin_revoke_role(user_id: int, role: str):
    user = _load_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not can_change_role(current_user, user, role):
        abort(403)
    try:
        changed = revoke_role(user, role)
    except RoleError as problem:
        flash(str(problem), "error")
        return _back_to(user)
    flash(f"{user.display_name} is no longer {role}." if changed
          else f"{user.display_name} was not {role}.", "success")
    return _back_to(user)


@bp.post("/admin/users/<id:user_id>/suspend")
@requires(can_manage_users)
def admin_suspend(user_id: int):
    return _set_suspension(user_id, suspend=True)


@bp.post("/admin/users/<id:user_id>/unsuspend")
@requires(can_manage_users)
def admin_unsuspend(user_id: int):
    return _set_suspension(user_id, suspend=False)


def _set_suspension(user_id: int, *, suspend: bool):
    user = _load_user(user_id)
    form = SuspensionForm()
    if not form.validate_on_submit():
        return _user_page(user, 400, suspension_form=form)
    if not can_suspend_account(current_user, user):
        abort(403)
    try:
        changed = set_suspension(current_user, user, suspended=suspend, reason=form.reason.data)
    except SuspensionError as problem:
        flash(str(problem), "error")
        return _back_to(user)
    if changed:
        state = "suspended and signed out" if suspend else "no longer suspended"
        flash(f"{user.display_name} is {state}.", "success")
    return _back_to(user)


@bp.get("/admin/outbox")
@requires(can_read_outbox)
def admin_outbox():
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    page = listing_of(db.paginate(query, page=page_number(request.args), per_page=20,
                                  error_out=False), mail_of)
    return render_template("accounts/admin/outbox.html", page=page,
                           smtp=smtp_configured(current_app.config))
