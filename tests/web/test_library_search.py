"""Library search through the full-text index: what a reader finds, on SQLite (FTS5) and
PostgreSQL (tsvector, GIN) alike.

Cases here come through the importer, as in production, so the text searched is the
anonymous reader's unfolding reduced to plain words. The same table of queries and
answers runs on whichever database the suite uses (CI runs both): both databases give
the same answers.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from casebook.cases.importer import import_results
from casebook.cases.models import Case
from casebook.cases.parser import parse_case
from casebook.extensions import db
from tests.factories import make_case

TITLES = {
    "intel-memory": "Leaving Memory",
    "tylenol-recall": "The Recall",
    "cafe-closing": "Closing the Café",
    "deepwater-test": "The Pressure Test",
}


def case_file(title: str, background: str, epilogue: str = "Years later it was clear.") -> str:
    """A valid case file: two decisions, so the second one's question stays hidden from a
    reader who has committed nothing; the outcome and the epilogue are hidden too."""
    return f"""---
title: {title}
summary: A leader has to choose, and soon.
level: executive
competencies: [strategic-direction]
organization: Example Org
year: 2001
---

## Background

{background}

## Decision: Which way should the leader go? {{#first}}

The board meets on Monday.

### Options

- [A] Stay the course.
- [B] Change direction.
- [C] Wait a quarter.

### Outcome

Actual choice: B

HIDDENOUTCOME followed.

## Decision: What should HIDDENQUESTION become? {{#second}}

A year has passed.

### Options

- [A] Grow it.
- [B] Sell it.
- [C] Keep it.

### Outcome

Actual choice: A

It grew.

## Epilogue

