"""decisions tables: commitments, reflections, track record sharing

Revision ID: 20261123_03
Revises: 20261123_02

Commitments and reflections are write-once (architecture invariant 3). Besides the
application having no update path, a trigger on each table refuses every UPDATE, on
SQLite and on PostgreSQL alike. Deletes stay possible (erasing a user row cascades).
"""
from alembic import op
import sqlalchemy as sa

revision = "20261123_03"
down_revision = "20261123_02"
branch_labels = None
depends_on = None

SEALED_TABLES = ("commitments", "reflections")
PG_FUNCTION = "decisions_refuse_update"


def upgrade():
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("option_label", sa.String(length=3), nullable=False),
        sa.Column("leader_level", sa.String(length=32), nullable=True),
        sa.Column("rationale_source", sa.Text(), nullable=False),
        sa.Column("rationale_html", sa.Text(), nullable=False),
        sa.Column("renderer_version", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=False),
        sa.Column("forecast_label", sa.String(length=3), nullable=True),
        sa.Column("forecast_probability", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(forecast_label IS NULL AND forecast_probability IS NULL) OR "
            "(forecast_label IS NOT NULL AND forecast_probability IS NOT NULL)",
            name=op.f("ck_commitments_forecast_complete"),
        ),
        sa.CheckConstraint(
            "confidence >= 50 AND confidence <= 100", name=op.f("ck_commitments_confidence_range")
        ),
        sa.CheckConstraint(
            "forecast_probability IS NULL OR (forecast_probability >= 1 AND forecast_probability <= 99)",
            name=op.f("ck_commitments_forecast_range"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"],
            name=op.f("fk_commitments_decision_id_decisions"), ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_commitments_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
        sa.UniqueConstraint(
            "user_id", "decision_id", name=op.f("uq_commitments_user_id_decision_id")
        ),
    )
    op.create_index(
        "ix_commitments_decision_tally",
        "commitments",
        ["decision_id", "leader_level", "option_label"],
        unique=False,
    )
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("hindsight_rating", sa.Integer(), nullable=False),
        sa.Column("would_change", sa.String(length=8), nullable=False),
        sa.Column("note_source", sa.Text(), nullable=False),
        sa.Column("note_html", sa.Text(), nullable=False),
        sa.Column("renderer_version", sa.Integer(), nullable=False),
        sa.Column("recalled_probability", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "would_change IN ('yes', 'no', 'unsure')",
            name=op.f("ck_reflections_would_change_known"),
        ),
        sa.CheckConstraint(
            "hindsight_rating >= 1 AND hindsight_rating <= 5",
            name=op.f("ck_reflections_rating_range"),
        ),
        sa.CheckConstraint(
            "recalled_probability IS NULL OR "
            "(recalled_probability >= 0 AND recalled_probability <= 100)",
            name=op.f("ck_reflections_recalled_range"),
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"], ["commitments.id"],
            name=op.f("fk_reflections_commitment_id_commitments"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
        sa.UniqueConstraint("commitment_id", name=op.f("uq_reflections_commitment_id")),
    )
    op.create_table(
        "track_record_sharing",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("share_with_cohorts", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"],
            name=op.f("fk_track_record_sharing_user_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_track_record_sharing")),
    )
    _create_sealing_triggers()


def downgrade():
    _drop_sealing_triggers()
    op.drop_table("track_record_sharing")
    op.drop_table("reflections")
    op.drop_index("ix_commitments_decision_tally", table_name="commitments")
    op.drop_table("commitments")


def _create_sealing_triggers():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(
            f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% rows are sealed: they cannot be updated', TG_TABLE_NAME; END $$"
        )
    for table in SEALED_TABLES:
        if dialect == "sqlite":
            op.execute(
                f"CREATE TRIGGER {table}_sealed BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are sealed: they cannot be updated'); END"
            )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE TRIGGER {table}_sealed BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
            )


def _drop_sealing_triggers():
    dialect = op.get_bind().dialect.name
    for table in SEALED_TABLES:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_sealed")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_sealed ON {table}")
    if dialect == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
