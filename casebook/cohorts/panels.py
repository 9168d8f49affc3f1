"""What cohorts add to lower features' pages, through panel slots (casebook/panels.py):

- "reader.holds": decisions a cohort of the reader holds (the reading model's input);
- "reader.closed": decisions on which the reader's cohort closed commitments (asked by
  the commit);
- "case.decision": under such a decision, a notice saying so; and under a decision a
  cohort of the reader's holds, closed or is running live, what the page follows;
- "nav": the header's "Cohorts" link (where a code is typed, and a cohort started);
- "library.top": the reader's cohorts and what is due next;
- "notifications.top": reminders of cases due within a week or overdue.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import bindparam, select

from ..accounts.models import User
from ..accounts.signed_in import account_fact, known_fact
from ..db import read_rows
from ..panels import Panel, provides
from .case_seats import seats_on_case
from .holds import holds_for
from .models import CLOSED, HELD, MEMBER, Cohort, CohortLive, CohortMember
from .pages import my_cohorts, reminders


@provides("reader.holds")
def held_decisions(user, case_ids, **_) -> Panel:
    return Panel(None, holds_for(user, case_ids).held)


@provides("reader.closed")
def closed_decisions(user, case_ids, **_) -> Panel:
    return Panel(None, holds_for(user, case_ids).closed)


@dataclass(frozen=True)
class ClosedNotice:
    cohort_names: tuple[str, ...]


@provides("case.decision", order=40)
def closed_notices(keys: list[int], view, user=None, **_) -> dict[int, Panel]:
    """Under a decision still open to the reader but closed by their cohort: say so."""
    holds = holds_for(user, [view.facts.id])
    open_here = {d.id for d in view.decisions if d.mode == "commit" and d.id in holds.closed}
    if not open_here:
        return {}
    cohort_ids = {cohort for decision, cohort in holds.closed_by if decision in open_here}
    names = dict(read_rows(_NAMES, {"ids": sorted(cohort_ids)}).all())
    return {
        decision_id: Panel("cohorts/_closed_notice.html", ClosedNotice(tuple(sorted(
            names[c] for d, c in holds.closed_by if d == decision_id and c in names))))
        for decision_id in open_here if decision_id in keys
    }


_NAMES = select(Cohort.id, Cohort.name).where(Cohort.id.in_(bindparam("ids", expanding=True)))
_COHORTS_LINK = Panel("cohorts/_nav.html")


@provides("nav", order=30)
def cohorts_link(user, **_) -> Panel:
    # For every signed-in reader, with no query: it is also where an invitation code is
    # typed, and the header is drawn on every page.
    return _COHORTS_LINK


@provides("library.top", order=50)
def my_cohorts_panel(user, **_) -> Panel | None:
    cards = my_cohorts(user)
    return Panel("cohorts/_my_cohorts.html", cards) if cards else None


@provides("notifications.top")
def reminders_panel(user, **_) -> Panel | None:
    due = reminders(user)
    return Panel("cohorts/_reminders.html", due) if due else None


@dataclass(frozen=True)
class LiveWatch:
    """Under a decision a cohort of the reader's is running: the versions to follow
    (static/js/live.js), and what to tell the reader when the page changes."""

    watches: tuple[tuple[str, int], ...]  # (version address, version drawn at)
    message: str


@account_fact("cohort_live")
def _account_follows_a_session():
    # As for holds: a "no" spares the query below on every case page.
    return (
        select(CohortLive.cohort_id)
        .join(CohortMember, CohortMember.cohort_id == CohortLive.cohort_id)
        .where(CohortMember.user_id == User.id, CohortMember.role == MEMBER,
               CohortLive.decision_id.is_not(None))
        .exists()
    )


@provides("case.decision", order=45)
def live_watches(keys: list[int], view, user=None, **_) -> dict[int, Panel]:
    """Follow the cohort under a decision it holds or closed, and under every decision
    of a case whose session is running: the reveal then shows without a reload."""
    if not getattr(user, "is_authenticated", False):
        return {}
    holds = holds_for(user, [view.facts.id])
    if not holds.held and not holds.closed and known_fact(user, "cohort_live") in (False, 0):
        return {}
    found: dict[int, list[tuple[str, int]]] = {}
    by_id = {d.id: d for d in view.decisions}
    for row in seats_on_case(user.id, view.facts.id):
        if row.role != MEMBER:
            continue  # facilitators follow from the session's own pages
        decision = by_id.get(row.decision_id)
        if decision is not None and row.decision_id in keys and (
                (row.reveal == HELD and decision.mode == "sealed")  # waits for the reveal
                or row.commitments == CLOSED or row.on_screen is not None):
            found.setdefault(row.decision_id, []).append(
                # No pass here: it is the reader's own, and the block this panel sits in
                # is drawn once for every reader in the same state (live.js gets the
                # pass from its first poll).
                (url_for("cohorts.live_version", cohort_id=row.cohort_id), row.version or 0))
    return {decision_id: Panel("cohorts/_live_watch.html", LiveWatch(
        tuple(sorted(watches)), _message(by_id[decision_id])))
        for decision_id, watches in found.items()}


def _message(decision) -> str:
    if decision.mode == "sealed":
        return (f"Decision {decision.number}: your choice is sealed; the outcome shows here "
                "when your facilitator reveals it.")
    if decision.mode == "revealed":
        return f"Decision {decision.number} is revealed: what really happened is shown below it."
    return f"Decision {decision.number} is open to your cohort's session."
