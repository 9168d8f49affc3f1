"""The reading model: one reader's view of a case, built in one place.

Three inputs: the case snapshot (cases/documents.py), the reader's own records
(commitments and reflections, one query for any number of cases: records.py) and
whatever holds a decision back (providers of the "reader.holds" panel slot: cohorts).
The output is plain frozen data holding only what this reader may see: the case's
facts, the visible parts, and per decision the prompt and options, the reader's
commitment and reflection, and only once unlocked the real choice, outcome,
hindsight, the distribution of all leaders' choices and, if the reader committed
under an earlier version whose text of the decision differs, that text
(committed_version.py). The case page, the track record, debates, notifications,
exports and the JSON API are all built from it; templates never see a model or a
snapshot.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import bindparam, select

from .. import clock
from ..accounts.signed_in import ask_with_account, rows_asked_with_account
from ..cases.documents import CaseDocument, published_case_document, published_documents, snapshot
from ..cases.models import Decision
from ..cases.unfolding import CaseFacts, ReaderState, VisibleDecision, VisibleSection, unfold
from ..db import read_rows
from ..panels import gather
from .committed_version import DecisionThen, committed_under_another, decisions_then
from .distribution import Distribution, distributions_for
from .hindsight import reflection_waits_until
from .records import CASE_WITH_RECORDS, MyCommitment, MyReflection, read_records, record_of
from .scoring import brier_score, hindsight_gap

# Authors preview only their own cases (authoring adds that); these roles preview all.
PREVIEW_ROLES = ("editor", "facilitator", "admin")


@dataclass(frozen=True)
class DecisionView(VisibleDecision):
    """A visible decision with the reader's part in it."""

    mode: str = "sign-in"  # "sign-in" | "commit" | "preview" | "sealed" | "revealed"
    commitment: MyCommitment | None = None
    reflection: MyReflection | None = None
    distribution: Distribution | None = None  # only once the outcome is unlocked
    # While the reflection (with its hindsight check) is not open yet: when it opens.
    # None once it is open, so a drawn block changes only once (hindsight.py).
    reflection_waits_until: datetime | None = None
    # The case version a commitment made now records (the snapshot's).
    case_version_id: int | None = None
    # Once unlocked, and only if the reader committed under a version whose text of this
    # decision differs from the current one: how it read then (committed_version.py).
    then: DecisionThen | None = None

    @property
    def reflection_open(self) -> bool:
        """Whether the reader may write their reflection now."""
        return (self.mode == "revealed" and self.reflection is None
                and self.reflection_waits_until is None)

    @property
    def forecast_open(self) -> bool:
        return self.commitment is not None and self.commitment.forecast_probability is not None

    @property
    def matched(self) -> bool | None:
        """Whether the sealed option is the organization's real choice (None while hidden)."""
        if self.commitment is None or self.actual_choice is None:
            return None
        return self.commitment.option_label == self.actual_choice

    @property
    def forecast_happened(self) -> bool | None:
        if self.commitment is None or self.commitment.forecast_label is None:
            return None
        if self.actual_choice is None:
            return None
        return self.commitment.forecast_label == self.actual_choice

    @property
    def brier(self) -> float | None:
        if not self.forecast_open or self.forecast_happened is None:
            return None
        return brier_score(self.commitment.forecast_probability, self.forecast_happened)

    @property
    def hindsight_gap(self) -> int | None:
        if not self.forecast_open or self.forecast_happened is None:
            return None
        if self.reflection is None or self.reflection.recalled_probability is None:
            return None
        return hindsight_gap(
            self.commitment.forecast_probability,
            self.reflection.recalled_probability,
            self.forecast_happened,
        )


@dataclass(frozen=True)
class CaseView:
    """Everything one reader may see of one case."""

    facts: CaseFacts
    parts: tuple[VisibleSection | DecisionView, ...]
    hidden_parts: int
    previewing: bool
    may_preview: bool
    signed_in: bool

    @property
    def decisions(self) -> tuple[DecisionView, ...]:
        return tuple(p for p in self.parts if isinstance(p, DecisionView))

    def decision(self, key: str) -> DecisionView | None:
        return next((d for d in self.decisions if d.key == key), None)

    def decision_by_id(self, decision_id: int) -> DecisionView | None:
        return next((d for d in self.decisions if d.id == decision_id), None)

    @property
    def committed_count(self) -> int:
        return sum(1 for d in self.decisions if d.commitment is not None)

    @property
    def sources_open(self) -> bool:
        """Sources can give the ending away, so they show once nothing is locked."""
        return self.hidden_parts == 0


