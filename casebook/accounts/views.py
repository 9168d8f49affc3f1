"""Account pages. (Being built: sign-in, registration, profile, admin.)"""
from flask_login import AnonymousUserMixin

from ..extensions import db, login_manager
from .models import User


class Anonymous(AnonymousUserMixin):
    def has_role(self, role: str) -> bool:
        return False


login_manager.anonymous_user = Anonymous


@login_manager.user_loader
def load_user(user_id: str):
    try:
        raw_id, version = user_id.split(":", 1)
        user = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    if user is None or user.is_suspended or user.is_deleted:
        return None
    if str(user.session_version) != version:
        return None
    return user
