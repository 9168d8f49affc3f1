"""authoring: submissions, every version sent (the bytes as sent, their digest, the
validator's problems and, without errors, the parts rendered for the preview) and their
review (comments on the whole or a line, and editors' decisions)

Revision ID: 20261202_20
Revises: 20261202_14
"""
from alembic import op
import sqlalchemy as sa

revision = '20261202_20'
down_revision = '20261202_14'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version_count', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'in_review', 'changes_requested', 'rejected', 'published')", name=op.f('ck_submissions_status_known')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_submissions_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_submissions_case_id_cases'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions'))
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submissions_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_submissions_status_updated', ['status', 'updated_at'], unique=False)

    op.create_table('submission_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('comment', 'request_changes', 'reject', 'publish')", name=op.f('ck_submission_reviews_action_known')),
    sa.CheckConstraint('line IS NULL OR line > 0', name=op.f('ck_submission_reviews_line_positive')),
    sa.CheckConstraint('version_number > 0', name=op.f('ck_submission_reviews_version_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_submission_reviews_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_submission_reviews_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_reviews'))
    )
    with op.batch_alter_table('submission_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_reviews_submission_id'), ['submission_id'], unique=False)

    op.create_table('submission_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('source', sa.LargeBinary(), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('warning_count', sa.Integer(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=True),
    sa.Column('renderer_version', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('error_count >= 0 AND warning_count >= 0', name=op.f('ck_submission_versions_counts_positive')),
    sa.CheckConstraint('number > 0', name=op.f('ck_submission_versions_number_positive')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_submission_versions_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_versions')),
    sa.UniqueConstraint('submission_id', 'number', name=op.f('uq_submission_versions_submission_id_number'))
    )


def downgrade():
    op.drop_table('submission_versions')
    with op.batch_alter_table('submission_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_reviews_submission_id'))

    op.drop_table('submission_reviews')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_status_updated')
        batch_op.drop_index(batch_op.f('ix_submissions_author_id'))

    op.drop_table('submissions')
