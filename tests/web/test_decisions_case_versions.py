"""Commitments keep the case version they were made under (issue #10, item 5).

Republish guard: removing a committed option or decision is refused, naming both;
adding a decision is allowed; commitments keep pointing at their version. A leader who
committed before an editor changed a decision's text sees, in its reveal, the note and
the wording they committed under; one who commits afterwards sees none; and the old
text of a decision still hidden from the reader never leaves the server.
"""
from __future__ import annotations

import html

import pytest
from sqlalchemy import event, func, select

from casebook.accounts.models import User
from casebook.cases.importer import ImportFailed, import_results
from casebook.cases.models import Case, CaseVersion
from casebook.cases.parser import parse_case
from casebook.config import DEFAULT_COMPETENCIES
from casebook.decisions.models import Commitment
from casebook.extensions import db
from tests.factories import make_user
from tests.web.cohorts_support import assign, make_cohort
from tests.web.decisions_support import post_commit, ref, sign_in

SLUG = "harbour-expansion"
FIRST = {
    "outcome_one": "OUTCOME-ONE-FIRST: the harbour board bought the **cranes**.",
    "option_c": "Lease the cranes for five years.",
    "question_two": "QUESTION-TWO-FIRST: should the port open a second terminal?",
    "outcome_two": "OUTCOME-TWO-FIRST: the terminal opened late.",
}
SECOND = {
    "outcome_one": "OUTCOME-ONE-SECOND: the board bought the cranes and sold the tugs.",
    "option_c": "Lease the cranes for ten years.",
    "question_two": "QUESTION-TWO-SECOND: should the port open a second terminal now?",
    "outcome_two": "OUTCOME-TWO-SECOND: the terminal opened on time.",
}


def case_text(words: dict, *, options_one: str = "ABC", extra_decision: bool = False) -> str:
    option_lines = {
        "A": "- [A] Buy the cranes outright.",
        "B": "- [B] Wait a year and see.",
        "C": f"- [C] {words['option_c']}",
    }
    options = "\n".join(option_lines[label] for label in options_one)
    extra = """
## Decision: Should the port hire its own pilots? {#pilots}

The pilots' contract ends next spring.

### Options

- [A] Hire them.
- [B] Renew the contract.

### Outcome

Actual choice: A

The port hired its pilots.
""" if extra_decision else ""
    return f"""---
title: The Harbour Expansion
slug: harbour-expansion
summary: A port authority decides how to grow.
level: executive
competencies: [strategic-direction]
organization: Example Port
year: 2015
---

## Background

The port handles more ships every year.

## Decision: How should the port get new cranes? {{#cranes}}

The old cranes are failing.

### Options

{options}

### Outcome

Actual choice: A

{words['outcome_one']}

### Hindsight

The cranes paid for themselves.

## Decision: {words['question_two']} {{#terminal}}

Traffic keeps growing.

### Options

- [A] Open it.
- [B] Wait.

### Outcome

Actual choice: A

{words['outcome_two']}
{extra}"""


def publish(app, text: str) -> None:
    """Import the text as the editor's publish does (the importer's own path), committed."""
    with app.app_context():
        result = parse_case(text.encode(), "harbour.md", DEFAULT_COMPETENCIES)
        assert result.case is not None, result.problems
        import_results([result])
        db.session.commit()


def leader(app):
    with app.app_context():
        return ref(make_user(level="executive"))


def client_for(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def page(client, path: str = f"/cases/{SLUG}") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def versions_of(app, user) -> dict[str, int | None]:
    """{decision key: case_version_id} of the user's commitments."""
    from casebook.cases.models import Decision

    with app.app_context():
        rows = db.session.execute(
            select(Decision.key, Commitment.case_version_id)
            .join(Decision, Decision.id == Commitment.decision_id)
            .where(Commitment.user_id == user.id)
        ).all()
    return dict(rows)


def case_versions(app) -> list[int]:
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.slug == SLUG))
        return list(db.session.scalars(
            select(CaseVersion.id).where(CaseVersion.case_id == case_id).order_by(CaseVersion.id)))


@pytest.fixture
def published(app, rollback):
    publish(app, case_text(FIRST))
    return app


def test_the_leader_who_committed_before_an_edit_sees_the_wording_then(published):
    app = published
    ada = leader(app)
    ada_client = client_for(app, ada)
    assert post_commit(ada_client, SLUG, "cranes", option="C").status_code == 303
    publish(app, case_text(SECOND))

    text = page(ada_client)
    assert "You committed under the version of" in text
    assert "OUTCOME-ONE-FIRST" in text  # the outcome as it then read
    assert "Lease the cranes for five years." in text  # the option as it then read
    assert "OUTCOME-ONE-SECOND" in text  # the current reveal stays as it is
    # The old text's stored HTML (sanitized at import) is printed as stored, once.
    raw = ada_client.get(f"/cases/{SLUG}").get_data(as_text=True)
    assert "bought the <strong>cranes</strong>." in raw
    assert "&lt;strong&gt;" not in raw

    ben = leader(app)
    ben_client = client_for(app, ben)
    assert post_commit(ben_client, SLUG, "cranes", option="A").status_code == 303
    text = page(ben_client)
    assert "OUTCOME-ONE-SECOND" in text
    assert "You committed under the version of" not in text
    assert "OUTCOME-ONE-FIRST" not in text
    assert "Lease the cranes for five years." not in text


