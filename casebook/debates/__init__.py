"""Debates: a threaded debate at every decision point, open once its outcome is unlocked."""

from flask import Blueprint

bp = Blueprint("debates", __name__, template_folder="templates")


# Routes, and the page panels they provide (the data download's section among them).
from . import (  # noqa: E402,F401
    api_views,
    export,
    moderation_views,
    notification_views,
    panels,
    post_views,
    views,
)
