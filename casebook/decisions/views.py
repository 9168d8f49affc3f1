"""Decision routes: commit a choice, add a reflection, read your own track record.

Load through the reading model first (a decision hidden from the reader answers 404,
exactly like one that does not exist, before any sign-in redirect or validation) ->
service -> the request contract commits -> redirect (PRG) to the part of the case page
the write opened (the outcome, the reflection), with the confirmation shown right there
(casebook/notices.py). A form error re-renders the case page with the reader's text and
every message beside its field (422; 400 when the text policy refused the field,
casebook/text_policy.py); the first field in error takes the focus. A GET
on a write's address (a reload, a copied address bar) goes back to the decision.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import notices
from ..contract import Refused
from ..domain import NotFound
from . import bp
from .case_page import load_document, render_case_page
from .charts import calibration_chart
from .errors import AlreadyCommitted, AlreadyReflected, InvalidChoice
from .forms import CommitForm, ReflectionForm, SharingForm, attach_errors
from .panels import in_progress_cases
from .reading import DecisionView, closed_decisions, read_case
from .services import add_reflection, commit_choice, set_track_record_sharing
from .track_record import track_record


@bp.get("/cases/<slug>/decisions/<key>/commit", endpoint="commit_address")
@bp.get("/cases/<slug>/decisions/<key>/reflection", endpoint="reflection_address")
def write_address(slug: str, key: str):
    """The address bar after a form error holds a write's address: a reload of it (a GET)
    goes back to the decision. Nothing is looked up, so a hidden decision and a made-up
    one answer alike (the case page then decides what the reader may see)."""
    return redirect(url_for("decisions.case_page", slug=slug, _anchor=f"decision-{key}"), code=303)


@bp.post("/cases/<slug>/decisions/<key>/commit")
def commit(slug: str, key: str):
    def seal(form: CommitForm, decision: DecisionView) -> None:
        commit_choice(
            current_user,
            decision,
            option_label=form.option.data or "",
            rationale=form.rationale.data or "",
            confidence=form.confidence.data or "",
            forecast_label=form.forecast_label.data or None,
            forecast_probability=form.forecast_probability.data or None,
            knew_outcome=form.knew_outcome.data == "yes",
        )

    def done(decision: DecisionView) -> str:
        if decision.held:  # a cohort holds the reveal: the outcome is not shown yet
            return "Your choice is sealed. The outcome opens when your facilitator reveals it."
        return "Your choice is sealed. Here is what really happened."

    return _write_on_decision(
        slug, key, CommitForm, "commit_forms", seal, lands_on=_sealed_part, done=done,
        refuse_closed=True,
        again="A commitment is sealed: it cannot be changed or made again.",
    )


@bp.post("/cases/<slug>/decisions/<key>/reflection")
def reflect(slug: str, key: str):
    def reflect_on(form: ReflectionForm, decision: DecisionView) -> None:
        add_reflection(
            current_user,
            decision,
            hindsight_rating=form.hindsight_rating.data or "",
            would_change=form.would_change.data or "",
            note=form.note.data or "",
            recalled_probability=form.recalled_probability.data,
        )

    return _write_on_decision(
        slug, key, ReflectionForm, "reflection_forms", reflect_on,
        lands_on=lambda _decision: "reflection",
        done=lambda _decision: "Your reflection is saved beside your sealed choice.",
        again="A reflection, like a commitment, is kept as written.",
    )


def _write_on_decision(slug: str, key: str, form_class, forms_argument: str, write, *,
                       lands_on: Callable[[DecisionView], str],
                       done: Callable[[DecisionView], str], again: str,
                       refuse_closed: bool = False):
    """The one way a leader writes on a decision: load through the reading model, send
    the signed-out to sign in, refuse a commitment a cohort has closed (409), then the
    form's text policy (a refused field is shown beside it, 400) and the service's rules
    (422); a second sealed write is a notice. Success and refusal both land on the part
    `lands_on` names, with the message there."""
    view, decision = _load_decision(slug, key)
    if not current_user.is_authenticated:
        return _sign_in_first(slug, key)
    if refuse_closed and decision.mode == "commit" and decision.id in closed_decisions(
        current_user, [view.facts.id]
    ):
        # Refused before the form is read: nothing the reader sent is kept or judged.
        flash("Commitments on this decision are closed: your facilitator has moved the "
              "cohort on. Your choice was not recorded; you can still read the case.", "warning")
        return render_case_page(view), 409
    form = form_class()
    try:
        if form.validate():
            write(form, decision)
            return _back_to(slug, key, lands_on(decision), done(decision))
    except InvalidChoice as problem:
        attach_errors(form, problem)
    except (AlreadyCommitted, AlreadyReflected) as refusal:  # a second tab or a double click
        return _back_to(slug, key, lands_on(decision), f"{refusal} {again}", "warning")
    return render_case_page(view, **{forms_argument: {decision.id: form}}), 422


@bp.get("/me/decisions")
@login_required
def my_decisions():
    known = request.args.get("known", "exclude")
    if known not in ("exclude", "include"):
        raise Refused("Choices made knowing the outcome are either included or excluded.")
    record = track_record(current_user, include_known=known == "include")
    return render_template(
        "decisions/track_record.html",
        record=record,
        chart=calibration_chart(record.calibration),
        in_progress=in_progress_cases(current_user),
        sharing_form=SharingForm(formdata=None),
        notice=notices.take_for("sharing"),
    )


@bp.post("/me/decisions/sharing")
@login_required
def sharing():
    form = SharingForm()
    if not form.validate():  # a checkbox: only the text policy refuses it (the 400 page)
        abort(400)
    set_track_record_sharing(current_user, form.share_with_cohorts.data == "yes")
    notices.leave("sharing", "Your sharing setting is saved.")
    return redirect(url_for("decisions.my_decisions", _anchor="sharing"), code=303)


def _load_decision(slug: str, key: str) -> tuple:
    """The reader's view of the case and of the decision; 404 unless its prompt is visible.

    Read as a leader (never as a previewer): committing needs the real unlocks.
    """
    view = read_case(current_user, load_document(slug))
    decision: DecisionView | None = view.decision(key)
    if decision is None:
        raise NotFound()
    return view, decision


def _sealed_part(decision: DecisionView) -> str:
    return "sealed" if decision.held else "outcome"


def _back_to(slug: str, key: str, part: str, message: str, kind: str = "success") -> Response:
    """303 to the part of the decision the write opened, with `message` shown there."""
    anchor = f"decision-{key}-{part}"
    notices.leave(anchor, message, kind)
    return redirect(url_for("decisions.case_page", slug=slug, _anchor=anchor), code=303)


def _sign_in_first(slug: str, key: str) -> Response:
    flash("Sign in to commit your choice.", "warning")
    target = url_for("decisions.case_page", slug=slug) + f"#decision-{key}"
    return redirect(url_for("accounts.login", next=target), code=303)
