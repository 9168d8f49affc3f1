"""Requests per second: the largest case's page against the app's minimal route.

Run: .venv/bin/python bench/pages.py [--seconds 5]
Target (docs/performance.md): case page >= 0.30x the minimal route.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402
    cleanup,
    flask,
    get,
    gunicorn,
    report_ratio,
    requests_per_second,
    site_env,
)

TARGET = 0.30


def largest_case(database_url: str) -> str:
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT slug FROM cases ORDER BY length(source_markdown) DESC LIMIT 1"
        ).fetchone()
    if row is None:
        raise SystemExit("no cases imported")
    return row[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    env, workdir = site_env()
    try:
        flask(env, "db", "upgrade")
        flask(env, "cases", "import")
        slug = largest_case(env["CASEBOOK_DATABASE_URL"])
        with gunicorn(env, workers=2) as port:
            case_path = f"/cases/{slug}"
            status, body = get(port, case_path)
            assert status == 200, status
            get(port, "/healthz")
            # Alternate, so drift on the machine hits both routes alike.
            minimal = requests_per_second(port, "/healthz", args.seconds, args.clients)
            case = requests_per_second(port, case_path, args.seconds, args.clients)
            minimal = (minimal + requests_per_second(port, "/healthz", args.seconds, args.clients)) / 2
        print(f"case page   {case_path} ({len(body) / 1024:.1f} KiB): {case:8.1f} req/s")
        return report_ratio(minimal, case, TARGET)
    finally:
        cleanup(workdir)


if __name__ == "__main__":
    sys.exit(main())
