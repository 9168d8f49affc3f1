"""debates tables

Revision ID: 20261123_04
Revises: 20261123_03
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "20261123_04"
down_revision = "20261123_03"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
