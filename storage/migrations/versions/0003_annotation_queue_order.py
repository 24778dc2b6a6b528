"""Annotation projects choose their own queue order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``queue_order`` (NULL: the annotation config's default order)."""
    with op.batch_alter_table("annotation_projects") as batch:
        batch.add_column(sa.Column("queue_order", sa.String(20), nullable=True))


def downgrade() -> None:
    """Drop ``queue_order``."""
    with op.batch_alter_table("annotation_projects") as batch:
        batch.drop_column("queue_order")
