"""Annotation projects: items (redacted), assignments, answers and adjudications.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _user(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("users.id"), nullable=True)


def _item() -> sa.Column[Any]:
    return sa.Column("item_pk", sa.Integer(), sa.ForeignKey("annotation_items.id"), nullable=False)


def upgrade() -> None:
    """Create the annotation tables (no existing table changes)."""
    op.create_table(
        "annotation_projects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("guideline_path", sa.String(1000), nullable=True),
        sa.Column("guideline_version", sa.String(100), nullable=True),
        sa.Column("overlap", sa.Float(), nullable=False),
        sa.Column("decide_first", sa.Float(), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "annotation_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("annotation_projects.id"), nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("redacted_text", sa.Text(), nullable=False),
        sa.Column("redactions", sa.JSON(), nullable=False),
        sa.Column("referral_metadata", sa.JSON(), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("project_id", "item_id", name="uq_annotation_items_project_item"),
    )
    op.create_index("ix_annotation_items_project_id", "annotation_items", ["project_id"])
    op.create_table(
        "annotation_assignments",
        sa.Column("id", sa.Integer(), primary_key=True),
        _item(),
        sa.Column("annotator", sa.String(200), nullable=False),
        _user("annotator_user_id"),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("overlap", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("item_pk", "annotator", name="uq_annotation_assignments_item_annotator"),
    )
    op.create_index("ix_annotation_assignments_item_pk", "annotation_assignments", ["item_pk"])
    _answers_and_adjudications()


def _answers_and_adjudications() -> None:
    op.create_table(
        "annotation_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        _item(),
        sa.Column("annotator", sa.String(200), nullable=False),
        _user("annotator_user_id"),
        sa.Column("concerns", sa.JSON(), nullable=False),
        sa.Column("need_level", sa.String(100), nullable=True),
        sa.Column("not_enough_information", sa.Boolean(), nullable=False),
        sa.Column("needs_discussion", sa.Boolean(), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("suggestion_shown", sa.JSON(), nullable=True),
        sa.Column("before_suggestion", sa.JSON(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("guideline_version", sa.String(100), nullable=True),
        _when("answered_at"),
        sa.UniqueConstraint("item_pk", "annotator", name="uq_annotation_answers_item_annotator"),
    )
    op.create_index("ix_annotation_answers_item_pk", "annotation_answers", ["item_pk"])
    op.create_table(
        "annotation_adjudications",
        sa.Column("id", sa.Integer(), primary_key=True),
        _item(),
        sa.Column("adjudicator", sa.String(200), nullable=False),
        _user("adjudicator_user_id"),
        sa.Column("concerns", sa.JSON(), nullable=False),
        sa.Column("need_level", sa.String(100), nullable=False),
        sa.Column("redacted_reason", sa.Text(), nullable=False),
        sa.Column("guideline_version", sa.String(100), nullable=True),
        _when("decided_at"),
        sa.UniqueConstraint("item_pk", name="uq_annotation_adjudications_item"),
    )


def downgrade() -> None:
    """Drop the annotation tables."""
    op.drop_table("annotation_adjudications")
    op.drop_index("ix_annotation_answers_item_pk", table_name="annotation_answers")
    op.drop_table("annotation_answers")
    op.drop_index("ix_annotation_assignments_item_pk", table_name="annotation_assignments")
    op.drop_table("annotation_assignments")
    op.drop_index("ix_annotation_items_project_id", table_name="annotation_items")
    op.drop_table("annotation_items")
    op.drop_table("annotation_projects")
