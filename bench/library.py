"""The case library with 2,400 cases, against the hello-world Flask app and the site's
minimal route, measured in the same run (bench/harness.py).

Run: .venv/bin/python bench/library.py [--seconds 5] [--rounds 2] [--cases 2400]
    [--database-url URL [--reset-schema]]
The database is a new SQLite file unless a URL is given (default: CASEBOOK_DATABASE_URL
when set); a PostgreSQL database must be empty, or be emptied with --reset-schema (which
drops its `public` schema).
Pages: the first page, two two-word searches (one matching most of the library, one a
few cases in a hundred) and a level filter. Target (docs/performance.md): each page
>= 0.10x the hello-world app; on PostgreSQL at least three quarters of the SQLite figure.

The site is migrated and the shipped cases imported; then copies of them are inserted
as rows (each copy's parts, decisions and options too, so every case page works), each
with its own slug, title, digest, level, region, sector, year and competencies, until
the library holds --cases cases. The full-text index fills itself (SQLite triggers, a
PostgreSQL generated column); PostgreSQL is analyzed afterwards, as autovacuum would.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import (  # noqa: E402
    Route,
    add_load_options,
    baselines,
    cleanup,
    flask,
    get,
    measure,
    report,
    site_and_hello,
    site_env,
)

TARGET = 0.10
# Two common words (more than half the library matches: the count is the most work) and
# two rarer ones (a few cases in a hundred).
SEARCHES = ("chief executive", "platform smartphone")
LEVEL = "executive"
BATCH = 1_000


def reset_schema(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _varied(case: dict, copy: int, index: int, vocabulary: tuple[str, ...]) -> dict:
    """Copy `copy` of the index-th shipped case: the same parts, other facts."""
    from casebook.cases.search import search_words
    from casebook.config import LEVELS, REGIONS, SECTORS

    title = f"{case['title']}, variant {copy}"
    return {
        **case,
        "slug": f"{case['slug'][:70]}-v{copy}",
        "title": title,
        "level": LEVELS[(index + copy) % len(LEVELS)],
        "region": REGIONS[(3 * index + copy) % len(REGIONS)],
        "sector": SECTORS[(index + copy) % len(SECTORS)],
        "year": case["year"] + copy % 7 - 3 if case["year"] else None,
        "source_sha256": hashlib.sha256(f"{case['source_sha256']}-{copy}".encode()).hexdigest(),
        "search_text": f"{search_words(title)} {case['search_text']}",
    }


def seed(database_url: str, cases: int) -> dict[str, int]:
    """Fill the library to `cases` cases with varied copies; the rows inserted, per table."""
    from sqlalchemy import func, insert, select, text

    from casebook import create_app
    from casebook.cases.models import Case, CaseCompetency, CaseSection, Decision, DecisionOption
    from casebook.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    vocabulary = app.config["COMPETENCIES"]
    tables = (Case, CaseCompetency, CaseSection, Decision, DecisionOption)
    with app.app_context():
        shipped = {t: [dict(r) for r in db.session.execute(select(t.__table__)).mappings()]
                   for t in tables}
        if not shipped[Case]:
            raise SystemExit("no case imported from cases/")
        next_id = {t: (db.session.scalar(select(func.max(t.__table__.c.id))) or 0) + 1
                   for t in (Case, CaseSection, Decision, DecisionOption)}
        parts = {t: {} for t in tables}
        for t in tables[1:4]:
            for row in shipped[t]:
                parts[t].setdefault(row["case_id"], []).append(row)
        for row in shipped[DecisionOption]:
            parts[DecisionOption].setdefault(row["decision_id"], []).append(row)
        rows: dict = {t: [] for t in tables}

        def new_id(table) -> int:
            next_id[table] += 1
            return next_id[table] - 1

        copy = 0
        while len(shipped[Case]) + len(rows[Case]) < cases:
            copy += 1
            for index, case in enumerate(shipped[Case]):
                if len(shipped[Case]) + len(rows[Case]) >= cases:
                    break
                row = _varied(case, copy, index, vocabulary)
                row["id"] = new_id(Case)
                rows[Case].append(row)
                names = [c["competency"] for c in parts[CaseCompetency].get(case["id"], [])]
                names = names[copy % len(names):] + names[:copy % len(names)] if names else []
                extra = vocabulary[(index + copy) % len(vocabulary)]
                names = list(dict.fromkeys(names + [extra]))
                rows[CaseCompetency] += [{"case_id": row["id"], "competency": name, "position": i}
                                         for i, name in enumerate(names)]
                for section in parts[CaseSection].get(case["id"], []):
                    rows[CaseSection].append({**section, "id": new_id(CaseSection),
                                              "case_id": row["id"]})
                for decision in parts[Decision].get(case["id"], []):
                    decision_id = new_id(Decision)
                    rows[Decision].append({**decision, "id": decision_id, "case_id": row["id"]})
                    for option in parts[DecisionOption].get(decision["id"], []):
                        rows[DecisionOption].append({**option, "id": new_id(DecisionOption),
                                                     "decision_id": decision_id})
        for table in tables:
            for start in range(0, len(rows[table]), BATCH):
                db.session.execute(insert(table), rows[table][start:start + BATCH])
        if db.engine.dialect.name == "postgresql":
            for table in (Case, CaseSection, Decision, DecisionOption):
                name = table.__tablename__
                db.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT max(id) FROM {name}))"))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("VACUUM ANALYZE"))
        db.engine.dispose()
    return {t.__tablename__: len(r) for t, r in rows.items()}


def statements_per_page(database_url: str, paths: list[str]) -> dict[str, int]:
    """SQL statements each page runs (in-process, after a warm-up request)."""
    from sqlalchemy import event

    from casebook import create_app
    from casebook.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    counts = {}
    for path in paths:
        client.get(path)
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200, path
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts[path] = len(seen)
    with app.app_context():
        db.engine.dispose()
    return counts


def result_count(body: bytes) -> str:
    text = body.decode()
    start = text.index('class="result-count"')
    return " ".join(text[text.index(">", start) + 1:text.index("cases", start)].split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_load_options(parser)
    parser.add_argument("--cases", type=int, default=2_400)
    parser.add_argument("--database-url", default=os.environ.get("CASEBOOK_DATABASE_URL"),
                        help="an EMPTY database to fill (default: a new SQLite file)")
    parser.add_argument("--reset-schema", action="store_true",
                        help="drop the PostgreSQL database's public schema first")
    args = parser.parse_args()
    if args.reset_schema and args.database_url:
        reset_schema(args.database_url)
    env, workdir = site_env(args.database_url)
    try:
        started = time.perf_counter()
        flask(env, "db", "upgrade")
        flask(env, "cases", "import")
        inserted = seed(env["CASEBOOK_DATABASE_URL"], args.cases)
        print(f"seeded {args.cases} cases in {time.perf_counter() - started:.1f} s "
              f"({', '.join(f'{n} {t}' for t, n in inserted.items())} rows inserted); "
              f"database: {env['CASEBOOK_DATABASE_URL'].split(':')[0]}")
        pages = {"library, first page": "/"}
        for words in SEARCHES:
            pages[f"library, two-word search '{words}'"] = "/?q=" + words.replace(" ", "+")
        pages[f"library, level filter '{LEVEL}'"] = f"/?level={LEVEL}"
        statements = statements_per_page(env["CASEBOOK_DATABASE_URL"], list(pages.values()))
        with site_and_hello(env) as (port, hello_port):
            routes = baselines(port, hello_port)
            for label, path in pages.items():
                status, body = get(port, path)
                assert status == 200, (path, status)
                routes.append(Route(
                    f"{label} ({result_count(body)} cases, {len(body) / 1024:.0f} KiB, "
                    f"{statements[path]} SQL statements)", port, path, target=TARGET))
            measure(routes, args.seconds, args.clients, args.rounds)
        return report(routes, args.seconds, args.clients, args.rounds, env["CASEBOOK_DATABASE_URL"])
    finally:
        cleanup(workdir)


if __name__ == "__main__":
    sys.exit(main())
