"""Authoring: authors submit cases as Markdown, see every problem at its line, keep every
version, compare and download them, and preview the page readers will see."""
from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/authoring", template_folder="templates")

from . import guide, panels, review_views, views  # noqa: E402,F401  (routes, the header's links)
