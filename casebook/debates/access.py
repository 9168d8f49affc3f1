"""Loading a debate or a post through the reading model.

A debate discusses a decision's outcome, so its posts open for a reader only once that
outcome is unlocked for them in their view of the case (decisions.reading). Before
that, what the reader's view holds decides the answer:

- The decision is in the view (its question is on the case page) but not unlocked:
  the debate is no secret, only its posts are. The debate's own address gets a page
  that says what to do (`ClosedDebate`: sign in, commit, or wait for the reveal) and
  holds nothing of the posts or the outcome.
- The decision is not in the view (a later decision still hidden), or does not exist:
  404, exactly as for a missing case, decision or post.

Every post, permalink, thread, history, form and JSON answer of a debate whose outcome
is not unlocked is 404 too: those show posts, and a hidden post answers like a missing one.

A room's debate (debates/rooms.py) is looked up the same way, after asking whether the
reader may enter the room: if not, 404 for its page and for every one of its posts,
exactly like a missing debate. Inside, the room's own reading rule replaces "unlocked".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select

from ..cases.documents import published_case_document, published_documents
from ..cases.models import Decision
from ..cases.slugs import is_valid_id, is_valid_slug
from ..cases.unfolding import CaseFacts
from ..decisions.reading import CaseView, DecisionView, can_preview, read_case, read_published
from ..domain import NotFound
from ..extensions import db
from .models import Debate, Post
from .options import OptionText, option_texts
from .permissions import can_moderate
from .rooms import Room, enter_room, reads_in_a_room, reads_in_room
from .services import find_debate


@dataclass(frozen=True)
class DebateState:
    """What pages show of a debate row."""

    id: int
    locked: bool


@dataclass(frozen=True)
class DebateContext:
    view: CaseView  # the reader's view of the case
    decision: DecisionView  # unlocked for this reader
    debate: Debate | None  # None until the first post
    room: Room | None = None  # a room's private debate; None for the public one

    @property
    def room_id(self) -> int | None:
        return self.room.id if self.room else None

    @property
    def shows_choices(self) -> bool:
        """Other leaders' choices (badges, mind changes) show once the outcome does: a
        room may read while the reveal is held, and they are its distribution."""
        return self.decision.unlocked

    def may_moderate(self, user) -> bool:
        """A room's moderators are its own (rooms.py); the public debate's, the site's."""
        return self.room.moderates if self.room else can_moderate(user)

    @property
    def case(self) -> CaseFacts:
        return self.view.facts

    @property
    def labels(self) -> list[str]:
        return [o.label for o in self.decision.options]

    @cached_property
    def options(self) -> dict[str, OptionText]:
        return option_texts(self.decision)


@dataclass(frozen=True)
class ClosedDebate:
    """A debate the reader may know of but not read yet, and why (what to do next)."""

    case: CaseFacts
    decision: DecisionView  # in the reader's view, not unlocked: no outcome in it
    reason: str  # "sign-in" | "commit" | "held" (committed; the facilitator holds the reveal)
    room: Room | None = None


def read_for_debate(user, document) -> CaseView:
    """Moderators read every debate (they preview every case); leaders what they unlocked."""
    return read_case(user, document, preview=can_moderate(user), distributions=False)


def room_opens_from(user, view: CaseView, decision: DecisionView, *, always_reads: bool) -> bool:
    """Whether a room's debate of `decision` opens for this reader now, judged from
    another page's view of the case (the case page's) without reading it again.

    The debate reads the case as `read_for_debate` does; a page previewing otherwise
    (an editor's ?preview=1, a moderator's plain page) sees other decisions unlocked."""
    if always_reads:
        return True
    debate_previews = can_moderate(user) and can_preview(user)  # as read_for_debate reads
    if view.previewing == debate_previews:
        return reads_in_a_room(decision, always_reads=False)
    # The debate sees every decision (a moderator), or unlocks only what the reader
    # committed on, held or not (a previewer who does not moderate).
    return debate_previews or decision.committed


def open_debate(user, slug: str, key: str, room_id: int | None = None) -> DebateContext:
    """The debate of (case slug, decision key), in a room or public, as this reader may
    read it, or NotFound."""
    found = look_up_debate(user, slug, key, room_id)
    if isinstance(found, ClosedDebate):
        raise NotFound()
    return found


def look_up_debate(
    user, slug: str, key: str, room_id: int | None = None
) -> DebateContext | ClosedDebate:
    """The debate as this reader may read it; or, when its decision is in their view
    but not unlocked, what they must do to read it; or NotFound."""
    if not is_valid_slug(slug) or not is_valid_id(key):
        raise NotFound()
    document = published_case_document(slug)
    if document is None:
        raise NotFound()
    decision_id = next((d.id for d in document.decisions if d.key == key), None)
    if decision_id is None:
        raise NotFound()
    room = None
    if room_id is not None:
        room = enter_room(user, room_id, decision_id)
        if room is None:
            raise NotFound()  # not this reader's room: exactly like no room at all
    view = read_for_debate(user, document)
    decision = view.decision_by_id(decision_id)
    if decision is None:
        raise NotFound()  # hidden from this reader: exactly as if it did not exist
    if not _readable(decision, room):
        return ClosedDebate(case=view.facts, decision=decision, reason=_closed_reason(decision),
                            room=room)
    return DebateContext(view=view, decision=decision, debate=find_debate(decision_id, room_id),
                         room=room)


def _readable(decision: DecisionView, room: Room | None) -> bool:
    return reads_in_room(decision, room) if room else decision.unlocked


def _closed_reason(decision: DecisionView) -> str:
    if decision.mode == "sign-in":
        return "sign-in"
    return "held" if decision.committed else "commit"


def open_post(user, post_id: int) -> tuple[DebateContext, Post]:
    """A post and its debate, or NotFound when either is missing or locked for this reader."""
    row = db.session.execute(
        select(Post, Debate, Decision.case_id)
        .join(Debate, Post.debate_id == Debate.id)
        .join(Decision, Decision.id == Debate.decision_id)
        .where(Post.id == post_id)
    ).first()
    if row is None:
        raise NotFound()
    post, debate, case_id = row
    room = None
    if debate.room_id is not None:
        room = enter_room(user, debate.room_id, debate.decision_id)
        if room is None:
            raise NotFound()  # a post of someone else's room answers like a missing one
    documents = published_documents([case_id])
    if not documents:
        raise NotFound()
    return _context(user, documents[0], debate.decision_id, debate, room), post


def post_is_readable(user, post_id: int) -> bool:
    """Whether this reader may open the post (its debate, room and decision allow it)."""
    try:
        open_post(user, post_id)
    except NotFound:
        return False
    return True


def readable_debates(user, case_ids) -> frozenset[int]:
    """Ids of the decisions in these cases whose debates this reader may read (unlocked)."""
    views = read_published(user, case_ids, preview=can_moderate(user))
    return frozenset(d.id for view in views.values() for d in view.decisions if d.unlocked)


def _context(
    user, document, decision_id: int | None, debate: Debate | None, room: Room | None = None
) -> DebateContext:
    if decision_id is None:
        raise NotFound()
    view = read_for_debate(user, document)
    decision = view.decision_by_id(decision_id)
    if decision is None or not _readable(decision, room):
        raise NotFound()
    return DebateContext(view=view, decision=decision, debate=debate, room=room)

