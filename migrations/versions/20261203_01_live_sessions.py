"""cohort live sessions: the decision on the projector, the timer, the watched version

Revision ID: 20261203_01
Revises: 20261202_21
"""
from alembic import op
import sqlalchemy as sa

revision = "20261203_01"
down_revision = "20261202_21"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cohort_live",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], name=op.f("fk_cohort_live_cohort_id_cohorts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decision_id"], ["decisions.id"], name=op.f("fk_cohort_live_decision_id_decisions"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("cohort_id", name=op.f("pk_cohort_live")),
    )
    op.create_index(op.f("ix_cohort_live_decision_id"), "cohort_live", ["decision_id"])


def downgrade():
    op.drop_index(op.f("ix_cohort_live_decision_id"), table_name="cohort_live")
    op.drop_table("cohort_live")
