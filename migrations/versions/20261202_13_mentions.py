"""mentions stored by member id; display names unique after case and look-alike folding

Revision ID: 20261202_13
Revises: 20261202_11

Backfill, deterministic: every account gets the folded form of its name
(accounts.display_names.name_key). Live accounts then claim their key in id order, so
of several accounts whose names already looked alike the oldest holds the name and the
younger ones keep theirs unclaimed (they claim a name when they next change it); deleted
accounts claim nothing. Mentions made so far are known by the notifications they sent:
each becomes a mention row, written as the member's name is now.
"""
from alembic import op
import sqlalchemy as sa

revision = "20261202_13"
down_revision = "20261202_11"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN and CREATE INDEX: no batch copy of `users`, which every table references.
    op.add_column('users', sa.Column('display_name_key', sa.String(length=255), nullable=True))
    op.add_column('users', sa.Column('display_name_claim', sa.String(length=255), nullable=True))
    _backfill_name_keys()
    op.create_index(op.f('ix_users_display_name_key'), 'users', ['display_name_key'], unique=False)
    op.create_index(op.f('ix_users_display_name_claim'), 'users', ['display_name_claim'], unique=True)
    op.create_table('debate_mentions',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('written', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['debate_posts.id'], name=op.f('fk_debate_mentions_post_id_debate_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_debate_mentions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_debate_mentions'))
    )
    op.create_index(op.f('ix_debate_mentions_user_id'), 'debate_mentions', ['user_id'], unique=False)
    op.execute(
        "INSERT INTO debate_mentions (post_id, user_id, written) "
        "SELECT DISTINCT n.post_id, n.user_id, u.display_name FROM notifications n "
        "JOIN users u ON u.id = n.user_id WHERE n.kind = 'mention'"
    )


def _backfill_name_keys():
    from casebook.accounts.display_names import name_key

    bind = op.get_bind()
    users = sa.table(
        'users',
        sa.column('id', sa.Integer), sa.column('display_name', sa.String),
        sa.column('deleted_at', sa.DateTime), sa.column('display_name_key', sa.String),
        sa.column('display_name_claim', sa.String),
    )
    rows = bind.execute(
        sa.select(users.c.id, users.c.display_name, users.c.deleted_at).order_by(users.c.id)
    ).all()
    claimed = set()
    for user_id, name, deleted_at in rows:
        key = name_key(name or "")
        claim = None
        if deleted_at is None and key not in claimed:
            claim = key
            claimed.add(key)
        bind.execute(
            users.update().where(users.c.id == user_id)
            .values(display_name_key=key, display_name_claim=claim)
        )


def downgrade():
    op.drop_index(op.f('ix_debate_mentions_user_id'), table_name='debate_mentions')
    op.drop_table('debate_mentions')
    op.drop_index(op.f('ix_users_display_name_claim'), table_name='users')
    op.drop_index(op.f('ix_users_display_name_key'), table_name='users')
    op.drop_column('users', 'display_name_claim')
    op.drop_column('users', 'display_name_key')