def test_commitments_keep_their_version_through_a_republish(published):
    app = published
    [first] = case_versions(app)
    ada = leader(app)
    assert post_commit(client_for(app, ada), SLUG, "cranes").status_code == 303
    assert versions_of(app, ada) == {"cranes": first}

    publish(app, case_text(SECOND))
    publish(app, case_text(SECOND))  # unchanged: no new version
    [_, second] = case_versions(app)
    assert versions_of(app, ada) == {"cranes": first}
    ben = leader(app)
    assert post_commit(client_for(app, ben), SLUG, "cranes").status_code == 303
    assert versions_of(app, ben) == {"cranes": second}

    publish(app, case_text(FIRST))  # back to the first text: its version again
    assert case_versions(app) == [first, second]
    text = page(client_for(app, ada))
    assert "You committed under the version of" not in text
    assert "Lease the cranes for five years." in text  # the current text again


def test_adding_a_decision_is_allowed_and_changes_no_reveal(published):
    app = published
    ada = leader(app)
    ada_client = client_for(app, ada)
    assert post_commit(ada_client, SLUG, "cranes").status_code == 303
    assert post_commit(ada_client, SLUG, "terminal").status_code == 303
    publish(app, case_text(FIRST, extra_decision=True))

    assert len(case_versions(app)) == 2
    text = page(ada_client)
    assert "Should the port hire its own pilots?" in text  # the new decision is open to her
    # Her two decisions read as they did: a new version, but nothing to point out.
    assert "You committed under the version of" not in text


@pytest.mark.parametrize("changed, message", [
    (case_text(FIRST, options_one="AB"),
     "decision 'cranes': option C was chosen by leaders and cannot be removed or renamed"),
    (case_text(FIRST).replace("{#terminal}", "{#second-terminal}"),
     "decision 'terminal' has commitments and cannot be removed or renamed"),
])
def test_removing_or_renaming_what_leaders_chose_is_refused_and_changes_nothing(
        published, changed, message):
    app = published
    ada = leader(app)
    ada_client = client_for(app, ada)
    assert post_commit(ada_client, SLUG, "cranes", option="C").status_code == 303
    assert post_commit(ada_client, SLUG, "terminal", option="B").status_code == 303
    before = case_versions(app)
    with app.app_context():
        result = parse_case(changed.encode(), "harbour.md", DEFAULT_COMPETENCIES)
        with pytest.raises(ImportFailed) as refused:
            import_results([result])
        db.session.rollback()
    assert message in [p.message for p in refused.value.problems]
    assert case_versions(app) == before
    assert "Lease the cranes for five years." in page(ada_client)


def test_the_old_text_of_a_decision_still_hidden_never_appears(published):
    app = published
    ada = leader(app)
    ada_client = client_for(app, ada)
    assert post_commit(ada_client, SLUG, "cranes").status_code == 303
    publish(app, case_text(SECOND))

    for path in (f"/cases/{SLUG}", "/me/decisions", "/account/export"):
        text = page(ada_client, path)
        # Decision two was never committed: neither its old question nor any outcome.
        assert "QUESTION-TWO-FIRST" not in text
        assert "OUTCOME-TWO-FIRST" not in text
        assert "OUTCOME-TWO-SECOND" not in text
    assert "QUESTION-TWO-SECOND" in page(ada_client)  # its current prompt is open


def test_a_held_reveal_keeps_the_old_text_back_too(published):
    app = published
    with app.app_context():
        lead = make_user("facilitator")
        member = make_user(level="executive")
        cohort = make_cohort(lead, members=[member])
        assign(lead, cohort, SLUG, hold=True)
        member = ref(member)
    client = client_for(app, member)
    assert post_commit(client, SLUG, "cranes", option="C").status_code == 303
    publish(app, case_text(SECOND))

    for path in (f"/cases/{SLUG}", "/me/decisions", "/account/export"):
        text = page(client, path)
        assert "OUTCOME-ONE-FIRST" not in text
        assert "OUTCOME-ONE-SECOND" not in text
        assert "You committed under the version of" not in text


def test_the_track_record_and_the_download_name_the_version(published):
    app = published
    ada = leader(app)
    ada_client = client_for(app, ada)
    assert post_commit(ada_client, SLUG, "cranes", option="C").status_code == 303
    publish(app, case_text(SECOND))

    record = page(ada_client, "/me/decisions")
    assert "You committed under the version of" in record
    assert "OUTCOME-ONE-FIRST" in record and "Lease the cranes for five years." in record

    with app.app_context():
        from casebook.accounts.export import export_user_data

        data = export_user_data(db.session.get(User, ada.id))
    [entry] = data["decisions"]["commitments"]
    then = entry["committed_under_earlier_version"]
    assert then["question"] == "How should the port get new cranes?"
    assert then["option_html"] == "Lease the cranes for five years."
    assert then["version_published_at"] is not None


