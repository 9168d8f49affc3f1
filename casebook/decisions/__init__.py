"""Decisions: the reading model, the case page, commitments, distributions, track records."""
from flask import Blueprint

bp = Blueprint("decisions", __name__, template_folder="templates")

from . import case_page, export, panels, views  # noqa: E402,F401  (routes and page panels)
