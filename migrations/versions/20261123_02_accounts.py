"""accounts tables

Revision ID: 20261123_02
Revises: 20261123_01
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "20261123_02"
down_revision = "20261123_01"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
