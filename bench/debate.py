"""Debate page speed: the first page of debates of 100, 1,000 and 10,000 posts, each timed
against the hello-world Flask app (bench/hello.py) and the site's minimal route
(/healthz) in the same run, and the SQL queries per page.

Run: .venv/bin/python bench/debate.py [--repeat 40] [--sizes 100,1000,10000]
Target (docs/performance.md): first page of the 10,000-post debate at most 1.5x the time
of the 100-post one (each as a multiple of the hello-world app's time), and the same
number of SQL queries for every size.

The site is a fresh SQLite database in a temporary folder, migrated, served through the
Flask test client (no network in the way), and so is the hello-world app: the same
client for the baseline and the pages. Posts are inserted as rows with their HTML
already rendered, as the site stores them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, insert  # noqa: E402

from casebook import create_app  # noqa: E402
from casebook.extensions import db  # noqa: E402
from hello import app as hello_app  # noqa: E402

TARGET = 1.5
AUTHORS = 40
TOP_LEVEL_EVERY = 5  # one post in five opens a thread; the rest reply, up to 8 levels deep


def build_site(workdir: Path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-only-secret",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "TESTING": False,
        }
    )
    with app.app_context():
        upgrade()
    return app


def add_case_with_debate(app, slug: str, posts: int) -> int:
    """A one-decision case, committed authors and a debate of `posts` posts; returns the
    login id of a signed-in viewer."""
    from casebook.accounts.models import User
    from casebook.accounts.session_records import open_record
    from casebook.cases.models import Case, Decision, DecisionOption
    from casebook.debates.models import Debate, Post, Reaction
    from casebook.decisions.models import Commitment

    with app.app_context():
        case = Case(
            slug=slug,
            title=slug,
            summary="Bench case.",
            level="executive",
            status="published",
            decision_count=1,
            search_text=slug,
            source_markdown="-",
            source_sha256="0" * 64,
            renderer_version=1,
        )
        db.session.add(case)
        db.session.flush()
        decision = Decision(
            case_id=case.id,
            key="d1",
            number=1,
            position=1,
            question="Which way?",
            prompt_html="<p>Prompt.</p>",
            actual_choice="B",
            outcome_html="<p>Outcome.</p>",
            hindsight_html=None,
            debate_prompts=["What would you have done?"],
        )
        decision.options = [
            DecisionOption(label=label, position=i, html=f"Option {label}")
            for i, label in enumerate("ABC")
        ]
        db.session.add(decision)
        users = [
            User(email=f"{slug}-{i}@example.com", display_name=f"Leader {i}", password_hash="-")
            for i in range(AUTHORS + 1)
        ]
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all(
            Commitment(
                user_id=u.id,
                decision_id=decision.id,
                option_label="ABC"[i % 3],
                rationale_source="-",
                rationale_html="<p>-</p>",
                renderer_version=1,
                confidence=50 + i % 50,
            )
            for i, u in enumerate(users)
        )
        debate = Debate(decision_id=decision.id)
        db.session.add(debate)
        db.session.flush()
        first_id = (db.session.scalar(db.select(db.func.max(Post.id))) or 0) + 1
        start = datetime(2026, 1, 1, tzinfo=timezone.utc)
        body = "<p>" + "A considered argument about the decision. " * 8 + "</p>"
        rows, chain = [], []
        for i in range(posts):
            post_id = first_id + i
            row = {
                "id": post_id,
                "debate_id": debate.id,
                "author_id": users[i % AUTHORS].id,
                "body_source": "-",
                "body_html": body,
                "renderer_version": 1,
                "created_at": start + timedelta(seconds=i),
                "insightful_count": i % 7,
            }
            if i % TOP_LEVEL_EVERY == 0:
                row.update(parent_id=None, root_id=None, depth=0, stance="ABC"[i % 3])
                chain = [row]
            else:
                parent = chain[-1] if chain[-1]["depth"] < 8 else chain[0]
                row.update(
                    parent_id=parent["id"],
                    root_id=parent["root_id"] or parent["id"],
                    depth=parent["depth"] + 1,
                    stance=None,
                )
                chain.append(row)
            rows.append(row)
        for batch in range(0, len(rows), 2000):
            db.session.execute(insert(Post), rows[batch : batch + 2000])
        viewer = users[AUTHORS]
        db.session.execute(
            insert(Reaction),
            [
                {"post_id": first_id + i, "user_id": viewer.id, "kind": "insightful"}
                for i in range(0, posts, 3)
            ],
        )
        login_id = open_record(viewer)
        db.session.commit()
        return login_id


def _seconds(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, path
    return elapsed


def timed_rounds(clients: dict, paths: dict, repeat: int) -> dict:
    """Median seconds per GET for each path, for /healthz beside it and for the hello-world
    app. The requests are interleaved round by round, so drift on a shared machine hits
    every size and both baselines alike."""
    hello = hello_app.test_client()
    for key, path in paths.items():
        for _ in range(3):
            _seconds(clients[key], path)
            _seconds(hello, "/")
    samples = {key: ([], [], []) for key in paths}
    for _ in range(repeat):
        for key, path in paths.items():
            page, minimal, baseline = samples[key]
            page.append(_seconds(clients[key], path))
            minimal.append(_seconds(clients[key], "/healthz"))
            baseline.append(_seconds(hello, "/"))
    return {
        key: tuple(statistics.median(bucket) for bucket in buckets)
        for key, buckets in samples.items()
    }


def queries(app, client, path: str) -> int:
    with app.app_context():
        engine = db.engine
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--sizes", default="100,1000,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as workdir:
        app = build_site(Path(workdir))
        viewers = {size: add_case_with_debate(app, f"bench-{size}", size) for size in sizes}
        clients, paths = {}, {}
        for size in sizes:
            clients[size] = app.test_client()
            with clients[size].session_transaction() as session:
                session["_user_id"] = viewers[size]
            paths[size] = f"/cases/bench-{size}/decisions/d1/debate"
        timings = timed_rounds(clients, paths, args.repeat)
        results = {
            size: (
                *timings[size],
                queries(app, clients[size], paths[size]),
                len(clients[size].get(paths[size]).data),
            )
            for size in sizes
        }
    print(
        f"{'posts':>7} {'first page':>11} {'hello':>8} {'/healthz':>9} {'x hello':>8} "
        f"{'x /healthz':>10} {'queries':>7} {'KiB':>6}"
    )
    for size, (page, minimal, hello, count, length) in results.items():
        print(
            f"{size:>7} {page * 1000:>9.1f}ms {hello * 1000:>6.2f}ms {minimal * 1000:>7.2f}ms "
            f"{page / hello:>8.1f} {page / minimal:>10.1f} {count:>7} {length / 1024:>6.0f}"
        )
    smallest, largest = min(sizes), max(sizes)
    growth = (results[largest][0] / results[largest][2]) / (
        results[smallest][0] / results[smallest][2]
    )
    same_queries = len({r[3] for r in results.values()}) == 1
    print(
        f"growth {largest:,} vs {smallest:,} posts: {growth:.2f}x (target <= {TARGET}x, "
        f"against the hello-world app) {'PASS' if growth <= TARGET else 'ABOVE TARGET'}; "
        f"queries {'constant' if same_queries else 'NOT CONSTANT'}"
    )
    return 0 if growth <= TARGET and same_queries else 1


if __name__ == "__main__":
    sys.exit(main())
