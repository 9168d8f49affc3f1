"""A draft is its author's and the editors' alone: its text (sentinels in every part,
visible or hidden) reaches nobody else from any GET route of the site, in HTML or JSON,
and the crawl is not blind (the author and the editors do find it)."""
from __future__ import annotations

import pytest

from tests import factories
from tests.web.authoring_support import paste
from tests.web.decisions_support import every_get_url, responses_containing
from tests.web.test_authoring_preview import DRAFT

MARK = "QZDRAFTLEAK"
SENTINELS = (f"TITLE-{MARK}", f"BACKGROUND-{MARK}", f"OUTCOME-{MARK}", f"EPILOGUE-{MARK}",
             f"ERRORDRAFT-{MARK}")


def _draft_text() -> str:
    return (DRAFT.replace("The Two Step Draft", f"TITLE-{MARK}")
            .replace("BACKGROUND-SENT", f"BACKGROUND-{MARK}")
            .replace("OUTCOME1-SENT", f"OUTCOME-{MARK}")
            .replace("AFTER2-SENT", f"EPILOGUE-{MARK}"))


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        factories.make_case("leak-library-case", decisions=1)
        people = {role: factories.make_user(*(() if role == "leader" else (role,))).id
                  for role in ("author", "leader", "facilitator", "editor", "admin")}
        people["other-author"] = factories.make_user("author").id
    client = app.test_client()
    factories.sign_in(client, people["author"])
    first = paste(client, f"---\ntitle: ERRORDRAFT-{MARK}\n---\n")  # a draft with errors
    submission_id = int(first.location.split("/")[2])
    assert paste(client, _draft_text(), path=f"/authoring/{submission_id}/versions").status_code == 303
    urls = every_get_url(app, "leak-library-case", keys=("d1",),
                         ids={"submission_id": [submission_id], "number": [1, 2]})
    urls += [f"/authoring/{submission_id}/versions/2/preview?step={n}" for n in (0, 1, 2)]
    urls += [f"/authoring/{submission_id}/compare?from=1&to=2", f"/?q=title-{MARK.lower()}",
             f"/?q={MARK.lower()}"]
    return people, urls


@pytest.mark.parametrize("reader", ["anonymous", "leader", "facilitator", "other-author"])
def test_nobody_else_gets_any_of_a_drafts_text(app, world, reader):
    people, urls = world
    client = app.test_client()
    if reader != "anonymous":
        factories.sign_in(client, people[reader])
    assert responses_containing(client, urls, SENTINELS) == []


@pytest.mark.parametrize("reader", ["author", "editor", "admin"])
def test_the_author_and_the_editors_do_find_it(app, world, reader):
    people, urls = world
    client = app.test_client()
    factories.sign_in(client, people[reader])
    found = {line.rsplit(": ", 1)[1] for line in responses_containing(client, urls, SENTINELS)}
    assert found == set(SENTINELS)
