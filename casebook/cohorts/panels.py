"""What cohorts add to lower features' pages, through panel slots (casebook/panels.py):

- "reader.holds": decisions a cohort of the reader holds (the reading model's input);
- "reader.closed": decisions on which the reader's cohort closed commitments (asked by
  the commit);
- "case.decision": under such a decision, a notice saying so;
- "nav": the header's "Cohorts" link (where a code is typed, and a cohort started);
- "library.top": the reader's cohorts and what is due next;
- "notifications.top": reminders of cases due within a week or overdue.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select

from ..db import read_rows
from ..panels import Panel, provides
from .holds import holds_for
from .models import Cohort
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
