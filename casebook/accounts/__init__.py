"""Accounts: registration, sign-in, roles, profiles, your data."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")

from . import views  # noqa: E402,F401  (registers the routes on bp)
