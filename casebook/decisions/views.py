"""Decision routes: commit a choice, add a reflection, read your own track record.

Load -> check access (404 when the decision is not visible to the reader) -> service
-> commit once -> redirect back to the decision (PRG). A form error re-renders the case
page with the reader's text and the message beside the field.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..extensions import db
from . import bp
from .charts import calibration_chart, distribution_chart
from .errors import AlreadyCommitted, AlreadyReflected, DecisionError, DecisionLocked, InvalidChoice
from .forms import CommitForm, ReflectionForm, SharingForm, attach_error
from .panels import case_progress, decision_panel, keep_form_for_page
from .progress import continue_where_you_left_off
from .services import add_reflection, commit_choice, find_commitment, set_track_record_sharing
from .track_record import track_record

bp.add_app_template_global(decision_panel)
bp.add_app_template_global(case_progress)
bp.add_app_template_global(distribution_chart)
bp.add_app_template_global(continue_where_you_left_off)


@bp.post("/cases/<slug>/decisions/<key>/commit")
def commit(slug: str, key: str):
    case, decision = _load_decision(slug, key)
    if not current_user.is_authenticated:
        return _sign_in_first(slug, key)
    form = CommitForm()
    try:
        commit_choice(
            current_user,
            decision,
            option_label=form.option.data or "",
            rationale=form.rationale.data or "",
            confidence=form.confidence.data or "",
            forecast_label=form.forecast_label.data or None,
            forecast_probability=form.forecast_probability.data or None,
        )
    except AlreadyCommitted as refusal:
        db.session.rollback()
        flash(f"{refusal} A commitment is sealed: it cannot be changed or made again.", "warning")
        return _back_to(slug, key)
    except DecisionLocked:
        db.session.rollback()
        abort(404)  # the decision's prompt is hidden from this reader: say nothing of it
    except InvalidChoice as problem:
        db.session.rollback()
        attach_error(form, problem.field, str(problem))
        keep_form_for_page("commit", decision.id, form)
        return _case_page_again(slug)
    db.session.commit()
    flash("Your choice is sealed. Here is what really happened.", "success")
    return _back_to(slug, key)


@bp.post("/cases/<slug>/decisions/<key>/reflection")
def reflect(slug: str, key: str):
    case, decision = _load_decision(slug, key)
    if not current_user.is_authenticated:
        return _sign_in_first(slug, key)
    commitment = find_commitment(current_user.id, decision.id)
    if commitment is None:
        abort(404)  # nothing to reflect on, and the outcome is not open to this reader
    form = ReflectionForm()
    try:
        add_reflection(
            current_user,
            commitment,
            hindsight_rating=form.hindsight_rating.data or "",
            would_change=form.would_change.data or "",
            note=form.note.data or "",
            recalled_probability=form.recalled_probability.data,
        )
    except AlreadyReflected as refusal:
        db.session.rollback()
        flash(f"{refusal} A reflection, like a commitment, is kept as written.", "warning")
        return _back_to(slug, key)
    except DecisionLocked:
        db.session.rollback()
        abort(404)
    except InvalidChoice as problem:
        db.session.rollback()
        attach_error(form, problem.field, str(problem))
        keep_form_for_page("reflection", decision.id, form)
        return _case_page_again(slug)
    except DecisionError:
        db.session.rollback()
        abort(403)
    db.session.commit()
    flash("Your reflection is saved beside your sealed choice.", "success")
    return _back_to(slug, key)


@bp.get("/me/decisions")
@login_required
def my_decisions():
    record = track_record(current_user)
    return render_template(
        "decisions/track_record.html",
        record=record,
        chart=calibration_chart(record.calibration),
        in_progress=continue_where_you_left_off(current_user),
        sharing_form=SharingForm(formdata=None),
    )


@bp.post("/me/decisions/sharing")
@login_required
def sharing():
    form = SharingForm()
    set_track_record_sharing(current_user, form.share_with_cohorts.data == "yes")
    db.session.commit()
    flash("Your sharing setting is saved.", "success")
    return redirect(url_for("decisions.my_decisions", _anchor="sharing"), code=303)


def _load_decision(slug: str, key: str):
    from ..cases.views import load_published_case  # cases' own loader: 404 unless published

    case = load_published_case(slug)
    decision = next((d for d in case.decisions if d.key == key), None)
    if decision is None:
        abort(404)
    return case, decision


def _case_page_again(slug: str) -> tuple[str, int]:
    """The case page as the reader saw it, with the form errors beside the fields."""
    from ..cases.views import case_page

    return case_page(slug), 422


def _back_to(slug: str, key: str) -> Response:
    return redirect(url_for("cases.case_page", slug=slug, _anchor=f"decision-{key}"), code=303)


def _sign_in_first(slug: str, key: str) -> Response:
    flash("Sign in to commit your choice.", "warning")
    target = url_for("cases.case_page", slug=slug) + f"#decision-{key}"
    return redirect(url_for("accounts.login", next=target), code=303)
