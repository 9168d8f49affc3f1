"""The Flask extensions, created once and bound to an app in create_app()."""
from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so Alembic can alter and drop them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


def _writes_limit() -> str:
    # Read per request, so each app (and each test app) uses its own setting.
    return current_app.config["RATELIMIT_WRITES"]


def _is_read() -> bool:
    return request.method in ("GET", "HEAD", "OPTIONS")


# One shared budget of writes (POST and friends) per client address across every route;
# views add their own tighter limits (sign-in, registration, password reset).
limiter = Limiter(
    key_func=get_remote_address,
    default_limits=[],
    application_limits=[_writes_limit],
)
# Every limit counts writes; reads skip the limiter altogether (it cost about a tenth of
# a signed-in page view to find that no limit applied). A limit on a GET would be ignored.
limiter.request_filter(_is_read)
