"""Reviews as training data: each reviewed suggestion becomes one contract record.

Serving and annotation both read reviews back this way, so the rules live here once:
the record's text is the redacted narrative the screener saw, its labels are the
screener's final concerns and need level (the newest review wins when a suggestion was
reviewed twice). The record's own ``provenance`` says it came from a review, by whom and
with what outcome; the fuller story (model version, decisions, times) travels beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from referrals.contract import FoundSpan, Provenance, Referral
from storage.database import as_utc
from storage.tables import Review, SuggestionRecord, User

METADATA_FIELDS = ("referral_source", "authority", "case_id")


@dataclass(frozen=True)
class ReviewedReferral:
    """One contract record ready for ``triage train`` and where its labels came from."""

    referral: Referral
    provenance: dict[str, Any]


def reviewed_referrals(session: Session, *, since: datetime | None = None) -> list[ReviewedReferral]:
    """Every reviewed suggestion as a labelled referral, oldest decision first."""
    query = (
        select(Review, SuggestionRecord, User)
        .join(SuggestionRecord, Review.suggestion_id == SuggestionRecord.id)
        .join(User, Review.reviewer_id == User.id)
        .order_by(Review.decided_at, Review.id)
    )
    if since is not None:
        query = query.where(Review.decided_at >= since)
    newest: dict[str, ReviewedReferral] = {}
    for review, record, reviewer in session.execute(query):
        newest.pop(record.id, None)
        newest[record.id] = ReviewedReferral(
            referral=_as_referral(review, record, reviewer),
            provenance=_provenance(review, record, reviewer),
        )
    return list(newest.values())


def _as_referral(review: Review, record: SuggestionRecord, reviewer: User) -> Referral:
    metadata = record.referral_metadata or {}
    return Referral(
        provenance=Provenance(kind="review", annotators=[reviewer.name], reason=review.outcome.value),
        id=record.id,
        text=record.redacted_text,
        concerns=list(review.concerns),
        need_level=review.need_level,
        received_at=as_utc(record.created_at),
        redactions=[FoundSpan.model_validate(span) for span in record.redactions],
        **{key: metadata[key] for key in METADATA_FIELDS if metadata.get(key)},
    )


def _provenance(review: Review, record: SuggestionRecord, reviewer: User) -> dict[str, Any]:
    return {
        "suggestion_id": record.id,
        "review_id": review.id,
        "reviewer": reviewer.name,
        "reviewer_role": reviewer.role.value,
        "outcome": review.outcome.value,
        "decisions": dict(review.decisions),
        "model_name": record.model_name,
        "model_version": review.model_version,
        "model_alias": record.model_alias,
        "suggested_need_level": record.suggestion.get("need_level", {}).get("id"),
        "shown_at": as_utc(review.shown_at).isoformat(),
        "decided_at": as_utc(review.decided_at).isoformat(),
    }