def test_the_common_case_asks_no_version_and_an_older_one_asks_one(published):
    app = published
    ada = leader(app)
    ada_client = client_for(app, ada)
    assert post_commit(ada_client, SLUG, "cranes").status_code == 303
    page(ada_client)  # the snapshot is loaded once; then the steady state
    assert _version_reads(app, ada_client) == 0

    publish(app, case_text(SECOND))
    page(ada_client)
    assert _version_reads(app, ada_client) == 1


def _version_reads(app, client) -> int:
    seen: list[str] = []

    def remember(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        page(client)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return sum(1 for s in seen if "FROM case_versions" in s)


def test_every_case_in_the_library_has_one_version_per_digest(published):
    app = published
    publish(app, case_text(SECOND))
    with app.app_context():
        rows = db.session.execute(
            select(CaseVersion.case_id, func.count()).group_by(CaseVersion.case_id)).all()
        digest = db.session.scalar(select(Case.source_sha256).where(Case.slug == SLUG))
        current = db.session.scalar(select(CaseVersion).where(CaseVersion.digest == digest))
    assert [count for _, count in rows] == [2]
    assert [d["key"] for d in current.decisions] == ["cranes", "terminal"]
    assert current.decisions[1]["question"] == "QUESTION-TWO-SECOND: should the port open a second terminal now?"


@pytest.mark.parametrize("held", [False, True])
def test_no_route_gets_an_old_text_the_gate_keeps_back(published, held):
    """Every GET route, as a leader who committed on decision one before an edit (in a
    cohort holding its reveal, or not): no answer and no template context holds the
    old text of what is still hidden from them, nor a model."""
    from tests.web.decisions_support import every_get_url
    from tests.web.test_reading_model import FRAMEWORK, Contexts, _walk

    app = published
    with app.app_context():
        reader = make_user(level="executive")
        if held:
            lead = make_user("facilitator")
            assign(lead, make_cohort(lead, members=[reader]), SLUG, hold=True)
        reader = ref(reader)
    client = client_for(app, reader)
    assert post_commit(client, SLUG, "cranes", option="C").status_code == 303
    publish(app, case_text(SECOND))
    hidden = ["QUESTION-TWO-FIRST", "OUTCOME-TWO-FIRST", "OUTCOME-TWO-SECOND"]
    if held:
        hidden += ["OUTCOME-ONE-FIRST", "OUTCOME-ONE-SECOND", "Lease the cranes for five years."]

    bodies, leaves = [], []
    with Contexts(app) as contexts:
        for url in every_get_url(app, SLUG, keys=("cranes", "terminal"), ids=[1]):
            response = client.get(url)
            bodies.append((url, response.get_data(as_text=True)))
            response.close()
    for name, context in contexts.seen:
        for key, value in context.items():
            if key not in FRAMEWORK and not callable(value):
                _walk(value, f"{name}:{key}", leaves)
    leaks = [f"{url}: {n}" for url, body in bodies for n in hidden if n in body]
    leaks += [f"context {path}: {n}" for path, leaf in leaves if isinstance(leaf, str)
              for n in hidden if n in leaf]
    assert leaks == []
    assert [path for path, leaf in leaves if isinstance(leaf, db.Model)] == []
    # The crawl is not blind: what the gate opened is there.
    everything = "".join(body for _, body in bodies)
    assert ("OUTCOME-ONE-FIRST" in everything) is not held


def test_the_editors_publish_keeps_versions_and_refuses_dropping_a_chosen_option(app, rollback):
    """The same through the site: an author revises a published submission, an editor
    publishes it again."""
    from tests.web.authoring_support import client_of, member, paste

    author = client_of(app, member(app, "author"))
    editor = client_of(app, member(app, "editor"))
    submission = int(paste(author, case_text(FIRST)).location.split("/")[2])
    base = f"/authoring/{submission}"
    assert editor.post(base + "/publish", data={}).status_code == 303
    ada = leader(app)
    ada_client = client_for(app, ada)
    assert post_commit(ada_client, SLUG, "cranes", option="C").status_code == 303
    [first] = case_versions(app)

    assert paste(author, case_text(FIRST, options_one="AB"), path=base + "/versions").status_code == 303
    refused = editor.post(base + "/publish", data={})
    assert refused.status_code == 409
    assert ("decision 'cranes': option C was chosen by leaders and cannot be removed or renamed"
            in html.unescape(refused.get_data(as_text=True)))
    assert case_versions(app) == [first]

    assert paste(author, case_text(SECOND), path=base + "/versions").status_code == 303
    assert editor.post(base + "/publish", data={}).status_code == 303
    assert len(case_versions(app)) == 2
    assert versions_of(app, ada) == {"cranes": first}
    text = page(ada_client)
    assert "You committed under the version of" in text and "OUTCOME-ONE-FIRST" in text
