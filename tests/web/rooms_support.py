"""Helpers for the cohort debate (room) tests: a cohort holding a case, its people, and
room posts written through the real service."""
from __future__ import annotations

from types import SimpleNamespace

from casebook.debates.services import create_post, debate_for
from casebook.extensions import db
from tests.factories import commit, make_case, make_user
from tests.web.cohorts_support import assign, make_cohort
from tests.web.decisions_support import decision_of, ref

MARK = "ROOMSECRET"
SLUG = "room-case"


def add_room_post(decision, author, body: str, room_id: int, *, stance: str | None = "A",
                  parent=None):
    """A post in the room's debate of `decision`, through the service, committed."""
    post = create_post(debate_for(decision.id, room_id), author, body,
                       stance=None if parent else stance, parent=parent,
                       labels=[o.label for o in decision.options])
    db.session.commit()
    return post


def room_path(room_id: int, key: str = "d1", slug: str = SLUG) -> str:
    return f"/cases/{slug}/decisions/{key}/debate/rooms/{room_id}"


def room_world() -> SimpleNamespace:
    """A case whose reveal the cohort holds. Mia committed on d1 (held); Nell is a member
    who has not committed; Cole co-facilitates (a plain leader); Lead leads (facilitator);
    Otto is an outsider who committed (he reads the public debate); Adam an admin not in
    the cohort; Bea is in another cohort with the same case. Cole wrote the room's first
    post and Mia replied; Otto wrote a public post."""
    case = make_case(SLUG, decisions=2, sentinel=MARK)
    make_case("room-other-case", decisions=1)
    d1 = decision_of(case.id, 1)
    lead = make_user("facilitator", display_name="Lead Facil")
    cole = make_user(display_name="Cole Cofac")
    mia = make_user(display_name="Mia Member", level="executive")
    nell = make_user(display_name="Nell Newcomer")
    otto = make_user(display_name="Otto Outsider", level="executive")
    bea = make_user(display_name="Bea Elsewhere")
    adam = make_user("admin", display_name="Adam Admin")
    cohort = make_cohort(lead, "Room cohort", members=[mia, nell], co=[cole])
    other = make_cohort(lead, "Other cohort", members=[bea])
    assign(lead, cohort, SLUG, hold=True)
    assign(lead, other, SLUG, hold=True)
    for person, label in ((mia, "A"), (otto, "B"), (bea, "C")):
        commit(person, d1, label, rationale=f"RATIONALE-OF-{person.display_name.split()[0]}")
    first = add_room_post(d1, cole, f"ROOMPOST-{MARK} from the co-facilitator", cohort)
    reply = add_room_post(d1, mia, f"ROOMREPLY-{MARK} from Mia", cohort, parent=first)
    public = create_post(debate_for(d1.id), otto, "A public post by Otto", stance="B",
                         labels=["A", "B", "C"])
    db.session.commit()
    return SimpleNamespace(
        case=case.id, d1=d1.id, d2=decision_of(case.id, 2).id, cohort=cohort, other=other,
        first=first.id, reply=reply.id, public=public.id,
        people={name: ref(person) for name, person in (
            ("lead", lead), ("cole", cole), ("mia", mia), ("nell", nell), ("otto", otto),
            ("bea", bea), ("adam", adam))},
    )
