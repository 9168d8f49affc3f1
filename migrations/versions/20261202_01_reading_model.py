"""reading model: decision tallies kept by each commit, case region and sector

Revision ID: 20261202_01
Revises: 20261123_04
"""
from alembic import op
import sqlalchemy as sa

revision = "20261202_01"
down_revision = "20261123_04"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('decision_tallies',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('leader_level', sa.String(length=32), nullable=False),
    sa.Column('option_label', sa.String(length=3), nullable=False),
    sa.Column('leaders', sa.Integer(), nullable=False),
    sa.CheckConstraint('leaders >= 0', name=op.f('ck_decision_tallies_leaders_not_negative')),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_tallies_decision_id_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', 'leader_level', 'option_label', name=op.f('pk_decision_tallies'))
    )
    # Every commitment made so far, counted once.
    op.execute(
        "INSERT INTO decision_tallies (decision_id, leader_level, option_label, leaders) "
        "SELECT decision_id, COALESCE(leader_level, ''), option_label, COUNT(*) "
        "FROM commitments GROUP BY decision_id, COALESCE(leader_level, ''), option_label"
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('sector', sa.String(length=16), nullable=False, server_default='business'))
        batch_op.create_index(batch_op.f('ix_cases_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_sector'), ['sector'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_sector'))
        batch_op.drop_index(batch_op.f('ix_cases_region'))
        batch_op.drop_column('sector')
        batch_op.drop_column('region')
    op.drop_table('decision_tallies')
