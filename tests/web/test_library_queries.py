"""The library page costs the same SQL statements whatever the size of the library: its
count, page, filters and search read indexes, and a card's competencies come with it."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, insert, select

from casebook.cases.models import Case, CaseCompetency
from casebook.config import LEVELS, REGIONS, SECTORS
from casebook.extensions import db
from tests.factories import make_case, make_user, sign_in
from tests.web.debates_support import count_queries

VOCABULARY = ("strategic-direction", "communication", "risk-assessment", "building-trust")


def add_cases(app, count: int) -> int:
    """`count` published cases as rows, their facts and competencies varied; the first id."""
    with app.app_context():
        first = (db.session.scalar(select(func.max(Case.id))) or 0) + 1
        cases, competencies = [], []
        for n in range(first, first + count):
            cases.append({
                "id": n, "slug": f"bulk-{n}", "title": f"Bulk case {n:05d}",
                "summary": "A bulk case.", "level": LEVELS[n % len(LEVELS)],
                "region": REGIONS[n % len(REGIONS)], "sector": SECTORS[n % len(SECTORS)],
                "year": 1980 + n % 40, "authors": [], "sources": ["A source"],
                "decision_count": n % 3, "status": "published",
                "search_text": f"bulk case {n} summary of a chief executive decision",
                "source_markdown": "-", "source_sha256": f"{n:064d}", "renderer_version": 1,
            })
            competencies += [{"case_id": n, "competency": VOCABULARY[(n + k) % 4], "position": k}
                             for k in range(2)]
        db.session.execute(insert(Case), cases)
        db.session.execute(insert(CaseCompetency), competencies)
        db.session.commit()
    return first


PATHS = [
    "/",
    "/?page=50",
    "/?q=chief+executive",
    "/?q=bulk+case&sort=newest",
    "/?level=executive",
    "/?competency=communication",
    "/?region=europe&sort=oldest",
    "/?sector=public&q=bulk",
    "/?sort=decisions&page=50",
    "/?q=%25%25",
]


def statements_for(app, client, path: str) -> list[str]:
    client.get(path)  # warm-up: first-request work is not what is measured
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return statements


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "leader"])
@pytest.mark.parametrize("path", PATHS)
def test_statements_are_the_same_for_10_and_200_cases(app, client, rollback, path, signed_in):
    if signed_in:
        with app.app_context():
            make_case("started-case")  # something for "continue where you left off"
            sign_in(client, make_user())
    add_cases(app, 10)
    small = statements_for(app, client, path)
    add_cases(app, 190)
    large = statements_for(app, client, path)
    assert len(small) == len(large), "\n".join(large)
    # Signed in: the header, "continue", progress badges and "Your cohorts" add theirs,
    # and the hindsight checks ready (decisions/waiting.py) one more.
    assert len(large) <= (10 if signed_in else 4), "\n".join(large)


def test_a_card_shows_its_own_competencies_in_order(app, client, rollback):
    first = add_cases(app, 3)
    html = client.get("/").get_data(as_text=True)
    start = html.index(f"Bulk case {first:05d}")
    tags = html[start:html.index("</ul>", start)]
    shown = [name for name in ("Strategic direction", "Communication", "Risk assessment",
                               "Building trust") if name in tags]
    expected = [VOCABULARY[(first + k) % 4].replace("-", " ").capitalize() for k in range(2)]
    assert sorted(shown, key=tags.index) == expected


def _shown_total(html: str) -> int:
    return int(re.search(r"(\d+) cases? found", html).group(1))


def test_counts_and_the_menu_are_read_again_only_when_the_library_changes(app, client, rollback):
    add_cases(app, 30)
    client.get("/?level=executive")  # this worker counts the query at this version
    with count_queries(app) as statements:
        html = client.get("/?level=executive").get_data(as_text=True)
    # One statement: the page and the library's version (the count and menu are known).
    assert len(statements) == 1, "\n".join(statements)
    before = _shown_total(html)
    assert 'value="succession-planning"' not in html  # no case carries it yet
    with app.app_context():
        make_case("a-new-executive-case", level="executive", competencies=("succession-planning",))
    with count_queries(app) as statements:
        html = client.get("/?level=executive").get_data(as_text=True)
    assert len(statements) > 1
    assert _shown_total(html) == before + 1
    assert 'value="succession-planning"' in html
