"""Empty a PostgreSQL database for a bench: drop and recreate its public schema.

Run: .venv/bin/python bench/reset_database.py URL
"""
from __future__ import annotations

import sys

from sqlalchemy import create_engine, text


def main() -> int:
    if len(sys.argv) != 2 or not sys.argv[1].startswith("postgresql"):
        print("usage: reset_database.py postgresql+psycopg://...", file=sys.stderr)
        return 2
    engine = create_engine(sys.argv[1], isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
