"""Debates: a threaded debate at every decision point, open once its outcome is unlocked."""

from flask import Blueprint

bp = Blueprint("debates", __name__, template_folder="templates")


@bp.record_once
def _check_encodings_first(state) -> None:
    from .encoding import register_first

    register_first(state.app)


from . import api_views, moderation_views, notification_views, post_views, views  # noqa: E402,F401
from .export import register_with_accounts_export  # noqa: E402

register_with_accounts_export()
