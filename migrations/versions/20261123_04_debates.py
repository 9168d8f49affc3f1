"""debates tables: debates, posts and their revisions, reactions, flags, revised views,
moderation actions and notifications

Revision ID: 20261123_04
Revises: 20261123_03
"""
from alembic import op
import sqlalchemy as sa

revision = "20261123_04"
down_revision = "20261123_03"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moderation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('target_type', sa.String(length=8), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('hide_post', 'restore_post', 'lock_debate', 'unlock_debate', 'suspend_user', 'unsuspend_user', 'dismiss_flags')", name=op.f('ck_moderation_actions_action_known')),
    sa.CheckConstraint("target_type IN ('post', 'debate', 'user')", name=op.f('ck_moderation_actions_target_known')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_moderation_actions_actor_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_actions'))
    )
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_actions_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_actions_created_at'), ['created_at'], unique=False)

    op.create_table('debates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_debates_decision_id_decisions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debates')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_debates_decision_id'))
    )
    op.create_table('debate_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('root_id', sa.Integer(), nullable=True),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=8), nullable=True),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('renderer_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('insightful_count', sa.Integer(), nullable=False),
    sa.CheckConstraint('(parent_id IS NULL AND root_id IS NULL AND depth = 0 AND stance IS NOT NULL) OR (parent_id IS NOT NULL AND root_id IS NOT NULL AND depth > 0 AND stance IS NULL)', name=op.f('ck_debate_posts_thread_shape')),
    sa.CheckConstraint('insightful_count >= 0', name=op.f('ck_debate_posts_insightful_not_negative')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_debate_posts_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_debate_posts_debate_id_debates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['debate_posts.id'], name=op.f('fk_debate_posts_parent_id_debate_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['root_id'], ['debate_posts.id'], name=op.f('fk_debate_posts_root_id_debate_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debate_posts'))
    )
    with op.batch_alter_table('debate_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debate_posts_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_debate_posts_debate_id_parent_id_created_at', ['debate_id', 'parent_id', 'created_at'], unique=False)
        batch_op.create_index('ix_debate_posts_debate_id_parent_id_insightful', ['debate_id', 'parent_id', 'insightful_count'], unique=False)
        batch_op.create_index(batch_op.f('ix_debate_posts_root_id'), ['root_id'], unique=False)

    op.create_table('debate_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('details', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("reason IN ('spam', 'abuse', 'spoiler', 'off-topic', 'other')", name=op.f('ck_debate_flags_reason_known')),
    sa.ForeignKeyConstraint(['post_id'], ['debate_posts.id'], name=op.f('fk_debate_flags_post_id_debate_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_debate_flags_reporter_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_debate_flags_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debate_flags')),
    sa.UniqueConstraint('post_id', 'reporter_id', name=op.f('uq_debate_flags_post_id_reporter_id'))
    )
    with op.batch_alter_table('debate_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debate_flags_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_debate_flags_resolved_at'), ['resolved_at'], unique=False)

    op.create_table('debate_post_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('renderer_version', sa.Integer(), nullable=False),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['debate_posts.id'], name=op.f('fk_debate_post_revisions_post_id_debate_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debate_post_revisions'))
    )
    with op.batch_alter_table('debate_post_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debate_post_revisions_post_id'), ['post_id'], unique=False)

    op.create_table('debate_reactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('insightful')", name=op.f('ck_debate_reactions_kind_known')),
    sa.ForeignKeyConstraint(['post_id'], ['debate_posts.id'], name=op.f('fk_debate_reactions_post_id_debate_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_debate_reactions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debate_reactions')),
    sa.UniqueConstraint('post_id', 'user_id', 'kind', name=op.f('uq_debate_reactions_post_id_user_id_kind'))
    )
    with op.batch_alter_table('debate_reactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debate_reactions_user_id'), ['user_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('moderation_action_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('reply', 'mention', 'moderation')", name=op.f('ck_notifications_kind_known')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_notifications_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moderation_action_id'], ['moderation_actions.id'], name=op.f('fk_notifications_moderation_action_id_moderation_actions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['debate_posts.id'], name=op.f('fk_notifications_post_id_debate_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_post_id'), ['post_id'], unique=False)
        batch_op.create_index('ix_notifications_user_id_read_at', ['user_id', 'read_at'], unique=False)

    op.create_table('revised_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('option_label', sa.String(length=3), nullable=False),
    sa.Column('confidence', sa.Integer(), nullable=False),
    sa.Column('cited_post_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('confidence >= 50 AND confidence <= 100', name=op.f('ck_revised_views_confidence_range')),
    sa.ForeignKeyConstraint(['cited_post_id'], ['debate_posts.id'], name=op.f('fk_revised_views_cited_post_id_debate_posts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_revised_views_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_revised_views_decision_id_decisions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_revised_views_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revised_views'))
    )
    with op.batch_alter_table('revised_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revised_views_cited_post_id'), ['cited_post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revised_views_commitment_id'), ['commitment_id'], unique=False)
        batch_op.create_index('ix_revised_views_decision_id_user_id', ['decision_id', 'user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('revised_views', schema=None) as batch_op:
        batch_op.drop_index('ix_revised_views_decision_id_user_id')
        batch_op.drop_index(batch_op.f('ix_revised_views_commitment_id'))
        batch_op.drop_index(batch_op.f('ix_revised_views_cited_post_id'))

    op.drop_table('revised_views')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_id_read_at')
        batch_op.drop_index(batch_op.f('ix_notifications_post_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('debate_reactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debate_reactions_user_id'))

    op.drop_table('debate_reactions')
    with op.batch_alter_table('debate_post_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debate_post_revisions_post_id'))

    op.drop_table('debate_post_revisions')
    with op.batch_alter_table('debate_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debate_flags_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_debate_flags_reporter_id'))

    op.drop_table('debate_flags')
    with op.batch_alter_table('debate_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debate_posts_root_id'))
        batch_op.drop_index('ix_debate_posts_debate_id_parent_id_insightful')
        batch_op.drop_index('ix_debate_posts_debate_id_parent_id_created_at')
        batch_op.drop_index(batch_op.f('ix_debate_posts_author_id'))

    op.drop_table('debate_posts')
    op.drop_table('debates')
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_actions_created_at'))
        batch_op.drop_index(batch_op.f('ix_moderation_actions_actor_id'))

    op.drop_table('moderation_actions')
