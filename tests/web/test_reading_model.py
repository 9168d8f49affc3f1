"""The reading model holds by construction, through every route.

A world with real rows (a two-decision case, leaders who committed, posts in both
debates, a reply, a mention, notifications, a cohort with the case in its programme and
an invitation) is crawled route by route, its ids taken
from those rows, as three readers. For each: no response and no template context holds
text hidden from that reader, no template context holds an ORM model, and every GET
route answered something other than 404 for somebody (a new route cannot hide from
the crawl).
"""
from __future__ import annotations

import dataclasses

import pytest
from flask import template_rendered
from sqlalchemy import select

from casebook.authoring.services import Upload, submit_case
from casebook.config import DEFAULT_COMPETENCIES
from casebook.debates.models import Notification
from casebook.extensions import db
from tests.factories import commit, make_case, make_user
from tests.web.cohorts_support import assign, link_invitation, make_cohort, share_track_record
from tests.web.debates_support import add_post
from tests.web.decisions_support import decision_of, every_get_url, ref, sign_in

MARK = "RMSECRET"
SLUG = "rm-case"
# Hidden from a reader who has committed on nothing:
BEFORE_ANY = (f"DRAFT-{MARK}", f"OUTCOME-{MARK}-1", f"HINDSIGHT-{MARK}-1", f"AFTER-{MARK}-1",
              f"OUTCOME-{MARK}-2", f"POST-ONE-{MARK}", f"REPLY-{MARK}", f"POST-TWO-{MARK}",
              "Question 2 of case", "RATIONALE-OF-OTHER")
# Hidden from a reader who committed on decision 1 only:
AFTER_FIRST = (f"DRAFT-{MARK}", f"OUTCOME-{MARK}-2", f"HINDSIGHT-{MARK}-2", f"AFTER-{MARK}-2",
               f"POST-TWO-{MARK}", "RATIONALE-OF-OTHER")
# Routes no reader can reach with sample values: signed links need a real token.
NEEDS_A_SECRET = {"accounts.confirm_registration", "accounts.reset_password",
                  "accounts.confirm_email_change"}


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        case = make_case(SLUG, decisions=2, sentinel=MARK)
        d1, d2 = decision_of(case.id, 1), decision_of(case.id, 2)
        others = [make_user(level="executive") for _ in range(5)]
        for n, other in enumerate(others):
            commit(other, d1, "B", rationale=f"RATIONALE-OF-OTHER-{n}")
            commit(other, d2, "C", rationale=f"RATIONALE-OF-OTHER-{n}")
        ada = make_user(display_name="Ada Committed", level="executive")
        commit(ada, d1, "A")
        ben = make_user(display_name="Ben Fresh")
        admin = make_user("admin")
        first = add_post(d1, others[0], f"POST-ONE-{MARK} for @[Ben Fresh] and @[Ada Committed]")
        reply = add_post(d1, ada, f"REPLY-{MARK}", parent=first)
        second = add_post(d2, others[1], f"POST-TWO-{MARK} for @[Ada Committed]")
        notes = list(db.session.scalars(select(Notification.id)))
        # The admin leads a cohort Ada is in; its reveal is not held (test_cohorts_held_crawl
        # crawls a held one), and Ada shares her track record with its facilitators.
        cohort = make_cohort(admin, "RM cohort", members=[ada])
        assignment = assign(admin, cohort, SLUG, hold=False)
        share_track_record(ada)
        invitation = link_invitation(admin, cohort)
        # An author's submission, which only its author and the editors (the admin) see.
        draft = submit_case(make_user("author"), Upload(f"# DRAFT-{MARK}".encode(), "d.md"),
                            DEFAULT_COMPETENCIES)
        db.session.commit()
        ids = {
            "submission_id": [draft.submission.id],
            "number": [1],
            "post_id": [first.id, reply.id, second.id, 2_000_000_000],
            "user_id": [ada.id, ben.id, others[0].id],
            "notification_id": notes,
            "cohort_id": [cohort],
            "assignment_id": [assignment],
            "invitation_id": [invitation.id],
        }
        return {"ada": ref(ada), "ben": ref(ben), "admin": ref(admin), "ids": ids,
                "notes": len(notes), "strings": {"code": [invitation.code]}}


