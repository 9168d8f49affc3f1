"""A live session under load: 200 members follow it against gunicorn (2 sync workers)
while their 200 commitments arrive, then the facilitator reveals.

Run: .venv/bin/python bench/live.py [--members 200] [--database-url URL] [--redis-url URL]
(or `make bench`, which runs it with every other bench)
Targets (issue "Cohorts and live facilitated sessions", docs/performance.md):
- from "reveal" to the last member seeing it: under 1 s. A member has seen it when
  their poll of the version (every 0.5 s, jittered, as static/js/live.js does) has
  answered with the new version and their case page, fetched afresh, holds the outcome;
- the 99th percentile latency of the version poll over the whole session: under 100 ms.
Also printed: the requests per second the session sustained, the commitments' own
latency, and the hello-world Flask app's and /healthz's rates from wrk in the same run
(bench/harness.py), for scale.

Each simulated member is a coroutine of the bench's own process speaking HTTP/1.1 to
gunicorn over a new connection per request (sync workers close each one), the way a
browser polling a sync gunicorn does. Before the session each member opens the case
page once (not measured), as they would before following it. The seeded database's
statistics are brought up to date first (ANALYZE), and the bench's own start-up objects
are frozen out of its garbage collector, whose full collections would otherwise stall
every request in flight and be counted as the server's latency.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import (  # noqa: E402
    USER_AGENT,
    WORKERS,
    cleanup,
    flask,
    requests_per_second,
    signed_in_cookie_and_token,
    site_and_hello,
    site_env,
)

POLL_SECONDS = 0.5  # static/js/live.js: POLL_MS
REVEAL_TARGET = 1.0
P99_TARGET = 0.100
COMMIT_WINDOW = 6.0  # the commitments arrive over this many seconds


@dataclass
class Member:
    cookie: str
    token: str
    tag: str = ""
    follow: str = ""  # the follower's pass the first poll hands back
    saw_reveal: float | None = None  # seconds after the reveal was sent


@dataclass
class Session:
    port: int
    cohort: int
    slug: str
    key: str
    decision: int
    members: list[Member]
    facilitator: Member
    polls: list[tuple[float, float]] = field(default_factory=list)  # (sent at, seconds)
    commits: list[float] = field(default_factory=list)
    pages: list[float] = field(default_factory=list)  # the case page fetched after the reveal
    requests: int = 0
    revealed_at: float | None = None
    commits_done: float = 0.0
    client_cpu: float = 0.0  # seconds of CPU the simulated members used
    done: bool = False
    errors: list[str] = field(default_factory=list)


def seed(env: dict, count: int) -> tuple[int, str, str, int, Member, list[Member]]:
    """A cohort of `count` members on the largest case, its decision 1 held and on screen."""
    from sqlalchemy import func, insert, select

    from casebook import create_app
    from casebook.accounts.models import User, UserRole
    from casebook.cases.models import Case, Decision
    from casebook.cohorts import live, programme, services
    from casebook.cohorts.access import open_cohort
    from casebook.cohorts.models import MEMBER, CohortMember
    from casebook.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["CASEBOOK_DATABASE_URL"],
                      "SECRET_KEY": env["CASEBOOK_SECRET_KEY"]})
    with app.app_context():
        case = db.session.scalar(select(Case).order_by(func.length(Case.source_markdown).desc()))
        decision = db.session.scalar(select(Decision).where(Decision.case_id == case.id,
                                                            Decision.number == 1))
        first = (db.session.scalar(select(func.max(User.id))) or 0) + 1
        db.session.execute(insert(User), [
            {"id": first + i, "email": f"live-{i}@example.com", "display_name": f"Member {i}",
             "password_hash": "-", "level": "executive"} for i in range(count + 1)])
        lead = db.session.get(User, first + count)
        db.session.add(UserRole(user_id=lead.id, role="facilitator"))
        db.session.commit()
        db.session.refresh(lead)
        cohort = services.create_cohort(lead, "Bench cohort", "", "UTC", None)
        db.session.execute(insert(CohortMember), [
            {"cohort_id": cohort.id, "user_id": first + i, "role": MEMBER} for i in range(count)])
        db.session.commit()
        seat = open_cohort(lead, cohort.id)
        programme.assign_case(seat, case.slug, "2030-01-01", "09:00", "", hold=True)
        live.show_decision(seat, decision.id)
        db.session.commit()
        people = [Member(*signed_in_cookie_and_token(app, db.session.get(User, first + i)))
                  for i in range(count)]
        facilitator = Member(*signed_in_cookie_and_token(app, db.session.get(User, lead.id)))
        _analyze(db)
        return cohort.id, case.slug, decision.key, decision.id, facilitator, people


def _analyze(db) -> None:
    """Bring the planner's statistics up to date, as on a site that has run a while:
    straight after the bulk seed, PostgreSQL would still plan for tables of a few rows
    (a cohort of 4 members, not 200) until autovacuum came round."""
    from sqlalchemy import text

    with db.engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()


async def http(session: Session, method: str, path: str, member: Member,
               headers: dict | None = None, form: dict | None = None) -> tuple[int, bytes]:
    """(status, body) of one request on a new connection."""
    body = urlencode(form).encode() if form is not None else b""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
             f"User-Agent: {USER_AGENT}", f"Cookie: session={member.cookie}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if form is not None:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    reader, writer = await asyncio.open_connection("127.0.0.1", session.port)
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    response = await reader.read(-1)
    writer.close()
    session.requests += 1
    head, _, content = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), content


async def follow(session: Session, member: Member) -> None:
    """Poll the version as a member's page does; on a new one, fetch the case page."""
    version = f"/cohorts/{session.cohort}/live/version"
    await asyncio.sleep(random.uniform(0, POLL_SECONDS))
    while not session.done:
        started = time.perf_counter()
        path = f"{version}?follow={member.follow}" if member.follow else version
        status, body = await http(session, "GET", path, member,
                                  {"If-None-Match": f'"{member.tag}"'} if member.tag else {})
        session.polls.append((started, time.perf_counter() - started))
        if status == 200:
            answer = json.loads(body)
            member.follow = answer.get("follow", member.follow)
            tag = answer["version"]
            changed, member.tag = bool(member.tag) and tag != member.tag, tag
            if changed and session.revealed_at is not None and member.saw_reveal is None:
                fetched = time.perf_counter()
                status, page = await http(session, "GET", f"/cases/{session.slug}", member)
                session.pages.append(time.perf_counter() - fetched)
                if f'id="decision-{session.key}-outcome"'.encode() in page:
                    member.saw_reveal = time.perf_counter() - session.revealed_at
                else:
                    session.errors.append(f"case page after the reveal: {status}, no outcome")
        elif status != 304:
            session.errors.append(f"version poll answered {status}")
        await asyncio.sleep(POLL_SECONDS * random.uniform(0.8, 1.2))


