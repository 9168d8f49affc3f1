"""cohort cold calls: which member the facilitator drew on which decision, in rounds

Revision ID: 20261202_21
Revises: 20261202_20
"""
from alembic import op
import sqlalchemy as sa

revision = "20261202_21"
down_revision = "20261202_20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cohort_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], name=op.f("fk_cohort_calls_cohort_id_cohorts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decision_id"], ["decisions.id"], name=op.f("fk_cohort_calls_decision_id_decisions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_cohort_calls_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_calls")),
    )
    op.create_index("ix_cohort_calls_decision", "cohort_calls", ["cohort_id", "decision_id", "round"])
    op.create_index(op.f("ix_cohort_calls_user_id"), "cohort_calls", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_cohort_calls_user_id"), table_name="cohort_calls")
    op.drop_index("ix_cohort_calls_decision", table_name="cohort_calls")
    op.drop_table("cohort_calls")
