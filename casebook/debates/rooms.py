"""Rooms: private debates of a decision for a group of readers, which debates never define.

A debate with a room (Debate.room_id) belongs to a higher feature's group (a cohort).
Debates ask that feature two things through panel slots (casebook/panels.py), and
nothing else:

- "debates.room" (user, room_id, decision_id): the room as this reader may enter it for
  this decision, as `Panel(None, Room(...))`, or nothing. Nothing answers exactly like a
  missing debate (404), so a room tells an outsider nothing, not even that it exists.
- "debates.room_people" (room_id, user_ids): which of these people may enter the room,
  as `Panel(None, frozenset(ids))`. Replies and mentions in a room notify only them.

Reading inside a room (access.py): as in the public debate, posts open once the
decision's outcome is unlocked for the reader; besides, a reader who committed while
the room's facilitator holds the reveal may read and write (that is when the room
discusses), and the room's facilitators always may. The page then holds nothing of
the outcome: the reader's view has none, and the choices of other leaders (the
distribution, their badges, mind changes) wait for the reveal too.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..panels import gather


@dataclass(frozen=True)
class Room:
    """A room as one reader may enter it for one decision."""

    id: int
    name: str  # the group's name ("Spring cohort")
    back_url: str  # the group's own page
    moderates: bool  # this reader moderates the room's debate
    always_reads: bool  # reads and writes whatever the decision's state (facilitators)


def enter_room(user, room_id: int, decision_id: int) -> Room | None:
    """The room if this reader may enter it for this decision, else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    for panel in gather("debates.room", user=user, room_id=room_id, decision_id=decision_id):
        if isinstance(panel.data, Room):
            return panel.data
    return None


def room_people(room_id: int, user_ids) -> frozenset[int]:
    """Those of `user_ids` who may enter the room (nobody unless a feature says so)."""
    ids = sorted(set(user_ids))
    if not ids:
        return frozenset()
    allowed: set[int] = set()
    for panel in gather("debates.room_people", room_id=room_id, user_ids=ids):
        allowed |= set(panel.data)
    return frozenset(allowed)


def reads_in_room(decision, room: Room) -> bool:
    """The room's reading rule over the reader's view of the decision (docstring above)."""
    return reads_in_a_room(decision, always_reads=room.always_reads)


def reads_in_a_room(decision, *, always_reads: bool) -> bool:
    """The same rule, for a page that knows the reader's part in a room but has not
    entered it (the case page's link to a cohort's debate)."""
    if decision.unlocked or always_reads:
        return True
    return decision.committed and decision.held
