"""The cohort's commitments as CSV: for its facilitators only, one row per member's
commitment on the programme, formulas neutralised, the outcome only once the facilitator
may see it."""
from __future__ import annotations

import csv
import io

import pytest

from casebook.cohorts.csv_export import HEADER, neutralised
from tests.factories import make_case, make_user, sign_in
from tests.web.cohorts_support import assign, make_cohort
from tests.web.decisions_support import post_commit


@pytest.fixture
def world(app, rollback):
    with app.app_context():
        make_case("csv-case", title="The CSV Case", decisions=2)
        lead = make_user("facilitator", display_name="Fay Lead")
        ann = make_user(display_name="Ann Member")
        bob = make_user(display_name="=HYPERLINK(\"http://x\")")
        outsider = make_user(display_name="Olga Outside")
        cohort = make_cohort(lead, members=(ann, bob))
        assign(lead, cohort, "csv-case", hold=False)
        ids = {"lead": lead.id, "ann": ann.id, "bob": bob.id, "outsider": outsider.id}
    for who, option, rationale in (("ann", "B", "Because the numbers said so."),
                                   ("bob", "A", "=cmd|' /C calc'!A0")):
        client = app.test_client()
        sign_in(client, ids[who])
        assert post_commit(client, "csv-case", option=option, rationale=rationale).status_code == 303
    return cohort, ids


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize("cell, written", [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), (70, "70"), (None, ""),
])
def test_a_cell_that_would_run_as_a_formula_is_written_as_text(cell, written):
    assert neutralised(cell) == written


def test_the_facilitator_downloads_every_members_commitment(app, world):
    cohort, ids = world
    client = app.test_client()
    sign_in(client, ids["lead"])
    response = client.get(f"/cohorts/{cohort}/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="cohort-{cohort}-commitments.csv"'
    header, *rows = _rows(response)
    assert tuple(header) == HEADER
    by_member = {row[0]: row for row in rows}
    assert set(by_member) == {"Ann Member", "'=HYPERLINK(\"http://x\")"}
    ann = by_member["Ann Member"]
    assert ann[1:7] == ["The CSV Case", "1", ann[3], "B", "70", "Because the numbers said so."]
    assert by_member["'=HYPERLINK(\"http://x\")"][6] == "'=cmd|' /C calc'!A0"
    # A facilitator previews cases, so the match with the real choice (B) is filled in.
    assert (ann[8], by_member["'=HYPERLINK(\"http://x\")"][8]) == ("yes", "no")
    # The first decision's question is open to anyone; nobody committed on the second.
    assert ann[3] and all(row[2] == "1" for row in rows)


def test_members_and_outsiders_get_no_export(app, world):
    cohort, ids = world
    for who, status in (("ann", 403), ("outsider", 404)):
        client = app.test_client()
        sign_in(client, ids[who])
        assert client.get(f"/cohorts/{cohort}/export.csv").status_code == status
    assert app.test_client().get(f"/cohorts/{cohort}/export.csv").status_code == 302


def test_a_co_facilitator_who_cannot_see_the_outcome_gets_no_match(app, world):
    """A member made co-facilitator reads the case as themselves: no outcome, no match."""
    from casebook.cohorts.models import CO_FACILITATOR, CohortMember
    from casebook.extensions import db

    cohort, ids = world
    with app.app_context():
        co = make_user(display_name="Cora Co")
        db.session.add(CohortMember(cohort_id=cohort, user_id=co.id, role=CO_FACILITATOR))
        db.session.commit()
        co_id = co.id
    client = app.test_client()
    sign_in(client, co_id)
    header, *rows = _rows(client.get(f"/cohorts/{cohort}/export.csv"))
    assert len(rows) == 2 and all(row[8] == "" for row in rows)
    assert "OUTCOME" not in client.get(f"/cohorts/{cohort}/export.csv").get_data(as_text=True)
