"""gunicorn reads this file when started from the repository root (or with -c): a
start-up check only. Workers, the address and logging stay on the command line."""
from casebook.config import per_worker_rate_limit_warning


def on_starting(server):
    # The master, once, with the worker count gunicorn settled on (-w, WEB_CONCURRENCY,
    # or this file): several workers without Redis each count rate limits alone.
    warning = per_worker_rate_limit_warning(server.cfg.workers)
    if warning:
        server.log.warning(warning)