class Contexts:
    """Template contexts rendered while the block runs."""

    def __init__(self, app):
        self.app, self.seen = app, []

    def __enter__(self):
        template_rendered.connect(self._record, self.app)
        return self

    def __exit__(self, *exc):
        template_rendered.disconnect(self._record, self.app)

    def _record(self, sender, template, context, **extra):
        self.seen.append((template.name, dict(context)))


def _walk(value, path, found, depth=0):
    """Yield (path, leaf) for every model instance and string reachable through data."""
    if depth > 8:
        return
    if isinstance(value, db.Model):
        found.append((path, value))
        return
    if isinstance(value, str):
        found.append((path, value))
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name), f"{path}.{field.name}", found, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}[{key!r}]", found, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", found, depth + 1)


# Flask's own objects and helpers in every context are not page data.
FRAMEWORK = {"config", "request", "session", "g", "url_for", "get_flashed_messages",
             "csrf_token", "self"}


def _crawl(app, client, world, slug=SLUG):
    urls = every_get_url(app, slug, keys=("d1", "d2"), ids=world["ids"],
                         strings=world["strings"])
    statuses, bodies = {}, {}
    with Contexts(app) as contexts:
        for url in urls:
            for accept in ("text/html", "application/json"):
                response = client.get(url, headers={"Accept": accept})
                bodies[(url, accept)] = response.get_data(as_text=True)
                statuses.setdefault(url, set()).add(response.status_code)
                response.close()
    leaves = []
    for name, context in contexts.seen:
        for key, value in context.items():
            if key not in FRAMEWORK and not callable(value):
                _walk(value, f"{name}:{key}", leaves)
    return statuses, bodies, leaves


def _leaks(bodies, leaves, needles):
    found = [f"{url} ({accept}): {n}" for (url, accept), body in bodies.items()
             for n in needles if n in body]
    found += [f"context {path}: {n}" for path, leaf in leaves if isinstance(leaf, str)
              for n in needles if n in leaf]
    return found


def _models(leaves):
    return sorted({f"{path}: {type(leaf).__name__}" for path, leaf in leaves
                   if isinstance(leaf, db.Model)})


@pytest.mark.parametrize("reader", ["anonymous", "ben", "ada", "admin"])
def test_no_route_or_template_gets_hidden_text_or_a_model(app, world, reader):
    client = app.test_client()
    if reader != "anonymous":
        sign_in(client, world[reader])
    # An admin moderates (and so reads) every debate; the others read what they unlocked.
    hidden = {"ada": AFTER_FIRST, "admin": ()}.get(reader, BEFORE_ANY)
    _, bodies, leaves = _crawl(app, client, world)
    assert _leaks(bodies, leaves, hidden) == []
    models = _models(leaves)
    assert models == [], "\n".join(models)


def test_what_was_unlocked_does_reach_the_reader(app, world):
    """The crawl is not blind: what Ada unlocked is on her pages."""
    client = app.test_client()
    sign_in(client, world["ada"])
    _, bodies, _ = _crawl(app, client, world)
    everything = "".join(bodies.values())
    for unlocked in (f"OUTCOME-{MARK}-1", f"POST-ONE-{MARK}", f"REPLY-{MARK}", "Question 2 of case"):
        assert unlocked in everything, unlocked
    assert world["notes"] >= 3  # replies and mentions made real notifications to crawl


def test_every_get_route_is_reached_by_the_crawl(app, world):
    """A route that answers 404 to every reader with real ids was not really crawled."""
    reached: dict[str, set[int]] = {}
    for reader in ("anonymous", "ben", "ada", "admin"):
        client = app.test_client()
        if reader != "anonymous":
            sign_in(client, world[reader])
        statuses, _, _ = _crawl(app, client, world)
        for url, codes in statuses.items():
            reached.setdefault(url, set()).update(codes)
    missed = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NEEDS_A_SECRET:
            continue
        urls = [u for u in reached if _matches(app, rule, u)]
        if not urls or all(reached[u] == {404} for u in urls):
            missed.append(rule.rule)
    assert missed == []


def _matches(app, rule, url: str) -> bool:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(url.split("?")[0], method="GET")
    except Exception:
        return False
    return endpoint == rule.endpoint
