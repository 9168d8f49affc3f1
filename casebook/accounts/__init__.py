"""Accounts: registration, sign-in, roles, profiles, your data."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")

from . import views, account_views, admin_views, welcome_views  # noqa: E402,F401  (routes on bp)
