"""Migration 20261203_03 on a database that already holds a case with commitments: the
case gets one version holding its decisions' text as stored, every commitment points
at it, and commitments are sealed again afterwards. Runs on a database of its own (a
SQLite file, or a schema of its own on the PostgreSQL the suite uses)."""
from __future__ import annotations

import json
import os

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from casebook.extensions import db
from tests.conftest import build_test_app

SCHEMA = "migration_case_versions"
BEFORE = "20261203_02_cohort_debates"

cases = sa.table(
    "cases", *(sa.column(name) for name in (
        "id", "slug", "title", "summary", "level", "sector", "status", "decision_count",
        "search_text", "source_markdown", "source_sha256", "renderer_version",
        "created_at", "updated_at")),
    sa.column("authors", sa.JSON), sa.column("sources", sa.JSON),
)
decisions = sa.table(
    "decisions", *(sa.column(name) for name in (
        "id", "case_id", "key", "number", "position", "question", "prompt_html",
        "actual_choice", "outcome_html", "hindsight_html")),
    sa.column("debate_prompts", sa.JSON),
)
options = sa.table("decision_options", *(sa.column(n) for n in ("id", "decision_id", "label", "position", "html")))
users = sa.table("users", *(sa.column(n) for n in (
    "id", "email", "display_name", "is_suspended", "session_version", "created_at", "profile_public")))
commitments = sa.table("commitments", *(sa.column(n) for n in (
    "id", "user_id", "decision_id", "option_label", "rationale_source", "rationale_html",
    "renderer_version", "confidence", "knew_outcome", "created_at")))
WHEN = "2026-06-01 10:00:00"


@pytest.fixture
def database_of_its_own(tmp_path):
    url = os.environ.get("CASEBOOK_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'before.sqlite3'}"
        return
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options=-csearch_path%3D{SCHEMA}"
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def _fill(conn) -> None:
    conn.execute(cases.insert(), [{
        "id": 1, "slug": "old-case", "title": "Old case", "summary": "S.", "level": "executive",
        "sector": "business", "status": "published", "decision_count": 2, "search_text": "old case",
        "source_markdown": "(old)", "source_sha256": "a" * 64, "renderer_version": 1,
        "created_at": WHEN, "updated_at": WHEN, "authors": [], "sources": [],
    }])
    conn.execute(decisions.insert(), [
        {"id": 10 + n, "case_id": 1, "key": f"d{n}", "number": n, "position": n,
         "question": f"Question {n}?", "prompt_html": "", "actual_choice": "B",
         "outcome_html": f"<p>Outcome {n}</p>", "hindsight_html": None, "debate_prompts": []}
        for n in (1, 2)
    ])
    conn.execute(options.insert(), [
        {"id": 100 + 10 * n + i, "decision_id": 10 + n, "label": label, "position": i,
         "html": f"Option {label} of {n}"}
        for n in (1, 2) for i, label in enumerate("BA")
    ])
    conn.execute(users.insert(), [{"id": 7, "email": "u7@example.com", "display_name": "Seven",
                                   "is_suspended": False, "session_version": 1,
                                   "created_at": WHEN, "profile_public": False}])
    conn.execute(commitments.insert(), [{
        "id": 70, "user_id": 7, "decision_id": 11, "option_label": "A", "rationale_source": "R",
        "rationale_html": "<p>R</p>", "renderer_version": 1, "confidence": 70,
        "knew_outcome": False, "created_at": WHEN,
    }])


def test_existing_cases_get_a_version_and_commitments_point_at_it(database_of_its_own):
    app = build_test_app(database_of_its_own)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            _fill(conn)
        upgrade()
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # not the suite's own schema
                assert conn.execute(text("SELECT current_schema()")).scalar_one() == SCHEMA
            version = conn.execute(text(
                "SELECT id, case_id, digest, renderer_version, decisions FROM case_versions")).one()
            pointed = conn.execute(text("SELECT case_version_id FROM commitments")).scalar_one()
        with pytest.raises(DatabaseError, match="sealed"), db.engine.begin() as conn:
            conn.execute(text("UPDATE commitments SET case_version_id = NULL"))
        downgrade(revision=BEFORE)
        with pytest.raises(DatabaseError, match="sealed"), db.engine.begin() as conn:
            conn.execute(text("UPDATE commitments SET confidence = 90"))
        db.engine.dispose()
    stored = version.decisions if isinstance(version.decisions, list) else json.loads(version.decisions)
    assert (version.case_id, version.digest, version.renderer_version) == (1, "a" * 64, 1)
    assert pointed == version.id
    assert stored[0] == {
        "key": "d1", "question": "Question 1?", "prompt_html": "",
        "options": [["B", "Option B of 1"], ["A", "Option A of 1"]],  # in their order
        "actual_choice": "B", "outcome_html": "<p>Outcome 1</p>", "hindsight_html": None,
    }
    assert [d["key"] for d in stored] == ["d1", "d2"]
