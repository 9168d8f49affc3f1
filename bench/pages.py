"""Requests per second: the largest case's page against the hello-world Flask app and the
site's minimal route, measured in the same run (bench/harness.py).

Run: .venv/bin/python bench/pages.py [--seconds 5] [--rounds 2] [--database-url URL]
Target (docs/performance.md): case page >= 0.40x the hello-world app (on PostgreSQL, at
least three quarters of the SQLite figure).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
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

TARGET = 0.40


def largest_case(database_url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            slug = conn.execute(text(
                "SELECT slug FROM cases ORDER BY length(source_markdown) DESC LIMIT 1"
            )).scalar()
    finally:
        engine.dispose()
    if slug is None:
        raise SystemExit("no cases imported")
    return slug


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_load_options(parser)
    parser.add_argument("--database-url", help="an EMPTY database to fill (default: a new SQLite file)")
    args = parser.parse_args()
    env, workdir = site_env(args.database_url)
    try:
        flask(env, "db", "upgrade")
        flask(env, "cases", "import")
        slug = largest_case(env["CASEBOOK_DATABASE_URL"])
        with site_and_hello(env) as (port, hello_port):
            case_path = f"/cases/{slug}"
            _, body = get(port, case_path)
            routes = baselines(port, hello_port) + [
                Route(f"case page {case_path} ({len(body) / 1024:.1f} KiB)", port, case_path,
                      target=TARGET),
            ]
            measure(routes, args.seconds, args.clients, args.rounds)
        return report(routes, args.seconds, args.clients, args.rounds, env["CASEBOOK_DATABASE_URL"])
    finally:
        cleanup(workdir)


if __name__ == "__main__":
    sys.exit(main())
