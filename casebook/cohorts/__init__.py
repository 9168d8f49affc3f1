"""Cohorts: facilitators' groups of leaders, invitations, a programme of cases, and the
reveal a facilitator holds until the discussion is ripe."""
from flask import Blueprint

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts", template_folder="templates")

from . import (  # noqa: E402,F401  (routes, page panels, the data download's section)
    export,
    invitation_views,
    live_poll,
    live_views,
    panels,
    programme_views,
    rooms,
    roster_views,
    views,
)
