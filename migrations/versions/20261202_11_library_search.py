"""library search: full-text index over the visible search text, and the indexes the
library's filters, sorts and counts read

SQLite gets an FTS5 table with `cases` as its external content, kept in step by
triggers on every insert, delete and change of `search_text`; PostgreSQL a tsvector
column generated from `search_text`, with a GIN index. Both index the same plain words
(casebook/cases/search.py), so stored texts are rewritten into those words first.

Revision ID: 20261202_11
Revises: 20261202_01
"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa

revision = "20261202_11"
down_revision = "20261202_01"
branch_labels = None
depends_on = None

# The library lists published cases: each filter is an equality, then the sort. With
# status first and the sort column last, a page is an ordered index scan that stops at
# the page's end, and every count is answered from the index alone.
LISTING_INDEXES = {
    "ix_cases_listing_title": ["status", "title"],
    "ix_cases_listing_level": ["status", "level", "title"],
    "ix_cases_listing_region": ["status", "region", "title"],
    "ix_cases_listing_sector": ["status", "sector", "title"],
    "ix_cases_listing_year": ["status", "year", "title"],
    "ix_cases_listing_decisions": ["status", "decision_count", "title"],
}
REPLACED_INDEXES = {"ix_cases_level": "level", "ix_cases_region": "region", "ix_cases_sector": "sector"}

SQLITE_TRIGGERS = (
    """CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN
         INSERT INTO cases_search (rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    """CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN
         INSERT INTO cases_search (cases_search, rowid, search_text)
         VALUES ('delete', old.id, old.search_text);
       END""",
    """CREATE TRIGGER cases_search_update AFTER UPDATE OF search_text ON cases BEGIN
         INSERT INTO cases_search (cases_search, rowid, search_text)
         VALUES ('delete', old.id, old.search_text);
         INSERT INTO cases_search (rowid, search_text) VALUES (new.id, new.search_text);
       END""",
)


def _search_words(text):
    """casebook.cases.search.search_words as of this revision (migrations never import
    the code they may outlive)."""
    text = text.casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", text))


def _rewrite_search_texts():
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, search_text FROM cases")).all()
    update = sa.text("UPDATE cases SET search_text = :words WHERE id = :id")
    for case_id, text in rows:
        words = _search_words(text or "")
        if words != text:
            conn.execute(update, {"id": case_id, "words": words})


def upgrade():
    _rewrite_search_texts()
    for name in REPLACED_INDEXES:
        op.drop_index(name, table_name="cases")
    for name, columns in LISTING_INDEXES.items():
        op.create_index(name, "cases", columns)
    # The competency filter and menu read (competency, case) pairs from the index alone.
    op.drop_index("ix_case_competencies_competency", table_name="case_competencies")
    op.create_index("ix_case_competencies_competency_case", "case_competencies",
                    ["competency", "case_id"])
    if op.get_bind().dialect.name == "postgresql":
        # Stored out of line, the long texts leave narrow rows: a search visits each
        # matching row (GIN cannot answer alone), and visits fewer pages of them.
        op.execute("ALTER TABLE cases ALTER COLUMN search_text SET STORAGE EXTERNAL")
        # Stripped: no positions, as no query asks for phrases or ranks.
        op.execute(
            "ALTER TABLE cases ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            "(strip(to_tsvector('simple'::regconfig, search_text))) STORED"
        )
        op.execute("ALTER TABLE cases ALTER COLUMN search_vector SET STORAGE EXTERNAL")
        # fastupdate off: each import updates the index itself, so no search ever scans
        # a pending list of recent changes (imports are rare, searches are not).
        op.execute("CREATE INDEX ix_cases_search_vector ON cases USING gin (search_vector) "
                   "WITH (fastupdate = off)")
        return
    op.execute(
        "CREATE VIRTUAL TABLE cases_search USING fts5(search_text, content='cases', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 0', "
        "detail=column, prefix='1 2')"
    )
    op.execute("INSERT INTO cases_search (cases_search) VALUES ('rebuild')")
    for trigger in SQLITE_TRIGGERS:
        op.execute(trigger)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_cases_search_vector")
        op.execute("ALTER TABLE cases DROP COLUMN search_vector")
        op.execute("ALTER TABLE cases ALTER COLUMN search_text SET STORAGE EXTENDED")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER cases_search_{trigger}")
        op.execute("DROP TABLE cases_search")
    op.drop_index("ix_case_competencies_competency_case", table_name="case_competencies")
    op.create_index("ix_case_competencies_competency", "case_competencies", ["competency"])
    for name in LISTING_INDEXES:
        op.drop_index(name, table_name="cases")
    for name, column in REPLACED_INDEXES.items():
        op.create_index(name, "cases", [column])
