"""The schema is made only by migrations: they must match the models exactly."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from casebook.extensions import db


def test_models_and_migrations_match(app):
    with app.app_context(), db.engine.connect() as conn:
        # The same names autogenerate leaves out (the full-text index's own objects).
        include_name = current_app.extensions["migrate"].configure_args["include_name"]
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models differ from migrations: {differences}"


def test_migrations_form_one_line(app):
    with app.app_context():
        config = current_app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"
