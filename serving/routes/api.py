"""The JSON API: suggestions (single and batch), reviews, the review export, model reload."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from serving.deps import AdminDep, ExporterDep, ReviewerDep, StateDep, SuggesterDep
from serving.middleware import MODEL_SECONDS
from serving.model_holder import public_reason
from serving.schemas import (
    ErrorPublic,
    ModelPublic,
    ReviewCreate,
    ReviewPublic,
    SuggestionBatchPublic,
    SuggestionBatchRequest,
    SuggestionPublic,
    SuggestionRequest,
)
from serving.service import as_public, get_suggestion, make_suggestions, record_review
from serving.state import ServingState
from storage.database import as_utc
from storage.reviews import reviewed_referrals

ERROR_TEXT_TOO_LONG = "text has {length} characters; the limit is {limit}"
ERROR_BATCH_TOO_LARGE = "a batch holds at most {limit} referrals; got {count}"
ERROR_RELOAD = "reload failed ({reason}); still serving version {version}"

router = APIRouter(prefix="/v1")
ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorPublic, "description": text} for status, text in (
        (401, "no key, or a key that is not valid"), (403, "the key's role may not do this"),
        (413, "text, batch or body over the limit"), (415, "the body is not JSON"),
        (422, "invalid request (e.g. empty text)"), (429, "rate limit for this key"),
        (503, "model loading, or the service is busy"))
}


def check_text_limits(requests: Sequence[SuggestionRequest], state: ServingState) -> None:
    """413 for a narrative over ``max_text_chars`` (the length is named, the text is not)."""
    limit = state.settings.max_text_chars
    for request in requests:
        if len(request.text) > limit:
            raise HTTPException(413, ERROR_TEXT_TOO_LONG.format(length=len(request.text), limit=limit))


@router.post("/suggestions", response_model=SuggestionPublic, tags=["suggestions"],
             responses={**ERRORS}, summary="Redact one referral and suggest its concerns and need level")
async def create_suggestion(body: SuggestionRequest, state: StateDep, principal: SuggesterDep,
                            request: Request) -> SuggestionPublic:
    """The text is redacted first; only the redacted text and the suggestion are stored."""
    check_text_limits([body], state)
    made, request.scope[MODEL_SECONDS] = await make_suggestions(state, principal, [body])
    return made[0]


@router.post("/suggestions/batch", response_model=SuggestionBatchPublic, tags=["suggestions"],
             responses={**ERRORS}, summary="Redact and score up to 64 referrals at once")
async def create_suggestions(body: SuggestionBatchRequest, state: StateDep, principal: SuggesterDep,
                             request: Request) -> SuggestionBatchPublic:
    """One suggestion per referral, in order; faster per referral than single requests."""
    if len(body.referrals) > state.settings.max_batch:
        raise HTTPException(413, ERROR_BATCH_TOO_LARGE.format(
            limit=state.settings.max_batch, count=len(body.referrals)))
    check_text_limits(body.referrals, state)
    made, request.scope[MODEL_SECONDS] = await make_suggestions(state, principal, body.referrals)
    return SuggestionBatchPublic(suggestions=made)


@router.get("/suggestions/{suggestion_id}", response_model=SuggestionPublic, tags=["suggestions"],
            responses={**ERRORS, 404: {"model": ErrorPublic}}, summary="A stored suggestion")
def read_suggestion(suggestion_id: str, state: StateDep,
                    principal: ReviewerDep) -> SuggestionPublic:
    """The suggestion as it was shown (redacted text only)."""
    with state.database.session() as session:
        return as_public(get_suggestion(session, suggestion_id))


@router.post("/suggestions/{suggestion_id}/review", response_model=ReviewPublic, status_code=201,
             tags=["reviews"], responses={**ERRORS, 404: {"model": ErrorPublic}},
             summary="Record a reviewer's decision on a suggestion")
def create_review(suggestion_id: str, body: ReviewCreate, state: StateDep,
                  principal: ReviewerDep) -> ReviewPublic:
    """Per concern accept / reject / add, the need level chosen, and a comment (redacted)."""
    review = record_review(state, principal, suggestion_id, body)
    return ReviewPublic(
        id=review.id, suggestion_id=review.suggestion_id, outcome=review.outcome.value,
        concerns=review.concerns, need_level=review.need_level,
        redacted_comment=review.redacted_comment, model_version=review.model_version,
        shown_at=as_utc(review.shown_at), decided_at=as_utc(review.decided_at))


@router.get("/reviews", tags=["reviews"], responses={**ERRORS},
            summary="Export reviews as labelled referrals for triage train")
def export_reviews(
    state: StateDep, principal: ExporterDep,
    format: Annotated[Literal["json", "jsonl"], Query(description="jsonl: one contract record a line")] = "json",
    since: Annotated[datetime | None, Query(description="only reviews decided at or after this time")] = None,
) -> Response:
    """``jsonl`` is ready for ``triage train --data reviews=FILE``; provenance rides beside it.

    In ``json`` each item is ``{"referral": <contract record>, "provenance": {...}}``; in
    ``jsonl`` the records alone, with provenance in the ``X-Triage-Provenance`` header.
    """
    with state.database.session() as session:
        reviewed = reviewed_referrals(session, since=since)
    records = [item.referral.model_dump(mode="json", exclude_none=True) for item in reviewed]
    summary = {"exported": len(records), "scheme_version": state.scheme.version,
               "reviewers": sorted({item.provenance["reviewer"] for item in reviewed}),
               "model_versions": sorted({str(item.provenance["model_version"]) for item in reviewed})}
    if format == "jsonl":
        body = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        return Response(body, media_type="application/x-ndjson",
                        headers={"X-Triage-Provenance": json.dumps(summary)})
    items = [{"referral": record, "provenance": item.provenance}
             for record, item in zip(records, reviewed, strict=True)]
    return JSONResponse({"provenance": summary, "reviews": items})


@router.post("/admin/reload", response_model=ModelPublic, tags=["admin"], responses={**ERRORS},
             summary="Load the alias's current version and swap it in")
def reload_model(state: StateDep, principal: AdminDep) -> ModelPublic:
    """Requests already running finish on the old model; new ones get the new one."""
    old = state.models.current() if state.models.ready else None
    try:
        model = state.models.load()
    except Exception as error:  # noqa: BLE001 - the old model keeps serving
        version = old.version if old else "none"
        raise HTTPException(503, ERROR_RELOAD.format(reason=public_reason(error), version=version)) from None
    state.metrics.model_info.clear()
    state.metrics.model_info.labels(model.name or "", model.version or "", model.alias or "").set(1)
    return ModelPublic(name=model.name, version=model.version, alias=model.alias)
