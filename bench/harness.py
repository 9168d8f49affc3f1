"""Shared bench plumbing: a throwaway site served by gunicorn, the baselines, and wrk.

Each bench measures its pages and two baselines in the same run, with the same load
generator and the same gunicorn settings (2 sync workers):

- the hello-world Flask app (bench/hello.py): what Flask under gunicorn answers at best
  on this machine; the targets are judged against it;
- the site's own minimal route (/healthz): no database, no template, but every
  before/after-request hook of the site.

The load generator is wrk (Debian's `wrk` package), one thread. A threaded Python client
in the bench's own process tops out below what gunicorn serves for hello-world on a
2-core machine (about 1,700 against 3,000 req/s), which would flatter every ratio.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
WORKERS = 2
HELLO = "hello-world Flask app"
MINIMAL = "minimal route /healthz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(database_url: str | None = None) -> tuple[dict, Path]:
    """Environment for a fresh site: its own SQLite file unless a URL is given."""
    workdir = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    env = dict(os.environ)
    env["CASEBOOK_DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env["CASEBOOK_SECRET_KEY"] = "bench-only-secret"
    env["CASEBOOK_RATELIMIT_ENABLED"] = "false"
    return env, workdir


def flask(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "flask"), "--app", "casebook", *args], env=env, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)


@contextmanager
def gunicorn(env: dict, workers: int = WORKERS, app: str = "wsgi:app", cwd: Path = ROOT,
             ready_path: str = "/healthz"):
    """Serve `app` with `workers` sync workers; yields the port."""
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", app],
        env=env, cwd=cwd,
    )
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if get(port, ready_path)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn did not start {app}")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def site_and_hello(env: dict):
    """The site and the hello-world app, each under gunicorn with WORKERS sync workers."""
    with ExitStack() as stack:
        site = stack.enter_context(gunicorn(env))
        hello = stack.enter_context(
            gunicorn(dict(os.environ), app="hello:app", cwd=BENCH, ready_path="/")
        )
        yield site, hello


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wrk_binary() -> str:
    """wrk's path; installed from Debian when missing and this is a root Debian shell."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk (apt-get install -y wrk) ...", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False,
                       stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit("the benches need wrk: apt-get install -y wrk")


_REQUESTS = re.compile(r"Requests/sec:\s+([\d.]+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors:.*")


# Sent with every request, so a signed-in cookie can carry the session identifier a
# browser's sign-in leaves (Flask-Login compares it on every request).
USER_AGENT = "casebook-bench"


def signed_in_cookie(app, user) -> str:
    """The session cookie a browser holds after signing `user` in and opening a page
    (a session record, Flask-Login's keys for this client, a CSRF token), so that no
    measured request has to rewrite it."""
    return signed_in_cookie_and_token(app, user)[0]


def signed_in_cookie_and_token(app, user) -> tuple[str, str]:
    """That cookie, and the CSRF token a form on its pages carries."""
    from flask import session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from casebook.accounts.models import User
    from casebook.accounts.session_records import open_record
    from casebook.extensions import db

    user_id = user.id
    db.session.commit()  # the caller's transaction ends first: SQLite takes one writer
    # A fresh app context: Flask-WTF keeps the request's token in `g`, which a request
    # context inside the caller's app context would share with every other cookie made.
    with app.app_context(), app.test_request_context(
            "/", method="POST", environ_base={"REMOTE_ADDR": "127.0.0.1"},
            headers={"User-Agent": USER_AGENT}):
        user = db.session.get(User, user_id)
        open_record(user)
        login_user(user)
        token = generate_csrf()
        db.session.commit()
        return app.session_interface.get_signing_serializer(app).dumps(dict(session)), token


