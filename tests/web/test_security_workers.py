"""Several gunicorn workers without Redis count rate limits each on its own: gunicorn,
started from the repository root (it reads gunicorn.conf.py there), says so at start."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from casebook.config import WORKER_WARNING as WARNING

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _start_up_log(tmp_path, workers: int, **settings: str) -> str:
    """gunicorn's log from start until every worker has booted; then it is stopped."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env.update(CASEBOOK_DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
               CASEBOOK_SECRET_KEY="test-only", **settings)
    proc = subprocess.Popen(
        [str(GUNICORN), "-w", str(workers), "-b", "127.0.0.1:0", "wsgi:app"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
    )
    watchdog = threading.Timer(30, proc.kill)  # a hung start fails the test, not the run
    watchdog.start()
    lines: list[str] = []
    try:
        for line in proc.stderr:
            lines.append(line)
            if sum("Booting worker" in seen for seen in lines) == workers:
                break
    finally:
        watchdog.cancel()
        proc.terminate()
        proc.wait(timeout=10)
        proc.stderr.close()
    return "".join(lines)


def test_several_workers_without_redis_log_a_warning(tmp_path):
    log = _start_up_log(tmp_path, 2)
    [line] = [line for line in log.splitlines() if WARNING in line]
    assert "[WARNING]" in line and "2 workers" in line and "CASEBOOK_REDIS_URL" in line


@pytest.mark.parametrize("workers,settings", [
    (1, {}),
    (2, {"CASEBOOK_REDIS_URL": "redis://127.0.0.1:6379/15"}),
    (2, {"CASEBOOK_RATELIMIT_ENABLED": "off"}),
], ids=["one worker", "redis", "limits off"])
def test_no_warning_when_limits_are_shared_or_off(tmp_path, workers, settings):
    log = _start_up_log(tmp_path, workers, **settings)
    assert "Booting worker" in log and WARNING not in log
