"""The tables: users with hashed API keys, suggestions as shown, and reviews as decided.

A suggestion row keeps the redacted narrative, the redaction spans and the full
``Suggestion`` the model returned, with the model's name, version and alias, so a review
can always be traced to the exact model that prompted it. A review row keeps the
screener's per-category decisions, the need level chosen and a redacted comment, with
the time the suggestion was shown and the time it was decided. Nothing here holds raw
text: the columns are named ``redacted_*`` so a reader never has to guess.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utc_now() -> datetime:
    """Timezone-aware now; every timestamp is stored in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of every table the project stores."""


class Role(enum.StrEnum):
    """What a key may do. Each role sees only what it needs."""

    SCREENER = "screener"
    ANNOTATOR = "annotator"
    ADJUDICATOR = "adjudicator"
    EVALUATOR = "evaluator"
    ADMIN = "admin"


class ReviewOutcome(enum.StrEnum):
    """How a review relates to the suggestion it answered."""

    ACCEPTED = "accepted"
    CORRECTED = "corrected"
    REJECTED = "rejected"


class User(Base):
    """A person or system with an API key; only the key's SHA-256 is kept."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    key_prefix: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class SuggestionRecord(Base):
    """One referral as the service read it (redacted) and what the model suggested."""

    __tablename__ = "suggestions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    redacted_text: Mapped[str] = mapped_column(Text)
    redactions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    suggestion: Mapped[dict[str, Any]] = mapped_column(JSON)
    referral_metadata: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    model_name: Mapped[str | None] = mapped_column(String(200))
    model_version: Mapped[str | None] = mapped_column(String(100))
    model_alias: Mapped[str | None] = mapped_column(String(100))
    reviews: Mapped[list[Review]] = relationship(back_populates="suggestion_record")

    __table_args__ = (Index("ix_suggestions_created_at", "created_at"),)


class Review(Base):
    """A person's decision on one suggestion: per-category decisions and the need level."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[str] = mapped_column(ForeignKey("suggestions.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decisions: Mapped[dict[str, str]] = mapped_column(JSON)
    """concern id -> ``accept``, ``reject`` (suggested ones) or ``add`` (not suggested)."""
    concerns: Mapped[list[str]] = mapped_column(JSON)
    """The concerns the reviewer settled on: accepted plus added."""
    need_level: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[ReviewOutcome] = mapped_column(Enum(ReviewOutcome, native_enum=False, length=20))
    redacted_comment: Mapped[str | None] = mapped_column(Text)
    model_version: Mapped[str | None] = mapped_column(String(100))
    shown_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    suggestion_record: Mapped[SuggestionRecord] = relationship(back_populates="reviews")


# --- annotation projects (revision 0002) ---------------------------------------------------
#
# A project holds redacted items (never their gold labels: an annotator must not see them, and
# a file's labels are what annotation is meant to check), who is assigned which, their answers
# and the adjudicators' resolutions. Annotators are names; ``*_user_id`` links a name to a
# user with a key when one exists, so the pages can later check who is answering.


class AnnotationProject(Base):
    """One labelling effort: its guideline and the shares that shape assignment."""

    __tablename__ = "annotation_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    guideline_path: Mapped[str | None] = mapped_column(String(1000))
    guideline_version: Mapped[str | None] = mapped_column(String(100))
    overlap: Mapped[float] = mapped_column(Float)
    decide_first: Mapped[float] = mapped_column(Float)
    queue_order: Mapped[str | None] = mapped_column(String(20))
    """``uncertainty`` or ``random`` (revision 0003); NULL means the annotation config's default."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class AnnotationItem(Base):
    """A redacted narrative to label; ``item_id`` is the referral's id in the imported file."""

    __tablename__ = "annotation_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("annotation_projects.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(200))
    redacted_text: Mapped[str] = mapped_column(Text)
    redactions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    referral_metadata: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    __table_args__ = (UniqueConstraint("project_id", "item_id", name="uq_annotation_items_project_item"),)


class AnnotationAssignment(Base):
    """One item for one annotator, in suggestion-first or decide-first mode."""

    __tablename__ = "annotation_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_pk: Mapped[int] = mapped_column(ForeignKey("annotation_items.id"), index=True)
    annotator: Mapped[str] = mapped_column(String(200))
    annotator_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    mode: Mapped[str] = mapped_column(String(20))
    overlap: Mapped[bool] = mapped_column(default=False)
    requeued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """Sent back to be labelled again (a likely wrong label, revision 0003); an older answer no longer counts."""

    __table_args__ = (UniqueConstraint("item_pk", "annotator", name="uq_annotation_assignments_item_annotator"),)


class AnnotationAnswer(Base):
    """An annotator's answer; a later answer by the same person on the same item replaces it."""

    __tablename__ = "annotation_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_pk: Mapped[int] = mapped_column(ForeignKey("annotation_items.id"), index=True)
    annotator: Mapped[str] = mapped_column(String(200))
    annotator_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    concerns: Mapped[list[str]] = mapped_column(JSON)
    need_level: Mapped[str | None] = mapped_column(String(100))
    not_enough_information: Mapped[bool] = mapped_column(default=False)
    needs_discussion: Mapped[bool] = mapped_column(default=False)
    mode: Mapped[str] = mapped_column(String(20))
    suggestion_shown: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    before_suggestion: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    seconds: Mapped[float | None] = mapped_column(Float)
    guideline_version: Mapped[str | None] = mapped_column(String(100))
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    __table_args__ = (UniqueConstraint("item_pk", "annotator", name="uq_annotation_answers_item_annotator"),)


class AnnotationAdjudication(Base):
    """The settled label of an item, who settled it and why (the reason is redacted)."""

    __tablename__ = "annotation_adjudications"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_pk: Mapped[int] = mapped_column(ForeignKey("annotation_items.id"))
    adjudicator: Mapped[str] = mapped_column(String(200))
    adjudicator_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    concerns: Mapped[list[str]] = mapped_column(JSON)
    need_level: Mapped[str] = mapped_column(String(100))
    redacted_reason: Mapped[str] = mapped_column(Text)
    guideline_version: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    __table_args__ = (UniqueConstraint("item_pk", name="uq_annotation_adjudications_item"),)
