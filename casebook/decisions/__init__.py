"""Decisions: commitments, the reveal gate, distributions and track records."""
from flask import Blueprint

bp = Blueprint("decisions", __name__, template_folder="templates")

from . import views  # noqa: E402,F401  (registers the routes on bp)
from .export import register_with_accounts_export  # noqa: E402

register_with_accounts_export()
