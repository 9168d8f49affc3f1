"""Debates: a threaded debate at every decision point, open once its outcome is unlocked."""

from flask import Blueprint

bp = Blueprint("debates", __name__, template_folder="templates")


from . import api_views, moderation_views, notification_views, panels, post_views, views  # noqa: E402,F401
from .export import register_with_accounts_export  # noqa: E402

register_with_accounts_export()