def can_preview(user) -> bool:
    """Editors, facilitators and admins may preview every part of any case."""
    return bool(getattr(user, "is_authenticated", False)) and any(
        user.has_role(role) for role in PREVIEW_ROLES
    )


def read_case(
    user, document: CaseDocument, *, preview: bool = False, distributions: bool = True
) -> CaseView:
    """One reader's view of one case. `preview` asks to see everything (if allowed)."""
    return read_cases(user, [document], preview=preview, distributions=distributions)[
        document.id
    ]


# What features built on the case page read about its reader on every view, asked with
# the reader's account as well (ask_for_published_case): each is given the slug.
_ASKED_WITH_CASE: list[Callable[[str], None]] = []


def ask_with_published_case(ask: Callable[[str], None]) -> Callable[[str], None]:
    """Register `ask(slug)` (at import time): it calls ask_with_account with a statement
    of its own whenever a case page asks for its case (cohorts/case_seats.py)."""
    _ASKED_WITH_CASE.append(ask)
    return ask


def ask_for_published_case(slug: str) -> None:
    """Before the signed-in reader is loaded: have the case's key and their records, and
    what registered features read on the page, come with their account's statement
    (accounts/signed_in.ask_with_account): one round trip for all of them."""
    ask_with_account(CASE_WITH_RECORDS, {"slug": slug})
    for ask in _ASKED_WITH_CASE:
        ask(slug)


def read_published_case(user, slug: str, *, preview: bool = False) -> CaseView | None:
    """The reader's view of the published case at `slug` (with distributions), or None.

    For a signed-in reader the case's snapshot key and their records on it come in one
    statement: on PostgreSQL every statement of a page view is a round trip."""
    if not getattr(user, "is_authenticated", False):
        document = published_case_document(slug)
        return read_case(user, document, preview=preview) if document else None
    rows = rows_asked_with_account(CASE_WITH_RECORDS, user.id)
    if rows is None:
        rows = read_rows(CASE_WITH_RECORDS, {"slug": slug, "user_id": user.id}).all()
    if not rows:
        return None
    key = rows[0]
    document = snapshot(key.case_id, key.source_sha256, key.renderer_version)
    records = {row.decision_id: record_of(row) for row in rows if row.decision_id is not None}
    return read_cases(user, [document], preview=preview, distributions=True,
                      records=records, tally_version=(key.case_id, key.tally_version))[document.id]


def read_cases(
    user,
    documents: Iterable[CaseDocument],
    *,
    preview: bool = False,
    distributions: bool = False,
    records: dict | None = None,
    tally_version: Hashable | None = None,
) -> dict[int, CaseView]:
    """Views of many cases for one reader: one query for their records (unless given),
    one per hold provider, and (when asked) one for the distributions of every unlocked
    decision (none when `tally_version` names tallies this worker has read already)."""
    documents = list(documents)
    signed_in = bool(getattr(user, "is_authenticated", False))
    if records is None:
        records = read_records(user, [d.id for d in documents]) if signed_in else {}
    held = _held(user, [d.id for d in documents]) if signed_in else frozenset()
    previewing = preview and can_preview(user)
    may_preview = can_preview(user)
    unfoldings = {}
    for document in documents:
        committed = frozenset(d.id for d in document.decisions if d.id in records)
        state = ReaderState(committed=committed, held=held, sees_everything=previewing)
        unfoldings[document.id] = unfold(document, state)
    then = decisions_then([
        (part, records[part.id][0].case_version_id)
        for document in documents
        for part in unfoldings[document.id].decisions
        if part.unlocked and part.id in records
        and committed_under_another(records[part.id][0].case_version_id, document.version_id)
    ])
    tallies: dict[int, Distribution] = {}
    if distributions:
        unlocked = [d for u in unfoldings.values() for d in u.decisions if d.unlocked]
        tallies = distributions_for(unlocked, version=tally_version)
    views = {}
    now = clock.utcnow()
    version_of = {document.id: document.version_id for document in documents}
    for case_id, unfolding in unfoldings.items():
        parts = tuple(
            _decision_view(part, records.get(part.id), tallies.get(part.id), signed_in, now,
                           version_of[case_id], then.get(part.id))
            if isinstance(part, VisibleDecision)
            else part
            for part in unfolding.parts
        )
        views[case_id] = CaseView(
            facts=unfolding.facts,
            parts=parts,
            hidden_parts=unfolding.hidden_parts,
            previewing=unfolding.previewing,
            may_preview=may_preview,
            signed_in=signed_in,
        )
    return views


