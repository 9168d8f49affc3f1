"""Library and case pages (being built)."""
from flask import render_template

from . import bp


@bp.get("/")
def library():
    return render_template("error.html", status=200, title="Library", message="Coming soon")
