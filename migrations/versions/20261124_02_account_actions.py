"""account_actions: the audit log of suspensions, whether an admin or a moderator
suspended

Suspensions recorded in moderation_actions move to account_actions. The CHECK
constraints of moderation_actions stay as they are: on SQLite, changing them rebuilds
the table, and dropping the old table would null notifications.moderation_action_id.

Revision ID: 20261124_02
Revises: 20261124_01
"""
from alembic import op
import sqlalchemy as sa

revision = "20261124_02"
down_revision = "20261124_01"
branch_labels = None
depends_on = None

COLUMNS = "actor_id, action, target_id, reason, created_at"


def upgrade():
    op.create_table(
        "account_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('suspend_user', 'unsuspend_user')",
            name=op.f("ck_account_actions_action_known"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"],
            name=op.f("fk_account_actions_actor_id_users"), ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["users.id"],
            name=op.f("fk_account_actions_target_id_users"), ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_actions")),
    )
    with op.batch_alter_table("account_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_actions_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_account_actions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_account_actions_target_id"), ["target_id"], unique=False)

    # Notifications point at post actions only, so no reference is lost by the move.
    op.execute(f"INSERT INTO account_actions ({COLUMNS}) SELECT {COLUMNS} "
               "FROM moderation_actions WHERE target_type = 'user' ORDER BY id")
    op.execute("DELETE FROM moderation_actions WHERE target_type = 'user'")


def downgrade():
    op.execute(f"INSERT INTO moderation_actions ({COLUMNS}, target_type) "
               f"SELECT {COLUMNS}, 'user' FROM account_actions ORDER BY id")
    with op.batch_alter_table("account_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_actions_target_id"))
        batch_op.drop_index(batch_op.f("ix_account_actions_created_at"))
        batch_op.drop_index(batch_op.f("ix_account_actions_actor_id"))
    op.drop_table("account_actions")
