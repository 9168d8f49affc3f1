"""Shared bench plumbing: a throwaway site served by gunicorn, and a request counter.

Each bench measures its pages and the app's minimal route (/healthz) in the same run,
so the ratio holds on any machine.
"""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


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
def gunicorn(env: dict, workers: int = 2):
    """Serve wsgi:app with `workers` sync workers; yields the port."""
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "wsgi:app"],
        env=env, cwd=ROOT,
    )
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def requests_per_second(port: int, path: str, seconds: float = 5.0, clients: int = 4,
                        headers: dict | None = None) -> float:
    """Completed 200 responses per second with `clients` concurrent connections."""
    stop = time.perf_counter() + seconds
    counts = [0] * clients
    failures: list[str] = []

    def client(index: int) -> None:
        while time.perf_counter() < stop:
            status, _ = get(port, path, headers)
            if status != 200:
                failures.append(f"{path} answered {status}")
                return
            counts[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(failures[0])
    return sum(counts) / (time.perf_counter() - started)


def report_ratio(minimal: float, page: float, target: float) -> int:
    """Print the minimal route, the page's ratio to it and the verdict; the exit status."""
    ratio = page / minimal
    print(f"minimal     /healthz: {minimal:8.1f} req/s")
    print(f"ratio       {ratio:.2f}x (target >= {target:.2f}x) "
          f"{'PASS' if ratio >= target else 'BELOW TARGET'}")
    return 0 if ratio >= target else 1


def cleanup(workdir: Path) -> None:
    shutil.rmtree(workdir, ignore_errors=True)
