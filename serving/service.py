"""What the service does, without HTTP: redact, suggest, store; record and read reviews.

Raw text exists only inside :func:`make_suggestions`: it is redacted under the model
gate, and only the redacted text, its spans and the suggestion are stored and returned.
A review's comment is redacted the same way before it is stored. Routes and the page
both call these functions, so the API and the page cannot drift apart.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from referrals.contract import FoundSpan, Suggestion
from referrals.errors import TriageError
from referrals.redaction.engine import RedactionResult, Redactor
from serving.model_holder import ServedModel
from serving.schemas import ModelPublic, ReviewCreate, SuggestionPublic, SuggestionRequest
from serving.state import ServingState
from storage.database import as_utc
from storage.tables import Review, ReviewOutcome, SuggestionRecord, utc_now
from web.security import Principal

ERROR_UNKNOWN_SUGGESTION = "no suggestion with id {id!r}"
ERROR_UNKNOWN_LEVEL = "unknown need level {value!r}; allowed: {allowed}"
ERROR_UNKNOWN_CONCERN = "unknown concern id(s) {ids}; allowed: {allowed}"
ERROR_DECISION = "{id}: {decision!r} is not allowed for a concern the model {did} suggest; use {allowed}"
ERROR_SHOWN_AT = "shown_at must lie between the suggestion's creation and now"


class UnknownSuggestion(TriageError):
    """No stored suggestion has that id (404)."""


class BadReview(TriageError):
    """A review that contradicts the suggestion or the label scheme (422)."""


async def make_suggestions(
    state: ServingState, principal: Principal, requests: Sequence[SuggestionRequest]
) -> tuple[list[SuggestionPublic], float]:
    """Redact and score the referrals, store what was shown, and return it.

    The model thread may score these referrals in one call with other requests' (see
    :meth:`serving.limits.AdmissionGate.run_together`); each request gets back
    exactly its own. The route awaits the model thread on the event loop, so no pool
    thread is held while the model works. The store that follows runs in the thread
    pool: a slow or unreachable database must not stall the event loop, and with it
    ``/healthz`` and every other request. Also returns the seconds the redact-and-suggest
    call took on the model thread (the ``Server-Timing`` header's ``model`` entry: what
    HTTP and storage add is the rest).
    """
    model = state.models.current()
    redactor = state.require_redactor()
    timed = await state.gate.run_together(
        (id(model), id(redactor)), partial(redact_and_suggest, model, redactor), requests)
    scored = [(result, suggestion) for result, suggestion, _ in timed]
    model_seconds = max((seconds for _, _, seconds in timed), default=0.0)
    stored = await run_in_threadpool(store_suggestions, state, principal, requests, model, scored)
    return stored, model_seconds


def store_suggestions(
    state: ServingState, principal: Principal, requests: Sequence[SuggestionRequest],
    model: ServedModel, scored: Sequence[tuple[RedactionResult, Suggestion]],
) -> list[SuggestionPublic]:
    """Store what was shown (redacted text, spans, suggestion; never the raw text) and return it."""
    redacted = [result for result, _ in scored]
    suggestions = [suggestion for _, suggestion in scored]
    model_public = ModelPublic(name=model.name, version=model.version, alias=model.alias)
    records = [
        _record(principal, request, result, suggestion, model_public)
        for request, result, suggestion in zip(requests, redacted, suggestions, strict=True)
    ]
    with state.database.session() as session:
        session.add_all(records)
    for suggestion in suggestions:
        state.metrics.suggestions.labels(suggestion.need_level.id).inc()
        if suggestion.need_level.abstain:
            state.metrics.abstained.inc()
    return [
        SuggestionPublic(id=record.id, redacted_text=result.text, redactions=result.spans,
                         suggestion=suggestion, model=model_public, created_at=record.created_at)
        for record, result, suggestion in zip(records, redacted, suggestions, strict=True)
    ]


def redact_and_suggest(
    model: ServedModel, redactor: Redactor, requests: Sequence[SuggestionRequest]
) -> list[tuple[RedactionResult, Suggestion, float]]:
    """Redact each referral and score the redacted texts, one result per referral in order,
    each with the whole call's duration in seconds (for ``Server-Timing``).

    Runs on the model thread. A referral gets the same result alone or in a batch, so the
    gate may put several requests' referrals through one call.
    """
    started = time.perf_counter()
    if len(requests) == 1:
        redacted = [redactor.redact(requests[0].text, requests[0].known_identifiers)]
    else:
        redacted = list(redactor.redact_many(
            [request.text for request in requests],
            [request.known_identifiers for request in requests]))
    suggestions = model.bundle.suggest([result.text for result in redacted])
    seconds = time.perf_counter() - started
    return [(result, suggestion, seconds) for result, suggestion in zip(redacted, suggestions, strict=True)]


def _record(
    principal: Principal, request: SuggestionRequest, result: RedactionResult,
    suggestion: Suggestion, model: ModelPublic,
) -> SuggestionRecord:
    metadata = request.metadata.model_dump(exclude_none=True) if request.metadata else {}
    return SuggestionRecord(
        id=uuid.uuid4().hex, created_at=utc_now(), requested_by=principal.id,
        redacted_text=result.text, redactions=[span.model_dump() for span in result.spans],
        suggestion=suggestion.model_dump(mode="json"), referral_metadata=metadata,
        model_name=model.name, model_version=model.version, model_alias=model.alias,
    )


def as_public(record: SuggestionRecord) -> SuggestionPublic:
    """The API shape of a stored suggestion."""
    return SuggestionPublic(
        id=record.id, redacted_text=record.redacted_text,
        redactions=[FoundSpan.model_validate(span) for span in record.redactions],
        suggestion=Suggestion.model_validate(record.suggestion),
        model=ModelPublic(name=record.model_name, version=record.model_version, alias=record.model_alias),
        created_at=as_utc(record.created_at),
    )


def get_suggestion(session: Session, suggestion_id: str) -> SuggestionRecord:
    """A stored suggestion, or UnknownSuggestion."""
    record = session.get(SuggestionRecord, suggestion_id[:64])
    if record is None:
        raise UnknownSuggestion(ERROR_UNKNOWN_SUGGESTION.format(id=suggestion_id[:64]))
    return record


def next_in_queue(session: Session) -> SuggestionRecord | None:
    """The oldest suggestion nobody has reviewed yet."""
    reviewed = select(Review.suggestion_id)
    query = (select(SuggestionRecord).where(SuggestionRecord.id.not_in(reviewed))
             .order_by(SuggestionRecord.created_at, SuggestionRecord.id).limit(1))
    return session.scalar(query)


@dataclass(frozen=True)
class SettledReview:
    """A review checked against its suggestion: final concerns and its outcome."""

    decisions: dict[str, str]
    concerns: list[str]
    outcome: ReviewOutcome


def settle(record: SuggestionRecord, review: ReviewCreate, concern_ids: Sequence[str],
           level_ids: Sequence[str]) -> SettledReview:
    """Check decisions against what was suggested and work out the outcome."""
    unknown = sorted(set(review.decisions) - set(concern_ids))
    if unknown:
        raise BadReview(ERROR_UNKNOWN_CONCERN.format(ids=", ".join(unknown), allowed=", ".join(concern_ids)))
    if review.need_level not in level_ids:
        raise BadReview(ERROR_UNKNOWN_LEVEL.format(value=review.need_level, allowed=", ".join(level_ids)))
    suggested = [c["id"] for c in record.suggestion["concerns"] if c["suggested"]]
    decisions = {concern: "accept" for concern in suggested}
    for concern, decision in review.decisions.items():
        was_suggested = concern in suggested
        if (decision == "add") == was_suggested:
            allowed = "accept or reject" if was_suggested else "add"
            raise BadReview(ERROR_DECISION.format(id=concern, decision=decision,
                                                  did="did" if was_suggested else "did not", allowed=allowed))
        decisions[concern] = decision
    concerns = [c for c in concern_ids if decisions.get(c) in ("accept", "add")]
    same_level = review.need_level == record.suggestion["need_level"]["id"]
    values = set(decisions.values())
    if values <= {"accept"} and same_level:
        outcome = ReviewOutcome.ACCEPTED
    elif suggested and all(decisions[c] == "reject" for c in suggested) and not same_level:
        outcome = ReviewOutcome.REJECTED
    else:
        outcome = ReviewOutcome.CORRECTED
    return SettledReview(decisions=decisions, concerns=concerns, outcome=outcome)


def record_review(
    state: ServingState, principal: Principal, suggestion_id: str, review: ReviewCreate
) -> Review:
    """Store a reviewer's decision (comment redacted first) and count it in the metrics."""
    comment = None
    if review.comment and review.comment.strip():
        redactor, text = state.require_redactor(), review.comment
        comment = state.gate.run(lambda: redactor.redact(text).text)
    scheme = state.scheme
    with state.database.session() as session:
        record = get_suggestion(session, suggestion_id)
        settled = settle(record, review, scheme.concern_ids, scheme.need_level_ids)
        created = as_utc(record.created_at)
        decided = utc_now()
        shown = as_utc(review.shown_at) if review.shown_at else created
        if not created <= shown <= decided:
            raise BadReview(ERROR_SHOWN_AT)
        stored = Review(
            suggestion_id=record.id, reviewer_id=principal.id, decisions=settled.decisions,
            concerns=settled.concerns, need_level=review.need_level, outcome=settled.outcome,
            redacted_comment=comment, model_version=record.model_version,
            shown_at=shown, decided_at=decided,
        )
        session.add(stored)
        session.flush()
        suggested_level = record.suggestion["need_level"]["id"]
    state.metrics.reviews.labels(settled.outcome.value).inc()
    for decision in settled.decisions.values():
        state.metrics.concern_decisions.labels(decision).inc()
    state.metrics.need_level_agreement.labels(str(review.need_level == suggested_level).lower()).inc()
    return stored


def shown_time(value: str | None) -> datetime | None:
    """Parse the page's hidden ``shown_at`` field (ISO 8601), or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
