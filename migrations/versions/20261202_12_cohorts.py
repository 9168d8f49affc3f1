"""cohorts: cohorts, their members, invitations, programme of cases, and per assigned
decision the cohort's state (reveal open, held or revealed; commitments open or closed)

Revision ID: 20261202_12
Revises: 20261202_13
"""
from alembic import op
import sqlalchemy as sa

revision = "20261202_12"
down_revision = "20261202_13"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cohorts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=32), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("level IS NULL OR level IN ('new-manager', 'experienced-manager', 'senior-manager', 'executive')", name=op.f('ck_cohorts_level_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_cohorts_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohorts'))
    )
    op.create_table('cohort_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notes_source', sa.Text(), nullable=False),
    sa.Column('notes_html', sa.Text(), nullable=False),
    sa.Column('renderer_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_cohort_assignments_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_assignments_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_assignments')),
    sa.UniqueConstraint('cohort_id', 'case_id', name=op.f('uq_cohort_assignments_cohort_id_case_id'))
    )
    with op.batch_alter_table('cohort_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_assignments_case_id'), ['case_id'], unique=False)

    op.create_table('cohort_decision_states',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('reveal', sa.String(length=8), nullable=False),
    sa.Column('commitments', sa.String(length=8), nullable=False),
    sa.Column('revealed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("commitments IN ('open', 'closed')", name=op.f('ck_cohort_decision_states_commitments_known')),
    sa.CheckConstraint("reveal IN ('open', 'held', 'revealed')", name=op.f('ck_cohort_decision_states_reveal_known')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_decision_states_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_cohort_decision_states_decision_id_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cohort_id', 'decision_id', name=op.f('pk_cohort_decision_states'))
    )
    with op.batch_alter_table('cohort_decision_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_decision_states_decision_id'), ['decision_id'], unique=False)

    op.create_table('cohort_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('max_uses', sa.Integer(), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('max_uses >= 1 AND max_uses <= 500', name=op.f('ck_cohort_invitations_max_uses_range')),
    sa.CheckConstraint('uses >= 0 AND uses <= max_uses', name=op.f('ck_cohort_invitations_uses_within_limit')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_invitations_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_cohort_invitations_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_invitations')),
    sa.UniqueConstraint('code', name=op.f('uq_cohort_invitations_code'))
    )
    with op.batch_alter_table('cohort_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_invitations_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('cohort_members',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('lead', 'co-facilitator', 'member')", name=op.f('ck_cohort_members_role_known')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_members_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cohort_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cohort_id', 'user_id', name=op.f('pk_cohort_members'))
    )
    with op.batch_alter_table('cohort_members', schema=None) as batch_op:
        batch_op.create_index('ix_cohort_members_user_id', ['user_id', 'role'], unique=False)



def downgrade():
    with op.batch_alter_table('cohort_members', schema=None) as batch_op:
        batch_op.drop_index('ix_cohort_members_user_id')

    op.drop_table('cohort_members')
    with op.batch_alter_table('cohort_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_invitations_cohort_id'))

    op.drop_table('cohort_invitations')
    with op.batch_alter_table('cohort_decision_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_decision_states_decision_id'))

    op.drop_table('cohort_decision_states')
    with op.batch_alter_table('cohort_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_assignments_case_id'))

    op.drop_table('cohort_assignments')
    op.drop_table('cohorts')