async def commit(session: Session, member: Member) -> None:
    await asyncio.sleep(random.uniform(0.5, COMMIT_WINDOW))
    started = time.perf_counter()
    status, body = await http(session, "POST", f"/cases/{session.slug}/decisions/{session.key}/commit",
                           member, form={"option": random.choice("AB"), "confidence": "70",
                                         "rationale": "The cash runs out first.",
                                         "csrf_token": member.token})
    session.commits.append(time.perf_counter() - started)
    if status != 303:
        session.errors.append(f"commit answered {status}: {_said(body)}")


def _said(body: bytes) -> str:
    """What an error page says, in a line."""
    text = re.sub(r"<[^>]+>", " ", body.decode("utf-8", "replace"))
    return re.sub(r"\s+", " ", text).strip()[:160]


async def run_session(session: Session) -> float:
    """The whole session; returns its length in seconds."""
    # Each member opens the case page first, as they would before the session starts
    # (not measured): the page the following then keeps up to date.
    for member in session.members:
        await http(session, "GET", f"/cases/{session.slug}", member)
    session.requests = 0
    started = time.perf_counter()
    followers = [asyncio.create_task(follow(session, m)) for m in session.members]
    await asyncio.gather(*(commit(session, m) for m in session.members))
    session.commits_done = time.perf_counter()
    await asyncio.sleep(1.0)  # every page settled on the sealed state
    session.revealed_at = time.perf_counter()
    status, body = await http(session, "POST",
                              f"/cohorts/{session.cohort}/decisions/{session.decision}/reveal",
                              session.facilitator, form={"csrf_token": session.facilitator.token})
    if status != 303:
        session.errors.append(f"reveal answered {status}: {_said(body)}")
    while (any(m.saw_reveal is None for m in session.members)
           and time.perf_counter() - session.revealed_at < 5):
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)  # and a last second of following
    session.done = True
    await asyncio.gather(*followers)
    return time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--database-url", help="an EMPTY database to fill (default: a new SQLite file)")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL") or None,
                        help="serve the site with CASEBOOK_REDIS_URL set to this "
                             "(default: $BENCH_REDIS_URL)")
    args = parser.parse_args()
    env, workdir = site_env(args.database_url)
    if args.redis_url:
        env["CASEBOOK_REDIS_URL"] = args.redis_url
        env["CASEBOOK_LIVE_REDIS_PREFIX"] = f"casebook-bench-{workdir.name}"
    try:
        flask(env, "db", "upgrade")
        flask(env, "cases", "import")
        cohort, slug, key, decision, facilitator, members = seed(env, args.members)
        with site_and_hello(env) as (port, hello_port):
            hello = requests_per_second(hello_port, "/", 3.0)
            healthz = requests_per_second(port, "/healthz", 3.0)
            session = Session(port, cohort, slug, key, decision, members, facilitator)
            # The setup's objects (the app the seed built, every member) are never
            # garbage: out of the collector's sight, so that a full collection in the
            # simulated members' process (60 to 80 ms otherwise) does not count as
            # the server's latency.
            gc.collect()
            gc.freeze()
            cpu = time.process_time()
            seconds = asyncio.run(run_session(session))
            session.client_cpu = time.process_time() - cpu
        return _report(args, env, session, seconds, hello, healthz)
    finally:
        cleanup(workdir)


