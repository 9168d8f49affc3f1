"""Decisions: the reading model, the case page, commitments, distributions, track records."""
from flask import Blueprint

bp = Blueprint("decisions", __name__, template_folder="templates")

from . import case_page, panels, views  # noqa: E402,F401  (routes and page panels)
from .export import register_with_accounts_export  # noqa: E402

register_with_accounts_export()
