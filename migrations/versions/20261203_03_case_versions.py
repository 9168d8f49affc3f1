"""case versions: the text of each decision at every source digest a case was published
with, and the version each commitment was made under

Every existing case gets one version (its text as stored now, dated by its last
import), and every existing commitment points at its case's version.

Revision ID: 20261203_03_case_versions
Revises: 20261203_02_cohort_debates
"""
from alembic import op
import sqlalchemy as sa

revision = "20261203_03_case_versions"
down_revision = "20261203_02_cohort_debates"
branch_labels = None
depends_on = None

FK_NAME = "fk_commitments_case_version_id_case_versions"
# The same sealing trigger as migration 20261123_03 (the PostgreSQL function stays).
SQLITE_SEAL = (
    "CREATE TRIGGER commitments_sealed BEFORE UPDATE ON commitments "
    "BEGIN SELECT RAISE(ABORT, 'commitments rows are sealed: they cannot be updated'); END"
)

cases = sa.table(
    "cases", sa.column("id", sa.Integer), sa.column("source_sha256", sa.String),
    sa.column("renderer_version", sa.Integer), sa.column("updated_at", sa.DateTime(timezone=True)),
)
decisions = sa.table(
    "decisions", sa.column("id", sa.Integer), sa.column("case_id", sa.Integer),
    sa.column("key", sa.String), sa.column("number", sa.Integer),
    sa.column("question", sa.Text), sa.column("prompt_html", sa.Text),
    sa.column("actual_choice", sa.String), sa.column("outcome_html", sa.Text),
    sa.column("hindsight_html", sa.Text),
)
options = sa.table(
    "decision_options", sa.column("decision_id", sa.Integer), sa.column("label", sa.String),
    sa.column("position", sa.Integer), sa.column("html", sa.Text),
)


def upgrade():
    versions = op.create_table(
        "case_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("renderer_version", sa.Integer(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_versions_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_versions")),
        sa.UniqueConstraint("case_id", "digest", name=op.f("uq_case_versions_case_id_digest")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # Plain ADD COLUMN (no batch copy): a copy of `commitments` would drop the
        # triggers that seal it (and would cascade its reflections away). SQLite takes
        # the foreign key inline, and keeps no ON DELETE for it: the model gives none.
        op.execute(
            "ALTER TABLE commitments ADD COLUMN case_version_id INTEGER "
            f"CONSTRAINT {FK_NAME} REFERENCES case_versions (id)"
        )
    else:
        op.add_column("commitments", sa.Column("case_version_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK_NAME, "commitments", "case_versions", ["case_version_id"], ["id"])
    _backfill_versions(versions)
    _backfill_commitments(dialect)


def _backfill_versions(versions) -> None:
    bind = op.get_bind()
    texts: dict[int, list[dict]] = {}
    labelled: dict[int, list[list[str]]] = {}
    for row in bind.execute(sa.select(options).order_by(options.c.decision_id, options.c.position)):
        labelled.setdefault(row.decision_id, []).append([row.label, row.html])
    for row in bind.execute(sa.select(decisions).order_by(decisions.c.case_id, decisions.c.number)):
        texts.setdefault(row.case_id, []).append({
            "key": row.key, "question": row.question, "prompt_html": row.prompt_html or "",
            "options": labelled.get(row.id, []), "actual_choice": row.actual_choice,
            "outcome_html": row.outcome_html, "hindsight_html": row.hindsight_html,
        })
    rows = [
        {"case_id": case.id, "digest": case.source_sha256,
         "renderer_version": case.renderer_version, "decisions": texts.get(case.id, []),
         "published_at": case.updated_at}
        for case in bind.execute(sa.select(cases).order_by(cases.c.id))
    ]
    if rows:
        op.bulk_insert(versions, rows)


def _backfill_commitments(dialect: str) -> None:
    # Commitments are sealed by a trigger; this one UPDATE gives the rows made before
    # versions existed the version of their case, then the seal is back as it was.
    if dialect == "sqlite":
        op.execute("DROP TRIGGER commitments_sealed")
    else:
        op.execute("ALTER TABLE commitments DISABLE TRIGGER commitments_sealed")
    op.execute(
        "UPDATE commitments SET case_version_id = ("
        "SELECT case_versions.id FROM decisions "
        "JOIN cases ON cases.id = decisions.case_id "
        "JOIN case_versions ON case_versions.case_id = cases.id "
        "AND case_versions.digest = cases.source_sha256 "
        "WHERE decisions.id = commitments.decision_id)"
    )
    if dialect == "sqlite":
        op.execute(SQLITE_SEAL)
    else:
        op.execute("ALTER TABLE commitments ENABLE TRIGGER commitments_sealed")


def downgrade():
    # SQLite (3.35+) drops a column whose foreign key is its own in place, keeping the
    # table's triggers; a batch copy would drop the seal.
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(FK_NAME, "commitments", type_="foreignkey")
    op.execute("ALTER TABLE commitments DROP COLUMN case_version_id")
    op.drop_table("case_versions")