def _phases(session: Session) -> dict[str, list[float]]:
    """Poll latencies while commitments arrive, in the second after the reveal, and else."""
    phases: dict[str, list[float]] = {"while commitments arrive": [],
                                      "in the second after the reveal": [], "otherwise": []}
    for sent, seconds in session.polls:
        if session.revealed_at is not None and 0 <= sent - session.revealed_at < 1:
            phases["in the second after the reveal"].append(seconds)
        elif sent < session.commits_done:
            phases["while commitments arrive"].append(seconds)
        else:
            phases["otherwise"].append(seconds)
    return phases


def _report(args, env, session: Session, seconds: float, hello: float, healthz: float) -> int:
    database = "postgresql" if env["CASEBOOK_DATABASE_URL"].startswith("postgresql") else "sqlite"
    seen = [m.saw_reveal for m in session.members if m.saw_reveal is not None]
    last = max(seen) if len(seen) == len(session.members) else float("inf")
    every = [seconds for _, seconds in session.polls]
    p99 = _percentile(every, 0.99)
    print(f"live session: {len(session.members)} members, gunicorn {WORKERS} sync workers, "
          f"database: {database}, fan-out: {'Redis' if args.redis_url else 'database polling'}")
    print(f"  baselines (wrk, same run): hello-world {hello:.0f} req/s, /healthz {healthz:.0f} req/s")
    print(f"  session: {seconds:.1f} s, {session.requests} requests, "
          f"{session.requests / seconds:.0f} req/s sustained (the members' own CPU: "
          f"{session.client_cpu / seconds:.0%} of a core); {len(session.commits)} commitments, "
          f"median {statistics.median(session.commits) * 1000:.0f} ms, "
          f"p99 {_percentile(session.commits, 0.99) * 1000:.0f} ms")
    print(f"  version poll: {len(every)} polls, median {statistics.median(every) * 1000:.1f} ms, "
          f"p99 {p99 * 1000:.1f} ms (target < {P99_TARGET * 1000:.0f} ms) "
          f"{'PASS' if p99 < P99_TARGET else 'MISSED'}")
    for phase, polls in _phases(session).items():
        if polls:
            print(f"    {phase}: {len(polls)} polls, p99 {_percentile(polls, 0.99) * 1000:.1f} ms")
    print(f"  reveal -> members seeing it (new version, then the case page with the outcome): "
          f"{len(seen)} of {len(session.members)}, median "
          f"{statistics.median(seen) * 1000 if seen else float('nan'):.0f} ms, last "
          f"{last * 1000:.0f} ms (target < {REVEAL_TARGET * 1000:.0f} ms) "
          f"{'PASS' if last < REVEAL_TARGET else 'MISSED'}")
    if session.pages:
        print(f"  the case page each member fetched after the reveal: median "
              f"{statistics.median(session.pages) * 1000:.0f} ms, "
              f"p99 {_percentile(session.pages, 0.99) * 1000:.0f} ms")
    for problem in sorted(set(session.errors)):
        print(f"  problem: {problem}")
    return int(bool(session.errors) or p99 >= P99_TARGET or last >= REVEAL_TARGET)


if __name__ == "__main__":
    sys.exit(main())
