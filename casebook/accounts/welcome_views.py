"""The welcome page a new member lands on once their account is confirmed.

It asks one question, the level they lead at (it groups their choices with those of
leaders at the same level), and then leads on: to the decision they were reading when
they registered (`next`), or to the library.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..security import safe_redirect_target
from ..contract import form_status
from . import bp
from .forms import LEVEL_DESCRIPTIONS, WelcomeForm
from .services import update_profile


@bp.route("/welcome", methods=["GET", "POST"])
@login_required
def welcome():
    form = WelcomeForm(level=current_user.level)
    if request.method == "GET":
        form.next.data = request.args.get("next", "")[:2000]
    if form.validate_on_submit():
        update_profile(current_user.row(), level=form.level.data)
        flash("Your level is saved. You can change it in your profile at any time.", "success")
        return redirect(_onward(form.next.data), code=303)
    # Only a safe target is carried on, in the form and in the "skip" link.
    form.next.data = safe_redirect_target(form.next.data, "")
    return render_template("accounts/welcome.html", form=form, onward=_onward(form.next.data),
                           returns_to_a_case=bool(form.next.data),
                           descriptions=LEVEL_DESCRIPTIONS), form_status()


def _onward(target: str | None) -> str:
    return safe_redirect_target(target, url_for("cases.library"))
