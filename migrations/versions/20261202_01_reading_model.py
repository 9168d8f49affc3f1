"""reading model: decision tallies kept by each commit, case region and sector, and
commitments made by leaders who already knew the outcome

Revision ID: 20261202_01
Revises: 20261124_02
"""
from alembic import op
import sqlalchemy as sa

revision = "20261202_01"
down_revision = "20261124_02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('decision_tallies',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('leader_level', sa.String(length=32), nullable=False),
    sa.Column('option_label', sa.String(length=3), nullable=False),
    sa.Column('knew_outcome', sa.Boolean(), nullable=False),
    sa.Column('leaders', sa.Integer(), nullable=False),
    sa.CheckConstraint('leaders >= 0', name=op.f('ck_decision_tallies_leaders_not_negative')),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_tallies_decision_id_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', 'leader_level', 'option_label', 'knew_outcome', name=op.f('pk_decision_tallies'))
    )
    # Plain ADD COLUMN (no batch copy): a copy of `commitments` would drop the triggers
    # that seal it, and `cases` is referenced by every decision.
    op.add_column('commitments', sa.Column('knew_outcome', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Every commitment made so far, counted once.
    op.execute(
        "INSERT INTO decision_tallies (decision_id, leader_level, option_label, knew_outcome, leaders) "
        "SELECT decision_id, COALESCE(leader_level, ''), option_label, knew_outcome, COUNT(*) "
        "FROM commitments GROUP BY decision_id, COALESCE(leader_level, ''), option_label, knew_outcome"
    )
    op.add_column('cases', sa.Column('region', sa.String(length=32), nullable=True))
    op.add_column('cases', sa.Column('sector', sa.String(length=16), nullable=False, server_default='business'))
    op.create_index(op.f('ix_cases_region'), 'cases', ['region'], unique=False)
    op.create_index(op.f('ix_cases_sector'), 'cases', ['sector'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_cases_sector'), table_name='cases')
    op.drop_index(op.f('ix_cases_region'), table_name='cases')
    op.drop_column('cases', 'sector')
    op.drop_column('cases', 'region')
    op.drop_table('decision_tallies')
    op.drop_column('commitments', 'knew_outcome')
