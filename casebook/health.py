"""A minimal route for load balancers and for the benchmarks' baseline."""
from flask import Blueprint

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    # No database, no template: the cheapest answer the app can give. (Never stored: the
    # Cache-Control of every answer is set in casebook.security.)
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
