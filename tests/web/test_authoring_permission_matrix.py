"""Who gets what from every authoring route: (method, url, role -> status).

Roles: the submission's author, another author, an editor, an admin, a plain leader, a
facilitator, the signed-out and a suspended member. A submission exists only for its
author and the editors (and admins): for anyone else every page of it answers 404,
exactly as for a submission that does not exist (checked byte for byte below).
The completeness test fails when an authoring route has no row here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests import factories
from tests.web.authoring_support import data_file, paste
from tests.web.hidden_support import same_answer

ROLES = ("anonymous", "suspended", "leader", "facilitator", "author", "other-author",
         "editor", "admin")
SUBMITTERS = ("author", "other-author", "editor", "admin")
SEES_IT = ("author", "editor", "admin")


@dataclass(frozen=True)
class Row:
    method: str
    template: str
    expect: dict[str, int]
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.template} {sorted(self.data)}"


def statuses(default: int, **by_role: int) -> dict[str, int]:
    by_role = {name.replace("_", "-"): status for name, status in by_role.items()}
    return {role: by_role.get(role, default) for role in ROLES}


def submitters(status: int) -> dict[str, int]:
    """Authors, editors and admins; plain members 403; the signed-out sign in."""
    return statuses(403, anonymous=302, suspended=302, **{r.replace("-", "_"): status
                                                            for r in SUBMITTERS})


def its_people(status: int, **by_role: int) -> dict[str, int]:
    """The author and the editors; every other member 404; the signed-out sign in."""
    return statuses(404, anonymous=302, suspended=302,
                    **{**{r.replace("-", "_"): status for r in SEES_IT}, **by_role})


GOOD = data_file("good/platform-bet.md").decode()
S = "/authoring/{id}"
ROWS = [
    Row("GET", "/authoring", submitters(200)),
    Row("GET", "/authoring/guide", statuses(200)),  # anyone may read how to write a case
    Row("GET", "/authoring/template.md", statuses(200)),
    Row("GET", "/authoring/new", submitters(200)),
    Row("POST", "/authoring/new", submitters(422), {"markdown": ""}),
    Row("POST", "/authoring/new", submitters(303), {"markdown": GOOD}),
    Row("GET", S, its_people(200)),
    Row("GET", "/authoring/999999", its_people(404)),
    Row("GET", S + "/versions", its_people(303)),
    Row("POST", S + "/versions", its_people(422, editor=403, admin=403), {"markdown": ""}),
    Row("POST", S + "/versions", its_people(303, editor=403, admin=403), {"markdown": GOOD}),
    Row("GET", S + "/versions/1", its_people(200)),
    Row("GET", S + "/versions/9", its_people(404)),
    Row("GET", S + "/versions/1/source.md", its_people(200)),
    Row("GET", S + "/versions/9/source.md", its_people(404)),
    Row("GET", S + "/compare?from=1&to=2", its_people(200)),
    Row("GET", S + "/versions/2/preview", its_people(200)),
    Row("GET", S + "/versions/2/preview?step=0", its_people(200)),
    Row("GET", S + "/versions/1/preview", its_people(200)),  # with errors: says so
    Row("GET", "/authoring/queue", statuses(403, anonymous=302, suspended=302, editor=200,
                                            admin=200)),
    Row("GET", "/authoring/queue?show=all&order=newest", statuses(
        403, anonymous=302, suspended=302, editor=200, admin=200)),
    Row("GET", S + "/comments", its_people(303)),
    Row("POST", S + "/comments", its_people(422), {"body": "", "version": "2"}),
    Row("POST", S + "/comments", its_people(303), {"body": "A comment.", "line": "2"}),
    Row("POST", S + "/request-changes", its_people(403, editor=422, admin=422), {"changes": ""}),
    Row("POST", S + "/request-changes", its_people(403, editor=303, admin=303),
        {"changes": "More sources."}),
    Row("POST", S + "/reject", its_people(403, editor=422, admin=422), {"reason": ""}),
    Row("POST", S + "/reject", its_people(403, editor=303, admin=303), {"reason": "No."}),
    Row("POST", S + "/publish", its_people(403, editor=303, admin=303), {}),
]


@pytest.fixture
def world(app, rollback) -> dict[str, int]:
    with app.app_context():
        author_id = factories.make_user("author").id
    client = app.test_client()
    factories.sign_in(client, author_id)
    first = paste(client, "no front matter at all")
    submission_id = int(first.location.split("/")[2])
    assert paste(client, GOOD, path=f"/authoring/{submission_id}/versions").status_code == 303
    return {"author": author_id, "id": submission_id}


def client_as(app, world, role: str):
    client = app.test_client()
    if role == "anonymous":
        return client
    if role == "author":
        user_id = world["author"]
    else:
        with app.app_context():
            roles = {"other-author": ("author",), "leader": ()}.get(role, (role,))
            if role == "suspended":
                user_id = factories.make_user("author", is_suspended=True).id
            else:
                user_id = factories.make_user(*roles).id
    factories.sign_in(client, user_id)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_authoring_permission_matrix(app, world, row, role):
    client = client_as(app, world, role)
    path = row.template.format(id=world["id"])
    response = client.open(path, method=row.method, data=row.data)
    assert response.status_code == row.expect[role], (row.id, role)
    assert response.headers.get("Cache-Control") == "private, no-store"
    if response.status_code == 302:
        assert response.location.startswith("/sign-in")


@pytest.mark.parametrize("role", ["leader", "facilitator", "other-author"])
@pytest.mark.parametrize("row", [r for r in ROWS if r.method == "GET" and S in r.template],
                         ids=lambda r: r.template)
def test_a_submission_answers_like_a_missing_one_to_anyone_else(app, world, row, role):
    client = client_as(app, world, role)
    existing = client.get(row.template.format(id=world["id"]))
    missing = client.get(row.template.format(id=world["id"] + 1000))
    same_answer(existing, missing)


def test_every_authoring_route_has_a_row(app):
    adapter = app.url_map.bind("localhost")
    covered = set()
    for row in ROWS:
        try:
            endpoint, _ = adapter.match(row.template.format(id=1).split("?")[0], method=row.method)
        except Exception:  # noqa: BLE001 - a row for a missing page covers no endpoint
            continue
        covered.add((endpoint, row.method))
    missing = sorted(
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules() if rule.endpoint.startswith("authoring.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (rule.endpoint, method) not in covered
    )
    assert missing == []
