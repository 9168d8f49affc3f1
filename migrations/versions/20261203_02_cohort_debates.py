"""cohort debates: a debate may belong to a room (a cohort), one per decision per room

Revision ID: 20261203_02_cohort_debates
Revises: 20261203_01

The public debate keeps its one row per decision (room_id NULL); each cohort's private
debate of the same decision is another row. Two partial unique indexes replace the
unique(decision_id) constraint, on SQLite and PostgreSQL alike.

SQLite cannot drop a UNIQUE constraint, so the table is rebuilt. Dropping the old table
would cascade to every post (and their reactions, flags, notifications) while foreign
keys are on, and SQLite turns them off only outside a transaction: the rebuild runs in
a transaction of its own with foreign keys off, and checks them before going on.
"""
from alembic import op
import sqlalchemy as sa

revision = "20261203_02_cohort_debates"
down_revision = "20261203_01"
branch_labels = None
depends_on = None

PUBLIC = sa.text("room_id IS NULL")
ROOMS = sa.text("room_id IS NOT NULL")


def _with_foreign_keys_off(change) -> None:
    if op.get_bind().dialect.name != "sqlite":
        change()
        return
    op.execute("COMMIT")
    op.execute("PRAGMA foreign_keys=OFF")
    op.execute("BEGIN IMMEDIATE")
    change()
    problems = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"foreign keys broken by the rebuild: {problems[:5]}")
    op.execute("COMMIT")
    op.execute("PRAGMA foreign_keys=ON")
    op.execute("BEGIN IMMEDIATE")


def upgrade():
    def change():
        with op.batch_alter_table("debates", schema=None) as batch_op:
            batch_op.add_column(sa.Column("room_id", sa.Integer(), nullable=True))
            batch_op.drop_constraint("uq_debates_decision_id", type_="unique")
            batch_op.create_foreign_key(
                batch_op.f("fk_debates_room_id_cohorts"), "cohorts", ["room_id"], ["id"],
                ondelete="CASCADE",
            )

    _with_foreign_keys_off(change)
    op.create_index("uq_debates_public_decision", "debates", ["decision_id"], unique=True,
                    sqlite_where=PUBLIC, postgresql_where=PUBLIC)
    op.create_index("uq_debates_room_decision", "debates", ["room_id", "decision_id"],
                    unique=True, sqlite_where=ROOMS, postgresql_where=ROOMS)


def downgrade():
    # Rooms' debates have no place in the older schema: they go, with their posts.
    op.execute("DELETE FROM debates WHERE room_id IS NOT NULL")
    op.drop_index("uq_debates_room_decision", table_name="debates")
    op.drop_index("uq_debates_public_decision", table_name="debates")

    def change():
        with op.batch_alter_table("debates", schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f("fk_debates_room_id_cohorts"), type_="foreignkey")
            batch_op.create_unique_constraint(batch_op.f("uq_debates_decision_id"), ["decision_id"])
            batch_op.drop_column("room_id")

    _with_foreign_keys_off(change)
