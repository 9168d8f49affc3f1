"""library version: a number that moves on with every change to the cases or their
competencies, kept by triggers, so a worker may keep the library's counts and filter
menu until it moves (casebook/cases/library.py)

Revision ID: 20261202_14
Revises: 20261202_12
"""
from alembic import op
import sqlalchemy as sa

revision = "20261202_14"
down_revision = "20261202_12"
branch_labels = None
depends_on = None

# Triggers, not the importer, move it: no path that changes a case can forget to.
WATCHED = ("cases", "case_competencies")

POSTGRESQL_FUNCTION = """
CREATE FUNCTION casebook_library_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE library_state SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$
"""


def upgrade():
    op.create_table(
        "library_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_library_state_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_state")),
    )
    op.execute("INSERT INTO library_state (id, version) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        for table in WATCHED:
            # Once per statement: an import that writes many rows moves it once.
            op.execute(
                f"CREATE TRIGGER {table}_library_changed AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION casebook_library_changed()"
            )
        return
    for table in WATCHED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_library_changed_{event.lower()} AFTER {event} ON {table} "
                "BEGIN UPDATE library_state SET version = version + 1 WHERE id = 1; END"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER {table}_library_changed ON {table}")
        op.execute("DROP FUNCTION casebook_library_changed()")
    else:
        for table in WATCHED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_library_changed_{event}")
    op.drop_table("library_state")