{epilogue}
"""


BACKGROUNDS = {
    "intel-memory": "Intel makes memory chips; Japanese rivals undercut prices. The co-founder "
                    "and the chief executive weigh their options.",
    "tylenol-recall": "Seven people die in Chicago after taking capsules. Johnson & Johnson "
                      "must decide what to do with every bottle on the shelves.",
    "cafe-closing": "Starbucks closes every café for an afternoon to retrain baristas. "
                    "O'Brien, a store manager, expects complaints.",
    "deepwater-test": "A negative-pressure test reads 1,400 psi on the drill pipe; 3.5 hours "
                      "later the crew must call it.",
}


def import_case(slug: str, background: str | None = None, epilogue: str | None = None) -> None:
    text = case_file(TITLES[slug], background or BACKGROUNDS[slug],
                     **({"epilogue": epilogue} if epilogue else {}))
    result = parse_case(text, f"cases/{slug}.md")
    assert result.case is not None, result.problems
    import_results([result])
    db.session.commit()


@pytest.fixture
def library(app, rollback):
    with app.app_context():
        for slug in TITLES:
            import_case(slug)
    return app.test_client()


def found(client, q: str) -> list[str]:
    response = client.get("/", query_string={"q": q})
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    return sorted(slug for slug, title in TITLES.items() if f">{title}</a>" in html)


ANSWERS = [
    # words and prefixes: every word must start a word of the case
    ("memory", ["intel-memory"]),
    ("MEMO", ["intel-memory"]),
    ("emory", []),
    ("intel memory", ["intel-memory"]),
    ("memory intel", ["intel-memory"]),
    ("intel recall", []),
    ("chief exec", ["intel-memory"]),
    ("leader", sorted(TITLES)),  # in every summary
    # accents, case and punctuation are not part of words
    ("cafe", ["cafe-closing"]),
    ("café", ["cafe-closing"]),
    ("CAFÉ", ["cafe-closing"]),
    ("co-founder", ["intel-memory"]),
    ("co founder", ["intel-memory"]),
    ("cofounder", []),
    ("o'brien", ["cafe-closing"]),
    ("brien", ["cafe-closing"]),
    ("johnson & johnson", ["tylenol-recall"]),
    ("negative-pressure", ["deepwater-test"]),
    ("3.5", ["deepwater-test"]),
    ("1,400 psi", ["deepwater-test"]),
    # FTS5 query syntax is only text
    ('"memory"', ["intel-memory"]),
    ("memo*", ["intel-memory"]),
    ("memory OR recall", []),
    ("memory NOT intel", []),
    ("-intel memory", ["intel-memory"]),
    ("NEAR(memory intel)", []),
    ("NEAR(memory intel, 2)", []),
    ("search_text:memory", []),
    ("^memory", ["intel-memory"]),
    ("{search_text}: memory", []),
    # PostgreSQL tsquery syntax is only text
    ("memory & !intel", ["intel-memory"]),
    ("memory | recall", []),
    ("memory:*", ["intel-memory"]),
    ("memory:A", ["intel-memory"]),  # "a" starts "and"
    ("'memory'", ["intel-memory"]),
    ("(memory)", ["intel-memory"]),
    ("memory<->intel", ["intel-memory"]),
    ("memory <2> chips", []),  # no word starts with "2"
    ("\\memory", ["intel-memory"]),
    # nothing to look for: no case, and no error
    ("*", []),
    ('"', []),
    ('""', []),
    ("-", []),
    ("%", []),
    ("' OR 1=1 --", ["deepwater-test"]),  # only words: "or" starts "Org", "1" starts "1,400"
    ("😀", []),
]


@pytest.mark.parametrize("q, expected", ANSWERS)
def test_search_finds_cases_by_words_and_prefixes_and_reads_no_syntax(library, q, expected):
    assert found(library, q) == expected


def test_a_query_with_nothing_to_look_for_says_so(library):
    response = library.get("/", query_string={"q": '"*"'})
    html = response.get_data(as_text=True)
    assert "0 cases found" in html
    assert "No case matches “&#34;*&#34;”" in html


def test_search_counts_and_pages_what_it_finds(app, library):
    html = library.get("/", query_string={"q": "leader"}).get_data(as_text=True)
    assert "4 cases found" in html
    with_level = library.get("/", query_string={"q": "leader", "level": "executive"})
    assert "4 cases found" in with_level.get_data(as_text=True)
    other_level = library.get("/", query_string={"q": "leader", "level": "new-manager"})
    assert "0 cases found" in other_level.get_data(as_text=True)


@pytest.mark.parametrize("hidden", ["hiddenoutcome", "hiddenquestion", "years later"])
def test_hidden_text_is_not_findable(library, hidden):
    """The outcome, the second decision's question and the epilogue are all hidden from a
    reader who has committed nothing, so search cannot find them."""
    assert found(library, hidden) == []


def test_the_first_decision_is_findable(library):
    assert found(library, "board monday") == sorted(TITLES)


@pytest.mark.parametrize(
    "q, message",
    [
        ("x" * 201, "limited to 200 characters"),
        ("memory\x01", "control character"),
        ("memory\x1b[31m", "control character"),
        ("memory\x7f", "control character"),
        ("memory\x9b", "control character"),
    ],
)
def test_hostile_search_text_is_a_clear_400(library, q, message):
    response = library.get("/", query_string={"q": q})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_search_text_that_is_not_utf8_is_a_clear_400(library):
    response = library.get("/?q=memory%FF")
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "q",
    [
        "a" * 200,
        '"*' * 100,
        "ab " * 60,
        " ".join("abcdefghijklmnopqrstuvwxyz"),
        "m" + "*" * 199,
        "memory\t\nintel",
    ],
)
def test_long_and_odd_search_text_answers_200(library, q):
    response = library.get("/", query_string={"q": q})
    assert response.status_code == 200


def test_a_reimport_updates_what_search_finds(app, library):
    with app.app_context():
        import_case("intel-memory", background="Intel now makes microprocessors only.")
    assert found(library, "microprocessors") == ["intel-memory"]
    assert found(library, "japanese") == []


def test_a_withdrawn_case_is_not_found_and_comes_back_when_imported(app, library):
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.slug == "intel-memory"))
        case.status = "withdrawn"
        db.session.commit()
    assert found(library, "memory") == []
    assert "3 cases" in library.get("/").get_data(as_text=True)
    with app.app_context():
        import_case("intel-memory")
    assert found(library, "memory") == ["intel-memory"]


def test_a_deleted_case_leaves_nothing_behind_for_the_next(app, client):
    """SQLite may give a new row the id of a deleted one: the index must not keep the old
    row's words under that id."""
    with app.app_context():
        gone = make_case("gone-case", title="Vanished Title", decisions=0)
        db.session.delete(gone)
        db.session.commit()
        make_case("new-case", title="Fresh Title", decisions=0)
    html = client.get("/", query_string={"q": "vanished"}).get_data(as_text=True)
    assert "Fresh Title" not in html and "0 cases found" in html
    html = client.get("/", query_string={"q": "fresh"}).get_data(as_text=True)
    assert "Fresh Title" in html and "1 case found" in html
