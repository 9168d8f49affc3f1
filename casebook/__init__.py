"""Casebook: leaders commit a choice on a real decision, then see what really happened."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import extensions
from .config import build_config
from .contract import CasebookFlask

from .markdown import RENDERER_VERSION  # noqa: E402,F401  (one source of truth)


def create_app(config: dict | None = None) -> Flask:
    """Build an app; tests pass their own config, production reads the environment."""
    app = CasebookFlask(__name__, instance_relative_config=True)
    instance_path = Path(app.instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.update(build_config(instance_path, config))

    _init_extensions(app)
    _register_blueprints(app)

    from . import contract, errors, layout, security, static_files
    from .cohorts import live_fast_path

    live_fast_path.install(app)  # inside WhiteNoise: static files stay first
    static_files.register(app)
    contract.register(app)
    errors.register(app)
    security.register(app)
    layout.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    # Note: `casebook.db` is the engine set-up module; the SQLAlchemy object lives in
    # extensions, and is named through it here so the two never shadow each other.
    from .cases.search import outside_models
    from .db import configure_engine

    extensions.db.init_app(app)
    with app.app_context():
        configure_engine(extensions.db.engine)
    migrations = Path(app.root_path).parent / "migrations"
    # The full-text index is each database's own DDL, made by its migration alone.
    extensions.migrate.init_app(app, extensions.db, directory=str(migrations),
                                include_name=outside_models)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.login_manager.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from .accounts import models as _account_models  # noqa: F401  (tables for Alembic)
    from .cases import models as _case_models  # noqa: F401
    from .decisions import models as _decision_models  # noqa: F401
    from .debates import models as _debate_models  # noqa: F401
    from .cohorts import models as _cohort_models  # noqa: F401
    from .authoring import models as _authoring_models  # noqa: F401
    from .accounts import bp as accounts_bp
    from .cases import bp as cases_bp
    from .cases.cli import cases_cli
    from .accounts.cli import users_cli
    from .decisions import bp as decisions_bp
    from .debates import bp as debates_bp
    from .cohorts import bp as cohorts_bp
    from .authoring import bp as authoring_bp
    from .health import bp as health_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(decisions_bp)
    app.register_blueprint(debates_bp)
    app.register_blueprint(cohorts_bp)
    app.register_blueprint(authoring_bp)
    app.cli.add_command(cases_cli)
    app.cli.add_command(users_cli)
