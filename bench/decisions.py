"""The case page of a leader who committed, when 10,000 leaders committed on the same
decision (the reveal draws the distribution), against the app's minimal route.

Run: .venv/bin/python bench/decisions.py [--seconds 5] [--rounds 2] [--leaders 10000]
    [--database-url URL]
Target (docs/performance.md): that case page >= 0.25x the hello-world Flask app, measured
in the same run (bench/harness.py); the ratio to the site's /healthz is printed too.

A fresh SQLite site is migrated and filled from cases/; the leaders and their
commitments on the largest case's first decision are inserted as rows (levels spread
over the four levels and "not given"), then gunicorn serves the site and the viewer's
session cookie is the one a browser holds after signing in (bench/harness.signed_in_cookie).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import (  # noqa: E402
    USER_AGENT,
    Route,
    add_load_options,
    baselines,
    cleanup,
    flask,
    get,
    measure,
    report,
    site_and_hello,
    signed_in_cookie,
    site_env,
)

TARGET = 0.25
LEVELS = ("new-manager", "experienced-manager", "senior-manager", "executive", None)


def seed(env: dict, leaders: int) -> tuple[str, str, int]:
    """Commit `leaders` leaders on decision 1 of the largest case; return (slug, cookie, queries)."""
    from sqlalchemy import event, func, insert, select, text

    from casebook import create_app
    from casebook.accounts.models import User
    from casebook.cases.models import Case, Decision
    from casebook.decisions.models import Commitment
    from casebook.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["CASEBOOK_DATABASE_URL"],
                      "SECRET_KEY": env["CASEBOOK_SECRET_KEY"], "WTF_CSRF_ENABLED": False})
    with app.app_context():
        case = db.session.scalar(select(Case).order_by(func.length(Case.source_markdown).desc()))
        if case is None:
            raise SystemExit("no case imported from cases/")
        decision = db.session.scalar(select(Decision).where(Decision.case_id == case.id, Decision.number == 1))
        labels = [o.label for o in decision.options]
        first = (db.session.scalar(select(func.max(User.id))) or 0) + 1
        users = [{"id": first + i, "email": f"bench-{i}@example.com", "display_name": f"Leader {i}",
                  "password_hash": "-", "level": LEVELS[i % len(LEVELS)]} for i in range(leaders + 1)]
        commitments = [{"user_id": u["id"], "decision_id": decision.id, "option_label": labels[i % len(labels)], "leader_level": u["level"],
                        "rationale_source": "Bench rationale.", "rationale_html": "<p>Bench rationale.</p>",
                        "renderer_version": 1, "confidence": 50 + i % 51,
                        "forecast_label": labels[0] if i % 2 else None,
                        "forecast_probability": 60 if i % 2 else None} for i, u in enumerate(users)]
        for batch in range(0, len(users), 2000):
            db.session.execute(insert(User), users[batch:batch + 2000])
            db.session.execute(insert(Commitment), commitments[batch:batch + 2000])
        # The tallies each commit keeps, filled the way the migration fills them.
        db.session.execute(text(
            "INSERT INTO decision_tallies (decision_id, leader_level, option_label, knew_outcome,"
            " leaders) SELECT decision_id, COALESCE(leader_level, ''), option_label, knew_outcome,"
            " COUNT(*) FROM commitments GROUP BY decision_id, COALESCE(leader_level, ''),"
            " option_label, knew_outcome"))
        db.session.commit()
        cookie = signed_in_cookie(app, db.session.get(User, users[-1]["id"]))
        slug = case.slug
        engine = db.engine
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    client.environ_base.update({"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": USER_AGENT})
    client.get(f"/cases/{slug}")  # the first view loads the snapshot and the tallies
    seen: list[str] = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get(f"/cases/{slug}")  # what every later view asks
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    body = response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers, "the page rewrote the session cookie"
    assert f"What {leaders + 1:,}".replace(",", "") in body.replace(",", ""), "the reveal did not show"
    return slug, cookie, len(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_load_options(parser)
    parser.add_argument("--leaders", type=int, default=10_000)
    parser.add_argument("--database-url", help="an EMPTY database to fill (default: a new SQLite file)")
    args = parser.parse_args()
    env, workdir = site_env(args.database_url)
    try:
        flask(env, "db", "upgrade")
        flask(env, "cases", "import")
        slug, cookie, queries = seed(env, args.leaders)
        headers = {"Cookie": f"session={cookie}"}
        with site_and_hello(env) as (port, hello_port):
            path = f"/cases/{slug}"
            status, body = get(port, path, headers)
            assert status == 200 and b"leaders chose" in body, status
            routes = baselines(port, hello_port) + [
                Route(f"case page, committed leader, {args.leaders + 1} commitments "
                      f"({len(body) / 1024:.1f} KiB, {queries} SQL statement{'s' if queries != 1 else ''})", port, path,
                      headers, target=TARGET),
                Route("same page, anonymous (outcomes hidden, no reveal)", port, path),
            ]
            measure(routes, args.seconds, args.clients, args.rounds)
        return report(routes, args.seconds, args.clients, args.rounds, env["CASEBOOK_DATABASE_URL"])
    finally:
        cleanup(workdir)


if __name__ == "__main__":
    sys.exit(main())
