"""Annotation projects choose their own queue order; flagged items can go back to the queue.

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
    """Add ``queue_order`` (NULL: the config's default) and ``requeued_at`` (NULL: never sent back)."""
    with op.batch_alter_table("annotation_projects") as batch:
        batch.add_column(sa.Column("queue_order", sa.String(20), nullable=True))
    with op.batch_alter_table("annotation_assignments") as batch:
        batch.add_column(sa.Column("requeued_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop both columns."""
    with op.batch_alter_table("annotation_assignments") as batch:
        batch.drop_column("requeued_at")
    with op.batch_alter_table("annotation_projects") as batch:
        batch.drop_column("queue_order")
