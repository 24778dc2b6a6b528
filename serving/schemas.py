"""API schemas, named by direction: ``*Request``/``*Create`` come in, ``*Public`` go out.

Each carries an example so the OpenAPI page shows a working request. Limits that answer
413 (text length, batch size) are checked in the routes, not here, because pydantic
would answer 422 and echo the input back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from referrals.contract import FoundSpan, Suggestion

ERROR_EMPTY_TEXT = "text is empty or whitespace only"

EXAMPLE_TEXT = (
    "School DSL reports that Jayden Okafor, aged 7, arrived hungry again and in the same "
    "clothes all week. Mum Sharon Okafor told staff she has no money for the meter."
)
Decision = Literal["accept", "reject", "add"]


class ReferralMetadata(BaseModel):
    """Optional codes about a referral (the council's own); stored, never scored."""

    model_config = ConfigDict(extra="forbid")

    referral_source: str | None = Field(default=None, max_length=200)
    authority: str | None = Field(default=None, max_length=200)
    case_id: str | None = Field(default=None, max_length=200)


class SuggestionRequest(BaseModel):
    """One referral: raw text, redacted on arrival; it is never stored as sent."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "text": EXAMPLE_TEXT, "known_identifiers": ["Jayden Okafor", "Sharon Okafor"],
            "metadata": {"referral_source": "school", "authority": "LA07"},
        }]},
    )

    text: str
    known_identifiers: list[str] | None = Field(
        default=None, max_length=50,
        description="Names, dates of birth, addresses from the referral form: redacted wherever they occur.",
    )
    metadata: ReferralMetadata | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(ERROR_EMPTY_TEXT)
        return value


class SuggestionBatchRequest(BaseModel):
    """Up to ``max_batch`` referrals (64 by default) redacted and scored together."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"referrals": [{"text": EXAMPLE_TEXT}]}]},
    )

    referrals: list[SuggestionRequest] = Field(min_length=1)


class ModelPublic(BaseModel):
    """Which model answered: registry name, version and alias (None for a bundle path)."""

    name: str | None
    version: str | None
    alias: str | None


class SuggestionPublic(BaseModel):
    """The redacted text as the model read it, its spans, and the model's suggestion."""

    id: str
    redacted_text: str
    redactions: list[FoundSpan]
    suggestion: Suggestion
    model: ModelPublic
    created_at: datetime


class SuggestionBatchPublic(BaseModel):
    """One SuggestionPublic per referral, in request order."""

    suggestions: list[SuggestionPublic]


class ReviewCreate(BaseModel):
    """A reviewer's decision on a suggestion.

    ``decisions`` maps concern ids to ``accept`` or ``reject`` (for suggested concerns) and
    ``add`` (for concerns the model did not suggest). A suggested concern left out counts
    as accepted. The comment is redacted before it is stored.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "decisions": {"neglect": "accept", "housing_or_financial": "add"},
            "need_level": "early_help", "comment": "Known to early help last year.",
        }]},
    )

    decisions: dict[str, Decision] = Field(default_factory=dict)
    need_level: str
    comment: str | None = Field(default=None, max_length=5_000)
    shown_at: datetime | None = Field(
        default=None, description="When the suggestion was shown; default: when it was made."
    )


class ReviewPublic(BaseModel):
    """A stored review, as recorded."""

    id: int
    suggestion_id: str
    outcome: Literal["accepted", "corrected", "rejected"]
    concerns: list[str]
    need_level: str
    redacted_comment: str | None
    model_version: str | None
    shown_at: datetime
    decided_at: datetime


class ErrorPublic(BaseModel):
    """Every error: one clear message, and the request id to quote to an administrator."""

    detail: str
    request_id: str | None = None
