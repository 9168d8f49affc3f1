"""What the decision partial shows for one decision, loaded once per page.

Templates call `decision_panel(decision, case, view)`; the first call of a request
loads the reader's commitments and reflections on the case (one query) and the
distributions of every unlocked decision on the page (one GROUP BY query).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_login import current_user
from sqlalchemy import select

from ..cases.models import Decision
from ..extensions import db
from .distribution import Distribution, distributions_for
from .forms import CommitForm, ReflectionForm
from .gate import VisibleDecision
from .models import Commitment, Reflection
from .progress import progress_for
from .scoring import brier_score, hindsight_gap


@dataclass
class DecisionPanel:
    decision: VisibleDecision
    mode: str  # "sign-in" | "commit" | "preview" | "sealed" | "revealed"
    commitment: Commitment | None = None
    reflection: Reflection | None = None
    distribution: Distribution | None = None
    commit_form: CommitForm | None = None
    reflection_form: ReflectionForm | None = None

    @property
    def forecast_open(self) -> bool:
        """The sealed forecast probability shows only after the hindsight check."""
        return self.reflection is not None

    @property
    def matched(self) -> bool | None:
        """Whether the sealed option is the organization's real choice (None while hidden)."""
        if self.commitment is None or self.decision.actual_choice is None:
            return None
        return self.commitment.option_label == self.decision.actual_choice

    @property
    def forecast_happened(self) -> bool | None:
        if self.commitment is None or self.commitment.forecast_label is None:
            return None
        if self.decision.actual_choice is None:
            return None
        return self.commitment.forecast_label == self.decision.actual_choice

    @property
    def brier(self) -> float | None:
        if not self.forecast_open or self.forecast_happened is None:
            return None
        return brier_score(self.commitment.forecast_probability, self.forecast_happened)

    @property
    def hindsight_gap(self) -> int | None:
        if not self.forecast_open or self.forecast_happened is None:
            return None
        if self.reflection.recalled_probability is None:
            return None
        return hindsight_gap(
            self.commitment.forecast_probability,
            self.reflection.recalled_probability,
            self.forecast_happened,
        )

    def option_text(self, label: str | None) -> str | None:
        """The option's inline HTML (already sanitized at import)."""
        return next((o.html for o in self.decision.options if o.label == label), None)


def decision_panel(decision: VisibleDecision, case, view=None) -> DecisionPanel:
    """The reader's panel for a decision the gate let them see."""
    mine, distributions = _load_for_page(case, view, decision)
    distribution = distributions.get(decision.id)
    if not current_user.is_authenticated:
        return DecisionPanel(decision, "sign-in")
    commitment, reflection = mine.get(decision.id, (None, None))
    if commitment is None:
        if decision.unlocked:  # previewing: every part shows, committing waits
            return DecisionPanel(decision, "preview", distribution=distribution)
        form = _pending_forms("commit").get(decision.id) or CommitForm(formdata=None)
        return DecisionPanel(decision, "commit", commit_form=form)
    if not decision.unlocked:
        return DecisionPanel(decision, "sealed", commitment=commitment)
    reflection_form = None
    if reflection is None:
        reflection_form = _pending_forms("reflection").get(decision.id) or ReflectionForm(
            formdata=None
        )
    return DecisionPanel(
        decision,
        "revealed",
        commitment=commitment,
        reflection=reflection,
        distribution=distribution,
        reflection_form=reflection_form,
    )


def keep_form_for_page(kind: str, decision_id: int, form) -> None:
    """Hand a form with errors to the page being re-rendered in this request."""
    _pending_forms(kind)[decision_id] = form


def case_progress(case, cases=None) -> tuple[int, int] | None:
    """(committed, total) for a case; pass the page's cases to load them all in one query."""
    ids = tuple(sorted({c.id for c in (cases or [case])} | {case.id}))
    cache = g.setdefault("_decisions_progress", {})
    if ids not in cache:
        cache[ids] = progress_for(current_user, ids)
    return cache[ids].get(case.id)


def _pending_forms(kind: str) -> dict:
    return g.setdefault(f"_decisions_{kind}_forms", {})


def _load_for_page(case, view, decision: VisibleDecision):
    cache = g.setdefault("_decisions_panels", {})
    if case.id not in cache:
        visible = list(view.decisions) if view is not None else [decision]
        cache[case.id] = (_my_records(case), _distributions(visible))
    mine, distributions = cache[case.id]
    if decision.unlocked and decision.id not in distributions:
        distributions.update(_distributions([decision]))
    return mine, distributions


def _my_records(case) -> dict[int, tuple[Commitment, Reflection | None]]:
    if not current_user.is_authenticated:
        return {}
    rows = db.session.execute(
        select(Commitment, Reflection)
        .join(Decision, Decision.id == Commitment.decision_id)
        .outerjoin(Reflection, Reflection.commitment_id == Commitment.id)
        .where(Commitment.user_id == current_user.id, Decision.case_id == case.id)
    ).all()
    return {c.decision_id: (c, r) for c, r in rows}


def _distributions(visible: list[VisibleDecision]) -> dict[int, Distribution]:
    # Only decisions whose outcome the gate unlocked for this reader: never before commit.
    return distributions_for(d for d in visible if d.unlocked)