def read_unfolding(document: CaseDocument, committed_through: int | None) -> CaseView:
    """A case as a signed-in leader sees it after committing on its first
    `committed_through` decisions (0: before the first commit), or with every part shown
    (None). For previews of a case not yet published: no records, holds or
    distributions are read, since nobody has committed to it."""
    ids = [d.id for d in document.decisions]
    if committed_through is None:
        state = ReaderState(sees_everything=True)
    else:
        state = ReaderState(committed=frozenset(ids[:committed_through]))
    unfolding = unfold(document, state)
    now = clock.utcnow()
    parts = tuple(
        _decision_view(part, None, None, True, now) if isinstance(part, VisibleDecision) else part
        for part in unfolding.parts
    )
    return CaseView(facts=unfolding.facts, parts=parts, hidden_parts=unfolding.hidden_parts,
                    previewing=unfolding.previewing, may_preview=False, signed_in=True)


def read_published(user, case_ids: Iterable[int], **options) -> dict[int, CaseView]:
    """Views of the published cases among these ids (missing ones are left out)."""
    return read_cases(user, published_documents(case_ids), **options)


@dataclass(frozen=True)
class ReadDecision:
    """A decision as one reader sees it, for outputs that start from a decision id."""

    case: CaseFacts
    decision: DecisionView | None  # None while hidden from this reader (a hold, say)


def read_decisions(user, decision_ids: Iterable[int]) -> dict[int, ReadDecision]:
    """The reader's view of each decision, with its case's facts: one query for the
    decisions' cases, then their views. A case no longer published is left out."""
    ids = sorted(set(decision_ids))
    if not ids:
        return {}
    case_of = dict(read_rows(_CASE_OF_DECISIONS, {"decision_ids": ids}).all())
    views = read_published(user, set(case_of.values()))
    return {
        decision_id: ReadDecision(views[case_id].facts, views[case_id].decision_by_id(decision_id))
        for decision_id, case_id in case_of.items()
        if case_id in views
    }


_CASE_OF_DECISIONS = select(Decision.id, Decision.case_id).where(
    Decision.id.in_(bindparam("decision_ids", expanding=True))
)


def _decision_view(
    decision: VisibleDecision,
    record: tuple[MyCommitment, MyReflection | None] | None,
    distribution: Distribution | None,
    signed_in: bool,
    now,
    case_version_id: int | None = None,
    then: DecisionThen | None = None,
) -> DecisionView:
    commitment, reflection = record if record else (None, None)
    if not signed_in:
        mode = "sign-in"
    elif commitment is None:
        mode = "preview" if decision.unlocked else "commit"
    else:
        mode = "revealed" if decision.unlocked else "sealed"
    if not decision.unlocked:
        distribution = None
        if commitment is not None and commitment.forecast_probability is not None:
            commitment = replace(commitment, forecast_probability=None)
    waits = None
    if mode == "revealed" and reflection is None:
        waits = reflection_waits_until(commitment.created_at, commitment.forecast_label is not None, now)
    return DecisionView(
        **{name: getattr(decision, name) for name in VisibleDecision.__dataclass_fields__},
        mode=mode,
        commitment=commitment,
        reflection=reflection,
        distribution=distribution,
        reflection_waits_until=waits,
        case_version_id=case_version_id,
        # Only ever given for an unlocked decision; kept to that here as well.
        then=then if decision.unlocked else None,
    )


def _held(user, case_ids: list[int]) -> frozenset[int]:
    """Decision ids held back for this reader by any hold provider (cohorts)."""
    held: set[int] = set()
    for panel in gather("reader.holds", user=user, case_ids=case_ids):
        held |= set(panel.data)
    return frozenset(held)


def closed_decisions(user, case_ids: Iterable[int]) -> frozenset[int]:
    """Decision ids on which this reader may no longer commit (a cohort moved on).

    Providers of "reader.closed" get `user` and `case_ids` and answer
    Panel(None, frozenset(decision_ids)). Only the commit asks: closing changes what a
    reader may do, never what they may see, so page reads do not pay for it.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    closed: set[int] = set()
    for panel in gather("reader.closed", user=user, case_ids=list(case_ids)):
        closed |= set(panel.data)
    return frozenset(closed)
