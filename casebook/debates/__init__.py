"""Debates: a threaded debate at every decision point, open once its outcome is unlocked."""
from flask import Blueprint

bp = Blueprint("debates", __name__, template_folder="templates")

from . import views, post_views, moderation_views, notification_views, api_views  # noqa: E402,F401