def requests_per_second(port: int, path: str, seconds: float = 5.0, clients: int = 4,
                        headers: dict | None = None) -> float:
    """Responses per second from wrk (one thread, `clients` connections); any non-2xx
    answer or socket error fails the run, so an error page is never counted as speed."""
    command = [wrk_binary(), "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "10s"]
    for name, value in {"User-Agent": USER_AGENT, **(headers or {})}.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    failed = _NON_2XX.search(output) or _SOCKET_ERRORS.search(output)
    if failed:
        raise RuntimeError(f"{path}: {failed.group(0)}")
    found = _REQUESTS.search(output)
    if not found:
        raise RuntimeError(f"wrk printed no rate for {path}:\n{output}")
    return float(found.group(1))


@dataclass
class Route:
    label: str
    port: int
    path: str
    headers: dict | None = None
    target: float | None = None  # judged against the hello-world app when set
    samples: list[float] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The same route whatever the database (labels carry sizes and counts)."""
        return f"{Path(sys.argv[0]).stem} {self.path} {'signed-in' if self.headers else 'anonymous'}"

    @property
    def rate(self) -> float:
        return statistics.mean(self.samples)

    @property
    def spread(self) -> str:
        if len(self.samples) < 2:
            return ""
        return f"({min(self.samples):,.0f}-{max(self.samples):,.0f})"


def add_load_options(parser, seconds: float = 5.0, rounds: int = 2) -> None:
    parser.add_argument("--seconds", type=float, default=seconds, help="per route and round")
    parser.add_argument("--clients", type=int, default=4, help="wrk connections")
    parser.add_argument("--rounds", type=int, default=rounds)


def baselines(site_port: int, hello_port: int) -> list[Route]:
    return [Route(HELLO, hello_port, "/"), Route(MINIMAL, site_port, "/healthz")]


def measure(routes: list[Route], seconds: float, clients: int, rounds: int) -> None:
    """Measure every route once per round, in turn, so drift on a shared machine hits
    the baselines and the pages alike; each route's figure is the mean of its rounds."""
    for route in routes:
        status, _ = get(route.port, route.path, route.headers)
        if status != 200:
            raise RuntimeError(f"{route.path} answered {status}")
    for _ in range(rounds):
        for route in routes:
            route.samples.append(
                requests_per_second(route.port, route.path, seconds, clients, route.headers)
            )


# PostgreSQL's figures are judged against SQLite's (docs/performance.md): at least this
# share of the SQLite figure of the same route, measured earlier in the same `make bench`.
POSTGRESQL_SHARE = 0.75


def report(routes: list[Route], seconds: float, clients: int, rounds: int,
           database_url: str = "sqlite") -> int:
    """Print every route's rate and its ratio to both baselines, and the verdicts;
    the exit status (1 if any judged route is below its target).

    On SQLite a route is judged against its target. On PostgreSQL it is judged against
    POSTGRESQL_SHARE of the route's SQLite figure when BENCH_RESULTS (a file the
    Makefile names) holds one from this run, else of its target. Every judged figure
    is added to that file.
    """
    hello = next(r for r in routes if r.label == HELLO)
    minimal = next(r for r in routes if r.label == MINIMAL)
    database = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    results = Path(os.environ["BENCH_RESULTS"]) if os.environ.get("BENCH_RESULTS") else None
    sqlite_figures = _read_results(results).get("sqlite", {}) if results else {}
    print(f"load generator: wrk, 1 thread, {clients} connections, {seconds:g} s per route, "
          f"{rounds} interleaved round(s); gunicorn {WORKERS} sync workers for both apps; "
          f"database: {database}")
    width = max(len(r.label) for r in routes)
    status = 0
    for route in routes:
        line = f"{route.label:<{width}}  {route.rate:8.1f} req/s {route.spread:>13}"
        if route not in (hello, minimal):
            line += (f"  {route.rate / hello.rate:.3f}x hello-world"
                     f"  {route.rate / minimal.rate:.3f}x /healthz")
        if route.target is not None:
            ratio = route.rate / hello.rate
            target, basis = route.target, ""
            if database == "postgresql":
                sqlite = sqlite_figures.get(route.key)
                target = POSTGRESQL_SHARE * (sqlite if sqlite is not None else route.target)
                basis = (f" = {POSTGRESQL_SHARE:g} of SQLite's {sqlite:.3f}x" if sqlite is not None
                         else f" = {POSTGRESQL_SHARE:g} of the SQLite target")
            passed = ratio >= target
            status |= not passed
            line += f"  (target >= {target:.3f}x{basis}) {'PASS' if passed else 'BELOW TARGET'}"
            if results:
                with results.open("a") as out:
                    out.write(json.dumps({"database": database, "route": route.key,
                                          "ratio": round(ratio, 4)}) + "\n")
        print(line)
    return status


def _read_results(path: Path) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            row = json.loads(line)
            found.setdefault(row["database"], {})[row["route"]] = row["ratio"]
    return found


def cleanup(workdir: Path) -> None:
    shutil.rmtree(workdir, ignore_errors=True)
