"""Full-text search over what every reader sees: one meaning, two engines.

The importer stores a case's search text (the anonymous reader's unfolding) as plain
words: lower-cased, accents folded, every run of letters and digits one word, everything
else gone. Both engines then index exactly the same words, so a query finds the same
cases on SQLite (an FTS5 table kept in step with `cases` by triggers) and on PostgreSQL
(a generated tsvector column with a GIN index); the migration 20261202_11 makes both.

A query means: every word of it starts a word of the case ("two words" = both words,
"memo" finds "memory"). The user's text is reduced to the same plain words before it
reaches either engine, so quotes, `*`, `-`, `NEAR`, `OR`, `:` or `&` are never query
syntax, only text; a query with no letters or digits at all matches nothing.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, Connection, bindparam, column, func, literal_column, select, table

MAX_WORDS = 12
_WORD = re.compile(r"[^\W_]+")

# The FTS5 table (SQLite) and the tsvector column and its index (PostgreSQL) are made by
# their migration, not by the models: Alembic's comparison leaves these names alone.
FTS_TABLE = "cases_search"
TSVECTOR_COLUMN = "search_vector"
TSVECTOR_INDEX = "ix_cases_search_vector"

_fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))


def search_words(text: str) -> str:
    """Text as the words the index holds: "Café-Owner's 3.5%" -> "cafe owner s 3 5"."""
    text = text.casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text))


def query_words(q: str) -> tuple[str, ...]:
    """The words of a query, at most MAX_WORDS of them, each once."""
    return tuple(dict.fromkeys(search_words(q).split()))[:MAX_WORDS]


def matching(dialect: str, case_id: ColumnElement) -> ColumnElement[bool]:
    """A condition on `cases`: its search text holds each word of the `search` parameter,
    as a word or a prefix. The parameter's value is `search_expression(dialect, words)`."""
    if dialect == "postgresql":
        query = func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("search"))
        return literal_column(f"cases.{TSVECTOR_COLUMN}").op("@@")(query)
    return case_id.in_(
        select(_fts.c.rowid).where(_fts.c[FTS_TABLE].op("MATCH")(bindparam("search")))
    )


@contextmanager
def search_settings(connection: Connection, searching: bool = True) -> Iterator[None]:
    """The settings a library search's statements need, for those statements only.

    PostgreSQL's planner costs the `@@` test of a row at a fraction of a microsecond, so
    when it expects many matches it prefers reading the whole table; but each row's
    tsvector must then be fetched from TOAST and decompressed: 10 to 15 ms at 2,400
    cases, against about 1 ms through the GIN index. So sequential scans are off. And
    each search is planned for its own words: the generic plan of a prepared statement
    cannot know whether they match 5 cases or 2,000 (index order for many, a sort for
    few), and picked one 4 times slower (docs/performance.md).

    A page view runs outside a transaction (casebook/db.py), where `SET LOCAL` does
    nothing: the search gets a short transaction of its own, rolled back (with the
    settings) as soon as its statements are read, so the page's other statements plan
    as usual. Inside a transaction already (a test's, say), the settings are only set.
    """
    if not searching or connection.dialect.name != "postgresql":
        yield
        return
    driver = connection.connection.dbapi_connection
    settings = "SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = force_custom_plan"
    if not driver.autocommit:  # in a transaction already
        driver.execute(settings)
        yield
        return
    # One round trip (no parameters: the simple query protocol runs all three), and
    # one to end it.
    driver.execute(f"BEGIN; {settings}")
    try:
        yield
    except BaseException:
        # The driver's own rollback, which also forgets what it prepared meanwhile.
        driver.rollback()
        raise
    driver.execute("ROLLBACK")


def search_expression(dialect: str, words: tuple[str, ...]) -> str:
    """The words as the engine's query: each a prefix, all of them required. Words hold
    only letters and digits; quoting them anyway keeps any other character plain text."""
    if dialect == "postgresql":
        return " & ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "':*" for w in words)
    # FTS5: a quoted string with a prefix star; juxtaposition means AND.
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def outside_models(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's include_name hook: False for the search index's own schema objects."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    if type_ == "column":
        return not (parent_names.get("table_name") == "cases" and name == TSVECTOR_COLUMN)
    if type_ == "index":
        return name != TSVECTOR_INDEX
    return True
